/**
 * Mirrors a LiveChat license into a SQL database through `@effect/sql`: chats and tickets
 * incrementally, agents, groups, goals, canned responses, greetings, tags and webhooks as full
 * snapshots, exactly once across crashes.
 *
 * - **Exactly once**: records are written in batches; each batch and the checkpoint that covers it
 *   are committed in one transaction. A process killed at any instant resumes from the last
 *   committed checkpoint; upserts are idempotent, so anything read again is harmless.
 * - **Incremental**: a resource's cursor is the newest day its last complete run read records of;
 *   the next run reads every record from the cursor less a look-back (`lookback`, default 2 days)
 *   that covers chats entering the archive when they end and tickets that change. Chats are read
 *   in UTC days (the sync sends `timezone: "UTC"`, so that a chat's stored start tells its day);
 *   tickets through the change feed the reference documents (`order: "asc"`, by last
 *   modification, every ticket with any activity since the day; a day more of look-back, as those
 *   days are the license's).
 * - **Audited**: after a run, the server's count of chats in every range of days is compared with
 *   the mirror's and only the days that differ are read again; and a few past days (`verifyDays`)
 *   are read again whatever the counts, further back each run, so that an arrival and a removal
 *   that leave the counts equal are found within a bounded number of runs. Tickets are counted by
 *   status. A record is marked deleted only when the server answers that it has none (404).
 * - **One at a time**: each resource is locked for the run (a PostgreSQL advisory lock; a lock row
 *   elsewhere); a second sync fails with `SyncLocked`, or waits with `onLocked: "wait"`.
 *
 * @since 0.1.0
 */
import {
  type Chat,
  Days,
  InvalidInput,
  type LiveChatClient,
  type LiveChatError,
  type Ticket
} from "@effect-livechat/core"
import {
  Agents,
  Archives as ArchivesApi,
  CannedResponses,
  Goals,
  Greetings,
  Groups,
  Tags,
  Tickets as TicketsApi,
  Webhooks
} from "@effect-livechat/resources"
import { Archives, type Checkpoint, type Progress, type StreamError, Tickets } from "@effect-livechat/streams"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import type { MigrationError } from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Chunk, Clock, Context, Duration, Effect, Layer, Stream } from "effect"
import * as Lock from "./internal/lock.js"
import * as Store from "./internal/store.js"
import * as Tables from "./internal/tables.js"
import * as Migrations from "./Migrations.js"
import type { SyncLocked } from "./SyncError.js"

/**
 * What can be mirrored: `chats` and `tickets` (incremental), and the snapshot resources.
 *
 * @since 0.1.0
 * @category models
 */
export type Resource =
  | "chats"
  | "tickets"
  | "agents"
  | "groups"
  | "goals"
  | "canned_responses"
  | "greetings"
  | "tags"
  | "webhooks"

/**
 * Every resource, in the order a run syncs them.
 *
 * @since 0.1.0
 * @category constants
 */
export const resources: ReadonlyArray<Resource> = [
  "agents",
  "groups",
  "goals",
  "canned_responses",
  "greetings",
  "tags",
  "webhooks",
  "chats",
  "tickets"
]

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** What to mirror. Default: every resource. */
  readonly resources?: ReadonlyArray<Resource> | undefined
  /** Where the chats and tickets start on the first run: a day, `YYYY-MM-DD` (chats' days in UTC). Default: all. */
  readonly since?: string | undefined
  /**
   * How far before the cursor (the newest day the last run read) a later run reads again: chats
   * that ended late, tickets modified since. Whole days (rounded up). Default 2 days.
   */
  readonly lookback?: Duration.DurationInput | undefined
  /**
   * Past days of chats each run reads again whatever the audit's counts say, going back a little
   * further each run: every day is read again within `ceil(days mirrored / verifyDays)` runs (an
   * arrival and a removal within one range leave the counts equal). 0 turns it off. Default 7.
   */
  readonly verifyDays?: number | undefined
  /** Records per transaction. Default 500. */
  readonly batchSize?: number | undefined
  /** Pages read ahead at once (see the streams' `concurrency`). Default 4. */
  readonly concurrency?: number | undefined
  /** The server's record cap (see the streams' `recordCap`). Default 100000. */
  readonly recordCap?: number | undefined
  /** When another sync of a resource runs: fail with `SyncLocked` (default) or wait for it. */
  readonly onLocked?: "fail" | "wait" | undefined
  /** Compare the counts of chats (and of tickets by status) of every range with the server's and read again those that differ. Default `true`. */
  readonly audit?: boolean | undefined
  /** Progress trackers for the chats and tickets streams (see the streams' `Progress.make`). */
  readonly progress?:
    | { readonly chats?: Progress.Progress | undefined; readonly tickets?: Progress.Progress | undefined }
    | undefined
}

