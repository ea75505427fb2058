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
 * - **One at a time**: each resource is locked for the run; a second sync fails with `SyncLocked`,
 *   or waits with `onLocked: "wait"`. PostgreSQL: advisory locks, on the one connection the run
 *   works on (a pool of one is enough). SQLite (and other databases): a lock row per resource held
 *   as a lease (`lockLease`), renewed while the run lives, checked in every write transaction, and
 *   taken over once it runs out (a run killed in a container never blocks the next for longer).
 * - **Statements that fit**: every write is cut to the engine's limit of parameters, whatever the
 *   size of the license or of `batchSize`.
 *
 * @since 0.1.0
 */
import {
  type Chat,
  Days,
  InvalidInput,
  isLiveChatError,
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
import * as Reactivity from "@effect/experimental/Reactivity"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import type { MigrationError } from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Cause, Chunk, Clock, Config, type ConfigError, Context, Duration, Effect, Layer, Stream } from "effect"
import { isConnectTimeout, pgName, pgSecrets, unavailable } from "./internal/database.js"
import * as Lock from "./internal/lock.js"
import * as Store from "./internal/store.js"
import * as Tables from "./internal/tables.js"
import * as Migrations from "./Migrations.js"
import { type Resource, resources } from "./Resource.js"
import {
  type DatabaseUnavailable,
  type LockLost,
  type ResourceFailure,
  SyncIncomplete,
  type SyncLocked
} from "./SyncError.js"

export {
  /**
   * What can be mirrored: `chats` and `tickets` (incremental), and the snapshot resources.
   *
   * @since 0.1.0
   * @category models
   */
  type Resource,
  /**
   * Every resource, in the order a run syncs them.
   *
   * @since 0.1.0
   * @category constants
   */
  resources
} from "./Resource.js"

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
  /**
   * Records per transaction. Default 500; no upper bound: a batch is written in as many statements
   * as the engine's limit of parameters needs (PostgreSQL 65,535, SQLite 32,766), in one
   * transaction with its checkpoint.
   */
  readonly batchSize?: number | undefined
  /** Pages read ahead at once (see the streams' `concurrency`). Default 4. */
  readonly concurrency?: number | undefined
  /** The server's record cap (see the streams' `recordCap`). Default 100000. */
  readonly recordCap?: number | undefined
  /** When another sync of a resource runs: fail with `SyncLocked` (default) or wait for it. */
  readonly onLocked?: "fail" | "wait" | undefined
  /**
   * How long a lock row stays the run's without being renewed (SQLite and other databases without
   * advisory locks). The run renews it every third of the lease while it lives, and checks it in
   * every write transaction (failing with `LockLost` if it was taken); a run that was killed holds
   * its resources until its lease runs out (on Linux, a run of the same PID namespace takes over at
   * once the lock of a process that is gone). Longer: a stalled run (suspended, a blocked event
   * loop) keeps its locks longer; shorter: a killed run blocks the next one for less time. Unused
   * on PostgreSQL (advisory locks are released by the server when the connection closes). Default
   * 60 seconds.
   */
  readonly lockLease?: Duration.DurationInput | undefined
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
export type SyncError =
  | LiveChatError
  | StreamError
  | SyncLocked
  | LockLost
  | DatabaseUnavailable
  | SyncIncomplete
  | SqlError
  | MigrationError

interface Context {
  readonly run: number
  readonly now: number
  readonly options: Options
  /** Checks (and renews) the run's locks: first in every write transaction (see `Lock.Held.fence`). */
  readonly fence: Effect.Effect<void, LockLost | SqlError, SqlClient.SqlClient>
}

/**
 * `effect` in one transaction that first checks the run's locks: nothing is written by a run that
 * lost them.
 */
