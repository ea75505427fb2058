/**
 * The errors of a streamed run over an archive.
 *
 * @since 0.1.0
 */
import { LiveChatError } from "@effect-livechat/core"
import { Schema } from "effect"
import { Checkpoint } from "./Checkpoint.js"

/**
 * A window of a run: a range of whole days, written as the API's `date_from` / `date_to` filters
 * (`YYYY-MM-DD`, both inclusive, read by the server in the license's time zone or the run's
 * `timezone`), and what the server reported for it.
 *
 * @since 0.1.0
 * @category models
 */
export const Window = Schema.Struct({
  /** The first day; `null`: the filter is left out (the beginning of time, or the run's own start). */
  from: Schema.NullOr(Schema.String),
  /** The last day; `null`: the filter is left out (the server's default, today). */
  to: Schema.NullOr(Schema.String),
  /** The records the server reported in the window when the run planned it. */
  total: Schema.Number,
  /** The pages of one reading of the window. */
  pages: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export type Window = typeof Window.Type

const describe = (window: { readonly from: string | null; readonly to: string | null }) =>
  window.from !== null && window.from === window.to
    ? `the day ${window.from}`
    : `the days from ${window.from ?? "the beginning of time"} to ${window.to ?? "today"}`

/**
 * A page could not be read, even after the client's retries: `error` is the client's typed
 * error, and `checkpoint` resumes the run exactly where it stopped.
 *
 * @since 0.1.0
 * @category errors
 */
export class PageFailed extends Schema.TaggedError<PageFailed>("@effect-livechat/streams/PageFailed")("PageFailed", {
  window: Window,
  page: Schema.Number,
  error: LiveChatError,
  checkpoint: Checkpoint
}) {
  get message(): string {
    return `read ${this.page} of ${describe(this.window)} failed: ${this.error.message}`
  }
}

/**
 * More records than the record cap fall within a window no documented date filter can split: one
 * day of chats (the filters are days), or a ticket run (a ticket matches every day it had any
 * activity on, so days do not split tickets). Reading it would lose records, so the run stops
 * there instead, after the windows before it; `checkpoint` is that of the last record emitted.
 *
 * To read such a day, split it with a filter the reference documents as a partition and run each
 * part: chats with `tagged: "1"` and `tagged: "0"` (with any tag / without one), tickets by
 * `status` (`open`, `pending`, `solved`, `spam`).
 *
 * @since 0.1.0
 * @category errors
 */
export class WindowTooDense extends Schema.TaggedError<WindowTooDense>("@effect-livechat/streams/WindowTooDense")(
  "WindowTooDense",
  { window: Window, recordCap: Schema.Number, checkpoint: Schema.optional(Checkpoint) }
) {
  get message(): string {
    return `${this.window.total} records fall within ${describe(this.window)}, more than the record cap of ` +
      `${this.recordCap}, and no date filter can split it: split the run with a filter that partitions ` +
      `it (chats: tagged=1 and tagged=0; tickets: each status) and run each part`
  }
}

/**
 * A window whose completeness the run could not prove: records kept entering or leaving it while
 * it was read, and the bounded re-reads (`maxRepairs` rounds) did not bring two readings that
 * agree. `expected` is the total the server reported when the window was planned, `emitted` the
 * records the run emitted from it; `checkpoint` resumes the run after the last record emitted.
 * Raised by default; with `consistency: "warn"` the run logs it, counts it in the progress and
 * goes on.
 *
 * @since 0.1.0
 * @category errors
 */
export class ArchiveMismatch extends Schema.TaggedError<ArchiveMismatch>("@effect-livechat/streams/ArchiveMismatch")(
  "ArchiveMismatch",
  { window: Window, expected: Schema.Number, emitted: Schema.Number, checkpoint: Checkpoint }
) {
  get message(): string {
    return `${describe(this.window)} could not be read exactly while the archive changed: ` +
      `the server reported ${this.expected} records when it was planned, the run emitted ${this.emitted}; ` +
      `resume from the checkpoint to try again`
  }
}

/**
 * Every error of a streamed run besides the client's own (which planning requests may fail with).
 *
 * @since 0.1.0
 * @category errors
 */
export type StreamError = PageFailed | WindowTooDense | ArchiveMismatch