/**
 * What a run did for one resource.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResourceSummary {
  readonly resource: Resource
  /** `full` (first run), `incremental`, `resumed` (continued an interrupted run) or `snapshot`. */
  readonly mode: "full" | "incremental" | "resumed" | "snapshot"
  /** The day the run started reading from (`YYYY-MM-DD`; `null`: from the beginning, or resumed), for chats and tickets. */
  readonly from: string | null
  /** Records read and written (upserted). */
  readonly written: number
  /** Records marked deleted. */
  readonly deleted: number
  /** Records read again by the audit, where the server's counts differed from the mirror's. */
  readonly audited: number
  /** Records read again by the rolling re-verification of past days (see `verifyDays`). */
  readonly reverified: number
  /** The cursor after the run: the newest day it read records of (`YYYY-MM-DD`), for chats and tickets. */
  readonly cursor: string | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly resources: ReadonlyArray<ResourceSummary>
}

/**
 * Everything a run can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type SyncError = LiveChatError | StreamError | SyncLocked | SqlError | MigrationError

interface Context {
  readonly run: number
  readonly now: number
  readonly options: Options
}

const batchSizeOf = (options: Options) => options.batchSize ?? 500
/** A range of days the audit reads again rather than narrows down further. */
const rereadBelow = 100

type Filters = Readonly<Record<string, string>>

/** What a repair did: records read again, and records the server answered it no longer has. */
interface Repair {
  readonly audited: number
  readonly deleted: number
}

const noRepair: Repair = { audited: 0, deleted: 0 }

/** What an audit did: its repairs, the records the rolling re-verification read, and the day it reached. */
interface Audit extends Repair {
  readonly reverified: number
  readonly verifiedDay: Days.Day | null
}
const addRepairs = (a: Repair, b: Repair): Repair => ({
  audited: a.audited + b.audited,
  deleted: a.deleted + b.deleted
})

/** A run's context: its number, its clock, the options, and the resource's state before it. */
interface RunContext extends Context {
  readonly state: Store.State
  readonly since: Days.Day | undefined
}

interface Incremental<A> {
  readonly resource: "chats" | "tickets"
  readonly table: Tables.Table<A>
  /** The filters of a run that reads every record from day `from` on (`undefined`: from the beginning). */
  readonly from: (from: Days.Day | undefined) => Filters
  /**
   * Days the look-back adds for what the client cannot know: the tickets' date filters read days in
   * the license's time zone (unknown), the chats' are sent in UTC.
   */
  readonly slack: number
  /** The day a record moves the cursor to: a chat's start, a ticket's last modification (UTC). */
  readonly dayOf: (item: A) => Days.Day
  readonly stream: (
    filters: Filters,
    options: { readonly resume?: Checkpoint.Checkpoint | undefined; readonly progress?: Progress.Progress | undefined }
  ) => Stream.Stream<
    { readonly item: A; readonly checkpoint: Checkpoint.Checkpoint },
    LiveChatError | StreamError,
    LiveChatClient.LiveChatClient
  >
  /** One record by key, or `undefined` when the server answers that it has none (404). */
  readonly get: (key: string) => Effect.Effect<A | undefined, LiveChatError, LiveChatClient.LiveChatClient>
  /** After the run: counts compared with the server's, and past days read again (see the module's comment). */
  readonly audit: (
    spec: Incremental<A>,
    context: RunContext,
    cursor: Days.Day
  ) => Effect.Effect<
    Audit,
    LiveChatError | StreamError | SqlError,
    LiveChatClient.LiveChatClient | SqlClient.SqlClient
  >
}

const ticketStatuses: ReadonlyArray<Ticket.Status> = ["open", "pending", "solved", "spam"]

const streamOptions = (options: Options) => ({
  concurrency: options.concurrency,
  recordCap: options.recordCap
})

/** `undefined` for a 404: the server says it has no such record. */
const orAbsent = <A, R>(effect: Effect.Effect<A, LiveChatError, R>) =>
  Effect.catchTag(effect as Effect.Effect<A | undefined, LiveChatError, R>, "NotFound", () => Effect.succeed(undefined))

