/**
 * The errors of a sync besides the client's, the streams' and the database's own.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Another sync of the same resource into the same database is running: two syncs never interleave.
 * Raised at once with `onLocked: "fail"` (the default); with `onLocked: "wait"` the sync waits for
 * the other one instead.
 *
 * @since 0.1.0
 * @category errors
 */
export class SyncLocked extends Schema.TaggedError<SyncLocked>("@effect-livechat/sync/SyncLocked")("SyncLocked", {
  /** The resource whose lock is held (`chats`, `agents`, …). */
  resource: Schema.String,
  /** Who holds it, as far as the database tells. */
  holder: Schema.String
}) {
  get message(): string {
    return `another sync of ${this.resource} into this database is running (held by ${this.holder}); ` +
      `it was left alone: run again once it has finished, or pass onLocked: "wait"`
  }
}