const guarded = <A, E, R>(context: Context, effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(Effect.zipRight(context.fence, effect)))

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
  /** The column of the time a record moves the cursor to: a chat's start, a ticket's last modification. */
  readonly dayColumn: string
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
    LiveChatError | StreamError | SqlError | LockLost,
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
    // The keys this reading returned (not the rows' run: rows an interrupted attempt of the same run
    // wrote carry the same run, and were not read again here).
    const returned = new Set<string>()
    const read = yield* writeBatches(
      spec.table,
      spec.stream(filters, {}),
      context,
      spec.resource,
      () => Effect.void,
      returned
    )
    const missing = (yield* Store.keys(spec.table as Tables.Table<never>, where)).filter((k) => !returned.has(k))
    const found = yield* Effect.forEach(missing, (key) => Effect.map(spec.get(key), (record) => ({ key, record })), {
      concurrency: 4
    })
    const present = found.flatMap(({ record }) => (record === undefined ? [] : [record]))
    const absent = found.flatMap(({ key, record }) => (record === undefined ? [key] : []))
    const deleted = yield* guarded(
      context,
      Effect.zipRight(
        Store.upsert(spec.table, present, context.run, context.now),
        Store.markDeletedKeys(spec.table as Tables.Table<never>, absent, context.now)
      )
    )
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
    const oldest = yield* Store.extreme(spec.table as Tables.Table<never>, "MIN", "started_at")
    const none: Audit = { ...noRepair, reverified: 0, verifiedDay: context.state.verified }
    if (context.options.audit === false || oldest === undefined) return none
    const first = context.since ?? Math.min(Days.ofSeconds(oldest), cursor)
    const check = (lo: Days.Day, hi: Days.Day): Effect.Effect<
      Repair,
      LiveChatError | StreamError | SqlError | LockLost,
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
    dayColumn: "started_at",
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
    dayColumn: "modified_at",
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
 * GC went from ~1.4 s to ~0.8 s, the bare stream's share). Each batch's transaction first checks
 * the run's locks (`context.fence`); its upsert is cut to the engine's limit of parameters.
 */