/** The chats' filters of the days `[lo, hi]`, read in UTC (so that the mirror's `started_at` tells a chat's day). */
const chatDays = (lo: Days.Day | undefined, hi?: Days.Day): Filters => daysOf({ timezone: "UTC" }, lo, hi)

/** `filters` with the days `[lo, hi]` as `date_from` / `date_to` (`undefined`: left out). */
const daysOf = (filters: Filters, lo: Days.Day | undefined, hi?: Days.Day): Filters => {
  const out: Record<string, string> = { ...filters }
  if (lo !== undefined) out.date_from = Days.format(lo)
  if (hi !== undefined) out.date_to = Days.format(hi)
  return out
}

/** Where the mirror keeps the chats of the days `[lo, hi]`. */
const chatRows = (lo: Days.Day, hi: Days.Day): Store.Where => ({
  column: "started_at",
  from: Days.startSeconds(lo),
  to: Days.startSeconds(hi + 1)
})

/**
 * Reads `filters` again into the mirror, then asks the server for each present record within
 * `where` that this reading did not return: deleted if the server answers that it has none (404),
 * written otherwise (it moved out of `where`). Nothing is marked deleted on a count, or on an
 * absence from a listing alone.
 */
const reread = <A>(spec: Incremental<A>, context: RunContext, filters: Filters, where: Store.Where) =>
  Effect.gen(function*() {
    const read = yield* writeBatches(spec.table, spec.stream(filters, {}), context, spec.resource, () => Effect.void)
    const missing = yield* Store.unseen(spec.table as Tables.Table<never>, context.run, where)
    const found = yield* Effect.forEach(missing, (key) => Effect.map(spec.get(key), (record) => ({ key, record })), {
      concurrency: 4
    })
    const present = found.flatMap(({ record }) => (record === undefined ? [] : [record]))
    const absent = found.flatMap(({ key, record }) => (record === undefined ? [key] : []))
    yield* Store.upsert(spec.table, present, context.run, context.now)
    const deleted = yield* Store.markDeletedKeys(spec.table as Tables.Table<never>, absent, context.now)
    return { audited: read + present.length, deleted }
  })

/**
 * The chats' audit: the server's count of every range of days since the first (`since`, or the
 * oldest chat mirrored) is compared with the mirror's, narrowing down by halves to the days that
 * differ, which are read again; then `verifyDays` past days are read again whatever their counts
 * (an arrival and a removal within one range leave the counts equal), going back a little further
 * each run, so that every day is read again within `ceil(days / verifyDays)` runs.
 */
const auditChats = (spec: Incremental<Chat.Chat>, context: RunContext, cursor: Days.Day) =>
  Effect.gen(function*() {
    const oldest = yield* Store.smallest(spec.table as Tables.Table<never>, "started_at")
    const none: Audit = { ...noRepair, reverified: 0, verifiedDay: context.state.verified }
    if (context.options.audit === false || oldest === undefined) return none
    const first = context.since ?? Math.min(Days.ofSeconds(oldest), cursor)
    const check = (lo: Days.Day, hi: Days.Day): Effect.Effect<
      Repair,
      LiveChatError | StreamError | SqlError,
      LiveChatClient.LiveChatClient | SqlClient.SqlClient
    > =>
      Effect.gen(function*() {
        const [server, mirror] = yield* Effect.all([
          Effect.map(ArchivesApi.list({ ...chatDays(lo, hi), page: 1 }), (page) => page.total),
          Store.count(spec.table as Tables.Table<never>, chatRows(lo, hi))
        ])
        if (server === mirror) return noRepair
        if (server <= rereadBelow || hi - lo < 2) {
          return yield* reread(spec, context, chatDays(lo, hi), chatRows(lo, hi))
        }
        const middle = lo + Math.floor((hi - lo) / 2)
        return addRepairs(yield* check(middle + 1, hi), yield* check(lo, middle))
      })
    const counted = yield* check(first, cursor)
    const days = context.options.verifyDays ?? 7
    if (days === 0) return { ...none, ...counted }
    // The rolling re-verification: from where the last run stopped, back towards the oldest day, then again from the newest.
    const top = context.state.verified === null || context.state.verified < first
      ? cursor
      : Math.min(context.state.verified, cursor)
    const bottom = Math.max(first, top - days + 1)
    const verified = yield* reread(spec, context, chatDays(bottom, top), chatRows(bottom, top))
    return {
      audited: counted.audited,
      deleted: counted.deleted + verified.deleted,
      reverified: verified.audited,
      verifiedDay: bottom - 1
    }
  }).pipe(Effect.withSpan("livechat.sync.audit", { attributes: { "livechat.sync.resource": "chats" } }))

