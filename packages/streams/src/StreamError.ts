/**
 * The errors of a streamed run over an archive.
 *
 * @since 0.1.0
 */
import { LiveChatError } from "@effect-livechat/core"
import { Schema } from "effect"
import { Checkpoint } from "./Checkpoint.js"

/**
 * A time window of a run: `[from, to)` in unix seconds, and what the server reported for it.
 *
 * @since 0.1.0
 * @category models
 */
export const Window = Schema.Struct({
  from: Schema.Number,
  to: Schema.Number,
  /** The records the server reported in the window when the run planned it. */
  total: Schema.Number,
  /** The pages the window is read in. */
  pages: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export type Window = typeof Window.Type

const describe = (window: { readonly from: number; readonly to: number }) =>
  `[${new Date(window.from * 1000).toISOString()}, ${new Date(window.to * 1000).toISOString()})`

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
    return `page ${this.page} of the window ${describe(this.window)} failed: ${this.error.message}`
  }
}

/**
 * More records than the record cap fall within one second: the window cannot be split further,
 * and reading it would lose records, so the run stops instead.
 *
 * @since 0.1.0
 * @category errors
 */
export class WindowTooDense extends Schema.TaggedError<WindowTooDense>("@effect-livechat/streams/WindowTooDense")(
  "WindowTooDense",
  { window: Window, recordCap: Schema.Number }
) {
  get message(): string {
    return `${this.window.total} records fall within ${
      describe(this.window)
    }, more than the record cap of ${this.recordCap}: ` +
      `the window cannot be split further without losing records`
  }
}

/**
 * A window whose completeness the run could not prove: records kept entering or leaving it while
 * it was read, and the bounded repairs (re-reads anchored at the last record proven) did not close
 * the gap. `expected` is the total the server reported when the window was planned, `emitted` the
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
    return `the window ${describe(this.window)} could not be read exactly while the archive changed: ` +
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
