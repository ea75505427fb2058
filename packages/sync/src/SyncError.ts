/**
 * The errors of a sync besides the client's, the streams' and the database's own.
 *
 * @since 0.1.0
 */
import type { LiveChatError } from "@effect-livechat/core"
import type { StreamError } from "@effect-livechat/streams"
import { Data, Schema } from "effect"
import type { Resource, Summary } from "./Sync.js"

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

/**
 * A run lost the lock of a resource while it ran, and stopped: the lock row names another owner
 * (a sync that took it over once its lease had run out — this run stalled for longer than its
 * `lockLease`), or its lease could not be renewed (the database failed). Every batch is written in
 * a transaction that first checks the lock, so nothing was written without it; what the run had
 * committed stays, and the next run resumes from there.
 *
 * Lock rows are the locks of SQLite and other databases without advisory locks; PostgreSQL's
 * advisory locks belong to the run's connection, which writes everything, so they cannot be lost
 * without its writes failing too.
 *
 * @since 0.1.0
 * @category errors
 */
export class LockLost extends Schema.TaggedError<LockLost>("@effect-livechat/sync/LockLost")("LockLost", {
  /** The resource whose lock was lost (`chats`, `agents`, …). */
  resource: Schema.String,
  /** What happened: who holds the lock now, or why it could not be renewed. */
  reason: Schema.String,
  /** The database's error, when the lease could not be renewed. */
  cause: Schema.optional(Schema.Defect)
}) {
  get message(): string {
    return `the sync lost its lock of ${this.resource} (${this.reason}) and stopped; nothing was written ` +
      `without the lock: run again`
  }
}

/**
 * The database cannot be used: `Sync.layerSqlite`'s file cannot be opened (a missing directory,
 * no permission, not a database), `Sync.layerPg`'s server cannot be reached or refuses the
 * connection, or no connection was had within the connect timeout (the server does not answer, or
 * every connection of the pool is in use).
 *
 * Its `message` is one line naming the database — a SQLite file's path, or a PostgreSQL URL with
 * its password replaced by `***` — and the driver's reason, without any password.
 *
 * @since 0.1.0
 * @category errors
 */
export class DatabaseUnavailable extends Schema.TaggedError<DatabaseUnavailable>(
  "@effect-livechat/sync/DatabaseUnavailable"
)("DatabaseUnavailable", {
  /** The database, as it can be shown: `SQLite file <path>` or `PostgreSQL <URL without its password>`. */
  database: Schema.String,
  /** Why, in one line (the driver's words, any password removed). */
  reason: Schema.String,
  /** The driver's error. */
  cause: Schema.optional(Schema.Defect)
}) {
  get message(): string {
    return `cannot use the database ${this.database}: ${this.reason}`
  }
}

/**
 * A resource the run could not mirror, and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResourceFailure {
  /** The resource (`groups`, `chats`, …). */
  readonly resource: Resource
  /** What the API or the stream failed with (`NotFound`, `Forbidden`, `ArchiveMismatch`, …). */
  readonly error: LiveChatError | StreamError
}

/**
 * Some resources could not be mirrored: the server refused them (a `404` on `/groups` for a license
 * without groups, a `403` for an agent without the rights) or they could not be read exactly. The
 * run went on with every other resource and committed them, as `summary` tells; `failures` names
 * each resource left out and the error it failed with. Their mirror is as the last successful run
 * left it; the next run tries them again.
 *
 * Failures of the database or the lock still stop the run at once: they are not a resource's.
 *
 * @since 0.1.0
 * @category errors
 */
export class SyncIncomplete extends Data.TaggedError("SyncIncomplete")<{
  /** What the run did for the resources it mirrored. */
  readonly summary: Summary
  /** The resources it could not mirror, in the order they were tried, each with its error. */
  readonly failures: ReadonlyArray<ResourceFailure>
}> {
  get message(): string {
    const n = this.failures.length
    return `${n} resource${n === 1 ? "" : "s"} could not be mirrored (` +
      this.failures.map((f) => `${f.resource}: ${f.error._tag}: ${f.error.message}`).join("; ") +
      `); ${this.summary.resources.length} other${this.summary.resources.length === 1 ? " was" : "s were"}`
  }
}