/**
 * The tickets' audit: the server's count of each status is compared with the mirror's; a status
 * whose counts differ is read again. (Tickets match a date range by any activity, in the license's
 * time zone: no range of days maps to rows of the mirror, so the audit counts whole statuses.)
 */
const auditTickets = (spec: Incremental<Ticket.Ticket>, context: RunContext) =>
  Effect.gen(function*() {
    if (context.options.audit === false) return { ...noRepair, reverified: 0, verifiedDay: null }
    let repair = noRepair
    for (const status of ticketStatuses) {
      const [server, mirror] = yield* Effect.all([
        Effect.map(TicketsApi.list({ status, page: 1 }), (page) => page.total),
        Store.count(spec.table as Tables.Table<never>, { status })
      ])
      if (server !== mirror) {
        repair = addRepairs(repair, yield* reread(spec, context, { status, order: "asc" }, { status }))
      }
    }
    return { ...repair, reverified: 0, verifiedDay: null }
  }).pipe(Effect.withSpan("livechat.sync.audit", { attributes: { "livechat.sync.resource": "tickets" } }))

const incrementals = {
  chats: (options: Options): Incremental<Chat.Chat> => ({
    resource: "chats",
    table: Tables.chats,
    from: (from) => chatDays(from),
    slack: 0,
    dayOf: (chat) => Days.ofSeconds(chat.started_timestamp),
    stream: (filters, extra) => Archives.streamWithCheckpoints(filters, { ...streamOptions(options), ...extra }),
    get: (id) => orAbsent(ArchivesApi.get({ chat_id: id })),
    audit: auditChats
  }),
  tickets: (options: Options): Incremental<Ticket.Ticket> => ({
    resource: "tickets",
    table: Tables.tickets,
    // The change feed the reference documents: by last modification, oldest first, every ticket
    // with any activity since the day.
    from: (from) => daysOf({ order: "asc" }, from),
    slack: 1,
    dayOf: (ticket) => Days.ofSeconds(Tables.seconds(ticket.modified) ?? 0),
    stream: (filters, extra) => Tickets.streamWithCheckpoints(filters, { ...streamOptions(options), ...extra }),
    get: (id) => orAbsent(TicketsApi.get({ ticket_id: id })),
    audit: (spec, context) => auditTickets(spec, context)
  })
}

/**
 * Writes a stream of records in batches; `commit` adds what must be committed with each batch (given
 * the checkpoint after its last record). Each record becomes its row as it arrives, so a batch
 * waiting to be written holds rows (a few flat strings each) rather than decoded records, which
 * the garbage collector no longer copies (profile of a 40,000-chat sync into SQLite: its time in
 * GC went from ~1.4 s to ~0.8 s, the bare stream's share).
 */
const writeBatches = <A, E, R>(
  table: Tables.Table<A>,
  records: Stream.Stream<{ readonly item: A; readonly checkpoint: Checkpoint.Checkpoint }, E, R>,
  context: Context,
  resource: Resource,
  commit: (last: Checkpoint.Checkpoint) => Effect.Effect<void, SqlError, SqlClient.SqlClient>
) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    records.pipe(
      Stream.map(({ checkpoint, item }) => ({ row: table.row(item), checkpoint })),
      Stream.grouped(batchSizeOf(context.options)),
      Stream.buffer({ capacity: 2 }),
      Stream.mapEffect((batch) =>
        sql.withTransaction(
          Effect.zipLeft(
            Store.upsertRows(table, Chunk.map(batch, ({ row }) => row), context.run, context.now),
            commit(Chunk.unsafeLast(batch).checkpoint)
          )
        ).pipe(
          Effect.withSpan("livechat.sync.batch", {
            attributes: { "livechat.sync.resource": resource, "livechat.sync.records": batch.length }
          })
        )
      ),
      Stream.runFold(0, (sum, written) => sum + written)
    ))