const writeBatches = <A, E, R>(
  table: Tables.Table<A>,
  records: Stream.Stream<{ readonly item: A; readonly checkpoint: Checkpoint.Checkpoint }, E, R>,
  context: Context,
  resource: Resource,
  commit: (last: Checkpoint.Checkpoint) => Effect.Effect<void, SqlError, SqlClient.SqlClient>,
  /** Collects the key of each record written, when given. */
  keys?: Set<string>
) =>
  Effect.suspend(() =>
    records.pipe(
      Stream.map(({ checkpoint, item }) => {
        const row = table.row(item)
        keys?.add(String(row[table.key[0]]))
        return { row, checkpoint }
      }),
      Stream.grouped(batchSizeOf(context.options)),
      Stream.buffer({ capacity: 2 }),
      Stream.mapEffect((batch) =>
        guarded(
          context,
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
    )
  )

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
    const read = (filters: Filters, resume: Checkpoint.Checkpoint | undefined) =>
      writeBatches(
        spec.table,
        spec.stream(filters, { resume, progress: context.options.progress?.[spec.resource] }),
        ctx,
        spec.resource,
        (checkpoint) => Store.writeState(spec.resource, { ...state, runFilters: filters, checkpoint }, ctx.now)
      )
    // The run read every record from `from` on: the newest day it wrote (before a crash it resumed
    // from too: its rows carry the same run) is the next run's cursor. A mirror holding rows with no
    // cursor yet (every run so far was interrupted) is audited up to its newest row.
    const table = spec.table as Tables.Table<never>
    const newestDay = Effect.gen(function*() {
      const newest = (yield* Store.extreme(table, "MAX", spec.dayColumn, run)) ??
        (state.cursor === null ? yield* Store.extreme(table, "MAX", spec.dayColumn) : undefined)
      return newest === undefined
        ? state.cursor
        : Math.max(Days.ofSeconds(newest), state.cursor ?? Days.ofSeconds(newest))
    })
    let written = yield* read(filters, resumed ? state.checkpoint! : undefined)
    if (resumed) {
      // The resumed run finished the windows the interrupted one planned; what entered since, in
      // newer days (a chat that ended meanwhile), is read on from the newest day it wrote.
      const reached = yield* newestDay
      written += yield* read(
        spec.from(reached === null ? since : Math.max(since ?? -Infinity, reached - lookback - spec.slack)),
        undefined
      )
    }
    const cursor = yield* newestDay
    const audit: Audit = cursor === null
      ? { ...noRepair, reverified: 0, verifiedDay: state.verified }
      : yield* spec.audit(spec, ctx, cursor)
    yield* guarded(
      ctx,
      Store.writeState(
        spec.resource,
        { cursor, verified: audit.verifiedDay, runs: run, runFilters: null, checkpoint: null },
        ctx.now
      )
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
    const state = yield* Store.readState(resource)
    const run = state.runs + 1
    const records = yield* snapshot.list
    // One transaction (checking the locks first), in as many statements as the engine's limit needs.
    const { deleted, written } = yield* guarded(
      context,
      Effect.gen(function*() {
        const written = yield* Store.upsert(snapshot.table, records, run, context.now)
        const deleted = yield* Store.markDeleted(snapshot.table as Tables.Table<never>, run, context.now)
        yield* Store.writeState(
          resource,
          { cursor: null, verified: null, runs: run, runFilters: null, checkpoint: null },
          context.now
        )
        return { written, deleted }
      })
    )
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
 * On PostgreSQL the run works on one connection of the pool, reserved for it (its migrations,
 * advisory locks and writes); waiting for it longer than the pool's connect timeout fails with
 * `DatabaseUnavailable`. Elsewhere its locks are lease rows (`lockLease`), renewed while it runs
 * and checked in every write transaction: a run that loses one stops with `LockLost`, having
 * written nothing without it. Fails with `SyncLocked` when another sync holds a lock (unless
 * `onLocked: "wait"`), and with `InvalidInput` for bad options, before touching the database.
 *
 * @example
 * ```ts
 * import { NodeLiveChatClient } from "@effect-livechat/core/node"
 * import { Sync } from "@effect-livechat/sync"
 * import { Effect, Layer, Schedule } from "effect"
 *
 * const mirror = Sync.run({ resources: ["chats", "agents"], since: "2024-01-01" }).pipe(
 *   Effect.tap((summary) => Effect.log(summary.resources)),
 *   Effect.repeat(Schedule.spaced("15 minutes")),
 *   Effect.provide(Layer.mergeAll(Sync.layerSqlite("livechat.db"), NodeLiveChatClient.layerConfig()))
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
    const lease = leaseOf(options)
    if (lease === undefined) return yield* invalid("lockLease", "must be a duration of at least 1 second")
    const ordered = resources.filter((r) => wanted.includes(r))
    // PostgreSQL: one connection for the whole run (migrations, locks, writes); the client elsewhere.
    const session = yield* Lock.session
    return yield* Effect.gen(function*() {
      yield* Migrations.run
      const held = yield* Lock.acquire(ordered, { onLocked: options.onLocked ?? "fail", lease })
      const context: Context = { run: 0, now: yield* Clock.currentTimeMillis, options, fence: held.fence }
      const sync = Effect.gen(function*() {
        const done: Array<ResourceSummary> = []
        const failures: Array<ResourceFailure> = []
        for (const resource of ordered) {
          const one: Effect.Effect<
            ResourceSummary,
            LiveChatError | StreamError | SqlError | LockLost,
            LiveChatClient.LiveChatClient | SqlClient.SqlClient
          > = resource === "chats" || resource === "tickets"
            ? syncIncremental(incrementals[resource](options) as Incremental<unknown>, since, context)
            : syncSnapshot(resource, snapshots[resource], context)
          // A resource the API refuses (or that cannot be read exactly) is told, and the run goes on
          // with the others; the database's and the lock's failures still stop it.
          const failed = yield* one.pipe(
            Effect.map((summary) => {
              done.push(summary)
              return undefined
            }),
            Effect.catchIf(isResourceError, Effect.succeed)
          )
          if (failed !== undefined) failures.push({ resource, error: failed })
        }
        const summary: Summary = { resources: done }
        if (failures.length > 0) return yield* new SyncIncomplete({ summary, failures })
        return summary
      })
      // The leases' renewal runs beside the sync; when it finds a lock lost, the sync is interrupted
      // (an open transaction rolls back) and the run fails with LockLost.
      return yield* Effect.raceFirst(sync, held.watch)
    }).pipe(Effect.provideService(SqlClient.SqlClient, session))
  }).pipe(Effect.scoped, Effect.withSpan("livechat.sync.run"))

const streamErrors = new Set(["PageFailed", "WindowTooDense", "ArchiveMismatch"])

/** A failure of one resource (the API's or the stream's), after which the run goes on with the others. */
const isResourceError = (error: unknown): error is LiveChatError | StreamError =>
  isLiveChatError(error) || (error instanceof Error && streamErrors.has((error as { _tag?: unknown })._tag as string))

/** The lease of lock rows (`lockLease`), or `undefined` if it is not a duration of at least a second. */
const leaseOf = (options: Options): Duration.Duration | undefined => {
  if (options.lockLease === undefined) return Lock.defaultLease
  try {
    const lease = Duration.decode(options.lockLease)
    return Duration.isFinite(lease) && Duration.toMillis(lease) >= 1000 ? lease : undefined
  } catch {
    return undefined
  }
}

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

/** Fails with `DatabaseUnavailable` instead, unless the cause is an interruption. */
const orUnavailable = (make: (error: unknown) => DatabaseUnavailable) => (cause: Cause.Cause<unknown>) =>
  Cause.isInterruptedOnly(cause) ?
    Layer.failCause(cause as Cause.Cause<never>) :
    Layer.fail(make(Cause.squash(cause)))

/**
 * A SQLite database in a file (created if missing), as the `SqlClient`: in WAL mode with
 * `synchronous = NORMAL` (durable against the process being killed; see the README). A file that
 * cannot be opened (a missing directory, no permission, not a database) fails the layer with
 * `DatabaseUnavailable` naming it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSqlite = (
  filename: string
): Layer.Layer<SqliteClient.SqliteClient | SqlClient.SqlClient, DatabaseUnavailable> =>
  Layer.scopedContext(Effect.gen(function*() {
    // WAL is set here rather than by the client, after the page size (which WAL mode freezes).
    const client = yield* SqliteClient.make({ filename, disableWAL: true })
    for (const pragma of sqlitePragmas) yield* client.unsafe(`PRAGMA ${pragma}`)
    return Context.make(SqliteClient.SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client))
  })).pipe(
    Layer.provide(Reactivity.layer),
    Layer.catchAllCause(orUnavailable((error) => unavailable(`SQLite file ${filename}`, error)))
  )

/** How long `layerPg` waits for a connection when `connectTimeout` is not given. */
const defaultConnectTimeout = Duration.seconds(10)

/**
 * `layerPg`'s settings: `@effect/sql-pg`'s (`url`, or `host`, `port`, `database`, `username`,
 * `password`; `maxConnections`, …), with a default connect timeout.
 *
 * @since 0.1.0
 * @category models
 */
export interface PgOptions extends PgClient.PgClientConfig {
  /**
   * How long to wait for a connection — to open one, and for one of the pool (`maxConnections`) to
   * be free — before failing with `DatabaseUnavailable` rather than waiting on. Default 10 seconds.
   */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

/**
 * A PostgreSQL database, as the `SqlClient` (`url`, or `host`, `port`, `database`, `username`,
 * `password`; see `@effect/sql-pg`, and `connectTimeout`, 10 seconds by default). A server that
 * cannot be reached, refuses the connection or does not answer within the connect timeout fails
 * the layer with `DatabaseUnavailable` (its message names the server without the password). A run
 * needs one connection of the pool (see the README), so any `maxConnections` works.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPg = (
  config: PgOptions
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, DatabaseUnavailable> => {
  const connectTimeout = config.connectTimeout ?? defaultConnectTimeout
  return PgClient.layer({ ...config, connectTimeout }).pipe(
    Layer.catchAllCause(orUnavailable((error) =>
      unavailable(
        pgName(config),
        error,
        pgSecrets(config),
        isConnectTimeout(error) ? `no answer within the connect timeout, ${Duration.format(connectTimeout)}` : undefined
      )
    ))
  )
}

/**
 * {@link layerSqlite} with its file read by `Config` (`Config.Wrap`, as `@effect/sql-pg`'s
 * `PgClient.layerConfig`), from the `ConfigProvider` in context: the environment by default, or any
 * other. A missing setting fails the layer with a `ConfigError` naming it.
 *
 * @example
 * ```ts
 * import { NodeLiveChatClient } from "@effect-livechat/core/node"
 * import { Sync } from "@effect-livechat/sync"
 * import { Config, Effect, Layer } from "effect"
 *
 * const mirror = Sync.run().pipe(
 *   Effect.provide(Layer.mergeAll(
 *     Sync.layerSqliteConfig({ filename: Config.withDefault(Config.string("MIRROR_FILE"), "livechat.db") }),
 *     NodeLiveChatClient.layerConfig()
 *   ))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSqliteConfig = (
  config: Config.Config.Wrap<{ readonly filename: string }>
): Layer.Layer<
  Layer.Layer.Success<ReturnType<typeof layerSqlite>>,
  ConfigError.ConfigError | Layer.Layer.Error<ReturnType<typeof layerSqlite>>
> => Layer.unwrapEffect(Effect.map(Config.unwrap(config), ({ filename }) => layerSqlite(filename)))

/**
 * {@link layerPg} with its settings read by `Config` (`Config.Wrap<PgClientConfig>`, as
 * `PgClient.layerConfig`), from the `ConfigProvider` in context. A missing setting fails the layer
 * with a `ConfigError` naming it; read the password or URL with `Config.redacted`.
 *
 * @example
 * ```ts
 * import { Sync } from "@effect-livechat/sync"
 * import { Config } from "effect"
 *
 * const Database = Sync.layerPgConfig({ url: Config.redacted("MIRROR_DATABASE_URL") })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPgConfig = (
  config: Config.Config.Wrap<PgClient.PgClientConfig>
): Layer.Layer<
  Layer.Layer.Success<ReturnType<typeof layerPg>>,
  ConfigError.ConfigError | Layer.Layer.Error<ReturnType<typeof layerPg>>
> => Layer.unwrapEffect(Effect.map(Config.unwrap(config), layerPg))