const syncIncremental = <A>(spec: Incremental<A>, since: Days.Day | undefined, context: Context) =>
  Effect.gen(function*() {
    const state = yield* Store.readState(spec.resource)
    const run = state.runs + 1
    const lookback = Math.ceil(Duration.toSeconds(Duration.decode(context.options.lookback ?? "2 days")) / 86_400)
    const from = state.cursor === null
      ? since
      : Math.max(since ?? -Infinity, state.cursor - lookback - spec.slack)
    const resumed = state.checkpoint !== null && state.runFilters !== null
    const filters: Filters = resumed ? state.runFilters! : spec.from(from)
    const ctx: RunContext = { ...context, run, state, since }
    let newest: Days.Day | null = null
    const written = yield* writeBatches(
      spec.table,
      spec.stream(filters, {
        resume: resumed ? state.checkpoint! : undefined,
        progress: context.options.progress?.[spec.resource]
      }).pipe(Stream.map((read) => {
        const day = spec.dayOf(read.item)
        if (newest === null || day > newest) newest = day
        return read
      })),
      ctx,
      spec.resource,
      (checkpoint) => Store.writeState(spec.resource, { ...state, runFilters: filters, checkpoint }, ctx.now)
    )
    // The run read every record from `from` on: the newest day it saw is the next run's cursor.
    const cursor = newest === null ? state.cursor : Math.max(newest, state.cursor ?? newest)
    const audit: Audit = cursor === null
      ? { ...noRepair, reverified: 0, verifiedDay: state.verified }
      : yield* spec.audit(spec, ctx, cursor)
    yield* Store.writeState(
      spec.resource,
      { cursor, verified: audit.verifiedDay, runs: run, runFilters: null, checkpoint: null },
      ctx.now
    )
    const mode = resumed ? "resumed" : state.cursor === null ? "full" : "incremental"
    return {
      resource: spec.resource,
      mode,
      from: resumed || from === undefined ? null : Days.format(from),
      written,
      deleted: audit.deleted,
      audited: audit.audited,
      reverified: audit.reverified,
      cursor: cursor === null ? null : Days.format(cursor)
    } satisfies ResourceSummary
  })

interface Snapshot<A> {
  readonly table: Tables.Table<A>
  /** The whole resource, as listed now. */
  readonly list: Effect.Effect<ReadonlyArray<A>, LiveChatError, LiveChatClient.LiveChatClient>
}

/** A snapshot whose record type is checked here, then forgotten (each is used with its own table only). */
const snapshot = <A>(table: Tables.Table<A>, list: Snapshot<A>["list"]) => ({ table, list }) as Snapshot<unknown>

/** The snapshot resources: how each is listed in full. */
const snapshots: { readonly [R in Exclude<Resource, "chats" | "tickets">]: Snapshot<unknown> } = {
  agents: snapshot(
    Tables.agents,
    Effect.flatMap(Agents.list(), (summaries) =>
      Effect.forEach(
        summaries,
        (agent) =>
          Agents.get({ login: agent.login }).pipe(
            Effect.asSome,
            // Removed between the list and the details: gone.
            Effect.catchTag("NotFound", () => Effect.succeedNone)
          ),
        { concurrency: 4 }
      ).pipe(Effect.map((found) => found.flatMap((o) => (o._tag === "Some" ? [o.value] : [])))))
  ),
  groups: snapshot(Tables.groups, Groups.list()),
  goals: snapshot(Tables.goals, Goals.list()),
  // Canned responses are listed per group (the list answers one group, 0 by default).
  canned_responses: snapshot(
    Tables.cannedResponses,
    Effect.flatMap(Groups.list(), (groups) =>
      Effect.map(
        Effect.forEach(
          [...new Set([0, ...groups.map((g) => g.id)])],
          (group) => CannedResponses.list({ group }),
          { concurrency: 4 }
        ),
        (lists) => lists.flat()
      ))
  ),
  greetings: snapshot(Tables.greetings, Greetings.list()),
  tags: snapshot(Tables.tags, Tags.list()),
  webhooks: snapshot(Tables.webhooks, Effect.map(Webhooks.list(), (answer) => answer.events))
}

const syncSnapshot = <A>(resource: Resource, snapshot: Snapshot<A>, context: Context) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const state = yield* Store.readState(resource)
    const run = state.runs + 1
    const records = yield* snapshot.list
    const { deleted, written } = yield* sql.withTransaction(Effect.gen(function*() {
      const written = yield* Store.upsert(snapshot.table, records, run, context.now)
      const deleted = yield* Store.markDeleted(snapshot.table as Tables.Table<never>, run, context.now)
      yield* Store.writeState(
        resource,
        { cursor: null, verified: null, runs: run, runFilters: null, checkpoint: null },
        context.now
      )
      return { written, deleted }
    }))
    return {
      resource,
      mode: "snapshot",
      from: null,
      written,
      deleted,
      audited: 0,
      reverified: 0,
      cursor: null
    } satisfies ResourceSummary
  })

const invalid = (field: string, detail: string) => new InvalidInput({ operation: "Sync.run", field, detail })

/**
 * Mirrors the license into the database in context: creates or upgrades the tables, locks the
 * resources, then syncs each. Repeat it on a `Schedule` to keep the mirror current.
 *
 * @example
 * ```ts
 * import { LiveChatClient } from "@effect-livechat/core"
 * import { Sync } from "@effect-livechat/sync"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Layer, Schedule } from "effect"
 *
 * const mirror = Sync.run({ resources: ["chats", "agents"], since: "2024-01-01" }).pipe(
 *   Effect.tap((summary) => Effect.log(summary.resources)),
 *   Effect.repeat(Schedule.spaced("15 minutes")),
 *   Effect.provide(Layer.mergeAll(Sync.layerSqlite("livechat.db"), LiveChatClient.layerConfig())),
 *   Effect.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category sync
 */
export const run = (
  options: Options = {}
): Effect.Effect<Summary, SyncError | InvalidInput, LiveChatClient.LiveChatClient | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const wanted = options.resources ?? resources
    const unknown = wanted.find((r) => !resources.includes(r))
    if (unknown !== undefined) return yield* invalid("resources", `unknown resource ${unknown}`)
    const since = options.since === undefined ? undefined : Days.parse(options.since)
    if (options.since !== undefined && since === undefined) {
      return yield* invalid("since", "must be a day of the calendar as YYYY-MM-DD")
    }
    const verifyDays = options.verifyDays ?? 7
    if (!Number.isInteger(verifyDays) || verifyDays < 0) {
      return yield* invalid("verifyDays", "must be a whole number of at least 0")
    }
    const batchSize = batchSizeOf(options)
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      return yield* invalid("batchSize", "must be a whole number of at least 1")
    }
    yield* Migrations.run
    const ordered = resources.filter((r) => wanted.includes(r))
    yield* Lock.acquire(ordered, { onLocked: options.onLocked ?? "fail" })
    const context: Context = { run: 0, now: yield* Clock.currentTimeMillis, options }
    const done: Array<ResourceSummary> = []
    for (const resource of ordered) {
      const summary = resource === "chats" || resource === "tickets"
        ? yield* syncIncremental(incrementals[resource](options) as Incremental<unknown>, since, context)
        : yield* syncSnapshot(resource, snapshots[resource], context)
      done.push(summary)
    }
    return { resources: done }
  }).pipe(Effect.scoped, Effect.withSpan("livechat.sync.run"))

/**
 * How `layerSqlite` opens its file: 16 KiB pages (a new file only; a chat's row is ~2.5 KB, so 4 KiB
 * pages made SQLite write about one WAL frame, two system calls, per row: half its CPU was in the
 * kernel), write-ahead logging, and `synchronous = NORMAL`, which fsyncs at checkpoints instead of
 * at every commit. A committed transaction is in the WAL file when the commit returns, so it
 * survives the process being killed (`kill -9`); only an OS crash or a power loss can roll back the
 * last commits, and since a batch and its checkpoint commit together, the next run then reads them
 * again: still exactly once.
 */
const sqlitePragmas = ["page_size = 16384", "journal_mode = WAL", "synchronous = NORMAL"]

/**
 * A SQLite database in a file (created if missing), as the `SqlClient`: in WAL mode with
 * `synchronous = NORMAL` (durable against the process being killed; see the README).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSqlite = (filename: string): Layer.Layer<SqliteClient.SqliteClient | SqlClient.SqlClient> =>
  // WAL is set here rather than by the client, after the page size (which WAL mode freezes).
  SqliteClient.layer({ filename, disableWAL: true }).pipe(
    Layer.tap((context) =>
      Effect.forEach(sqlitePragmas, (pragma) =>
        Context.get(context, SqliteClient.SqliteClient).unsafe(`PRAGMA ${pragma}`), {
        discard: true
      })
    ),
    Layer.orDie
  )

/**
 * A PostgreSQL database, as the `SqlClient` (`url`, or `host`, `port`, `database`, `username`,
 * `password`; see `@effect/sql-pg`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPg = (
  config: PgClient.PgClientConfig
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError> => PgClient.layer(config)
