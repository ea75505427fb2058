/**
 * Locks that recover. Lock rows (SQLite; on PostgreSQL too, forcing the mechanism, to run the
 * takeover's UPDATE under real concurrency) are leases: a restarted process with the same host and
 * PID, a host that never comes back, and a row of an earlier version are taken over once the lease
 * ran out and not before; of two takers one wins; a run keeps its leases while it lives and stops
 * with `LockLost` when one is taken. PostgreSQL: a run works on one connection (a pool of one is
 * enough), and waiting for one is a typed error.
 */
import { Migrations, Sync, SyncLocked } from "@effect-livechat/sync"
import { PgClient } from "@effect/sql-pg"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Context, Duration, Effect, Exit, Fiber, Layer, Redacted } from "effect"
import { constant } from "effect/Function"
import { spawnSync } from "node:child_process"
import { hostname } from "node:os"
import * as Lock from "../src/internal/lock.js"
import { type Database, database, expectExact, freshDatabase, postgresMissing, served } from "./support.js"

const databases: ReadonlyArray<Database> = ["sqlite", "postgres"]

/** PostgreSQL tests fail when it is missing in CI; elsewhere they are skipped with the reason. */
const skip = (db: Database) => db === "postgres" && postgresMissing !== undefined && process.env.CI === undefined

const seed = { chats: 300, tickets: 60, agents: 3, groups: 2, seed: "locks" }

const lease = Duration.seconds(60)

/** The failure of an exit, if it failed with one. */
const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit)
    ? Cause.failureOption(exit.cause).pipe((o) => (o._tag === "Some" ? o.value : undefined))
    : undefined

/** A lock row as another process left it. */
interface LeftRow {
  readonly resource: string
  readonly owner?: string
  readonly host: string
  readonly pid: number
  readonly pid_namespace: string | null
  readonly acquired_at: number
  readonly expires_at: number | null
}

const leaveRow = (sql: SqlClient.SqlClient, row: LeftRow) =>
  sql`INSERT INTO livechat_sync_lock ${sql.insert({ owner: "the-run-before", ...row })}`

const lockRows = (sql: SqlClient.SqlClient) =>
  sql<
    { resource: string; owner: string; expires_at: unknown }
  >`SELECT resource, owner, expires_at FROM livechat_sync_lock`

/** A PID that was just used and is gone (a child that exited). */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" })
  return Number(child.stdout)
}

describe("lock rows are leases (SQLite)", () => {
  const setup = Effect.gen(function*() {
    const { client, fake } = yield* served({ seed })
    const { context, sql } = yield* database("sqlite")
    yield* Migrations.run.pipe(Effect.provide(Layer.succeedContext(context)))
    const now = Date.now()
    const sync = (options: Sync.Options = {}) =>
      Sync.run({ resources: ["groups"], ...options }).pipe(
        Effect.provide(Layer.succeedContext(context)),
        Effect.provide(client)
      )
    return { fake, sql, now, sync }
  })

  it.live("a restart with the same host and PID (PID 1 in a container): taken over once the lease ran out", () =>
    Effect.gen(function*() {
      const { now, sql, sync } = yield* setup
      // The process before the restart had this host name and this very PID (alive: it is us).
      yield* leaveRow(sql, {
        resource: "groups",
        host: hostname(),
        pid: process.pid,
        pid_namespace: Lock.pidNamespace,
        acquired_at: now - 120_000,
        expires_at: now - 1
      })
      const summary = yield* sync()
      expect(summary.resources[0]).toMatchObject({ resource: "groups", mode: "snapshot" })
      // Released at the end.
      expect(yield* lockRows(sql)).toEqual([])
    }).pipe(Effect.scoped))

  it.live("a restart with the same host and PID: refused with SyncLocked while the lease runs", () =>
    Effect.gen(function*() {
      const { now, sql, sync } = yield* setup
      yield* leaveRow(sql, {
        resource: "groups",
        host: hostname(),
        pid: process.pid,
        pid_namespace: Lock.pidNamespace,
        acquired_at: now,
        expires_at: now + 30_000
      })
      const error = failureOf(yield* Effect.exit(sync()))
      expect(error).toBeInstanceOf(SyncLocked)
      expect(error?.message).toMatch(new RegExp(`held by process ${process.pid} on .*lease running out in (29|30) s`))
      // The row is left alone.
      expect((yield* lockRows(sql)).map((r) => r.owner)).toEqual(["the-run-before"])
    }).pipe(Effect.scoped))

  it.live("a host that never comes back (a killed pod): taken over once the lease ran out, not before", () =>
    Effect.gen(function*() {
      const { now, sql, sync } = yield* setup
      yield* leaveRow(sql, {
        resource: "groups",
        host: "livechat-sync-7d9f8-gone",
        pid: 1,
        pid_namespace: "another boot pid:[4026531836]",
        acquired_at: now - 10_000,
        expires_at: now + 50_000
      })
      const refused = failureOf(yield* Effect.exit(sync()))
      expect(refused).toBeInstanceOf(SyncLocked)
      expect(refused?.message).toMatch(/process 1 on livechat-sync-7d9f8-gone/)
      yield* sql`UPDATE livechat_sync_lock SET expires_at = ${now - 1}`
      expect((yield* sync()).resources[0].resource).toBe("groups")
      expect(yield* lockRows(sql)).toEqual([])
    }).pipe(Effect.scoped))

  it.live("a row of an earlier version (no expires_at) runs out a lease after it was taken", () =>
    Effect.gen(function*() {
      const { now, sql, sync } = yield* setup
      yield* leaveRow(sql, {
        resource: "groups",
        host: "old-host",
        pid: 1,
        pid_namespace: null,
        acquired_at: now - 5_000,
        expires_at: null
      })
      expect(failureOf(yield* Effect.exit(sync()))).toBeInstanceOf(SyncLocked)
      yield* sql`UPDATE livechat_sync_lock SET acquired_at = ${now - 61_000}`
      expect((yield* sync()).resources[0].resource).toBe("groups")
    }).pipe(Effect.scoped))

  it.live.skipIf(Lock.pidNamespace === null)(
    "a process gone on this PID namespace: taken over at once; the same PID seen from another namespace: not",
    () =>
      Effect.gen(function*() {
        const { now, sql, sync } = yield* setup
        const pid = deadPid()
        // Another PID namespace (another container with the same host name): its PID tells nothing here.
        yield* leaveRow(sql, {
          resource: "groups",
          host: hostname(),
          pid,
          pid_namespace: "another container pid:[4026532999]",
          acquired_at: now,
          expires_at: now + 60_000
        })
        expect(failureOf(yield* Effect.exit(sync()))).toBeInstanceOf(SyncLocked)
        // This namespace: the process is gone, its lock is taken over without waiting for its lease.
        yield* sql`UPDATE livechat_sync_lock SET pid_namespace = ${Lock.pidNamespace}`
        expect((yield* sync()).resources[0].resource).toBe("groups")
      }).pipe(Effect.scoped)
  )

  it.live("a run whose lock is taken over stops with LockLost and writes nothing more", () =>
    Effect.gen(function*() {
      const { client, fake } = yield* served({ seed, faults: { latency: "5 millis" } })
      const { context, sql } = yield* database("sqlite")
      // (The tables first: the SQLite client caches a statement that failed to prepare.)
      yield* Migrations.run.pipe(Effect.provide(Layer.succeedContext(context)))
      const run = yield* Effect.fork(
        Sync.run({ resources: ["chats"], batchSize: 20, concurrency: 1, audit: false, verifyDays: 0 }).pipe(
          Effect.provide(Layer.succeedContext(context)),
          Effect.provide(client)
        )
      )
      while (Number((yield* sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM livechat_chats`)[0].n) < 60) {
        yield* Effect.sleep("5 millis")
      }
      // Another run took the lock over (as if this one had stalled past its lease).
      yield* sql`UPDATE livechat_sync_lock SET owner = 'the-thief', host = 'elsewhere', pid = 1,
        expires_at = ${Date.now() + 60_000}`
      const written = Number((yield* sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM livechat_chats`)[0].n)
      const error = failureOf(yield* Fiber.await(run))
      expect(error?._tag).toBe("LockLost")
      expect(error?.message).toMatch(/lost its lock of chats \(taken over by process 1 on elsewhere/)
      // Every batch after the theft was refused by its transaction's check of the lock.
      const after = Number((yield* sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM livechat_chats`)[0].n)
      expect(after).toBe(written)
      expect(after).toBeLessThan(fake.state.chats.count)
      // The thief's row is left alone.
      expect((yield* lockRows(sql)).map((r) => r.owner)).toEqual(["the-thief"])
    }).pipe(Effect.scoped), 30_000)
})

/**
 * The lease mechanism itself, on both databases (forced on PostgreSQL, where a run uses advisory
 * locks), with several clients or connections so that the takers really race.
 */
describe.each(databases)("lock leases on %s", (db) => {
  /** `n` clients of one fresh database (SQLite: a connection each; PostgreSQL: one pool of `n + 1`), migrated. */
  const clients = (n: number) =>
    Effect.gen(function*() {
      const fresh = yield* freshDatabase(db)
      const contexts: ReadonlyArray<Context.Context<SqlClient.SqlClient>> = db === "sqlite" ?
        yield* Effect.forEach(Array.from({ length: n }), () => Layer.build(fresh.layer)) :
        Array.from(
          { length: n },
          constant(
            yield* Layer.build(Sync.layerPg({ url: Redacted.make(fresh.url), maxConnections: n + 1 }).pipe(Layer.orDie))
          )
        )
      yield* Migrations.run.pipe(Effect.provide(contexts[0]))
      return { contexts, sql: Context.get(contexts[0], SqlClient.SqlClient) }
    })

  const acquire = (options: { readonly lease?: Duration.Duration; readonly owner?: Lock.Owner } = {}) =>
    Lock.acquire(["chats"], { onLocked: "fail", kind: "lease", lease: options.lease ?? lease, owner: options.owner })

  it.live.skipIf(skip(db))(
    "two takers of an expired lease that saw the same row: exactly one wins",
    () =>
      Effect.gen(function*() {
        const { contexts, sql } = yield* clients(2)
        const now = Date.now()
        yield* leaveRow(sql, {
          resource: "chats",
          host: "gone",
          pid: 1,
          pid_namespace: null,
          acquired_at: now - 120_000,
          expires_at: now - 1_000
        })
        const seen = (yield* Lock.readRow("chats").pipe(Effect.provide(contexts[0])))!
        const takers = [Lock.makeOwner(), Lock.makeOwner()]
        const won = yield* Effect.all(
          takers.map((taker, i) =>
            Lock.takeOver("chats", seen, taker, lease, "expired").pipe(Effect.provide(contexts[i]))
          ),
          { concurrency: "unbounded" }
        )
        expect(won.filter(Boolean)).toHaveLength(1)
        const row = yield* Lock.readRow("chats").pipe(Effect.provide(contexts[0]))
        expect(row?.owner).toBe(takers[won.indexOf(true)].owner)
        expect(row?.expiresAt).toBeGreaterThan(now + 50_000)
      }).pipe(Effect.scoped)
  )

  it.live.skipIf(skip(db))(
    "eight runs racing for an expired lease: exactly one takes it, the others get SyncLocked",
    () =>
      Effect.gen(function*() {
        const { contexts, sql } = yield* clients(8)
        const now = Date.now()
        yield* leaveRow(sql, {
          resource: "chats",
          host: "gone",
          pid: 1,
          pid_namespace: null,
          acquired_at: now - 120_000,
          expires_at: now - 1_000
        })
        const exits = yield* Effect.all(
          contexts.map((context) => Effect.exit(acquire().pipe(Effect.provide(context)))),
          { concurrency: "unbounded" }
        )
        expect(exits.filter(Exit.isSuccess)).toHaveLength(1)
        expect(exits.filter(Exit.isFailure).map(failureOf).every((e) => e instanceof SyncLocked)).toBe(true)
      }).pipe(Effect.scoped)
  )

  it.live.skipIf(skip(db))(
    "a lease is renewed while its run lives: held past its length, others refused",
    () =>
      Effect.gen(function*() {
        const { contexts } = yield* clients(2)
        const short = Duration.seconds(1)
        const held = yield* acquire({ lease: short }).pipe(Effect.provide(contexts[0]))
        const watch = yield* Effect.fork(held.watch)
        for (let i = 0; i < 5; i++) {
          yield* Effect.sleep("500 millis")
          const refused = yield* Effect.exit(Effect.scoped(acquire({ lease: short })).pipe(Effect.provide(contexts[1])))
          expect(failureOf(refused)).toBeInstanceOf(SyncLocked)
        }
        const row = yield* Lock.readRow("chats").pipe(Effect.provide(contexts[1]))
        expect(row?.expiresAt).toBeGreaterThan(Date.now())
        yield* held.fence.pipe(Effect.provide(contexts[0]))
        yield* Fiber.interrupt(watch)
      }).pipe(Effect.scoped),
    20_000
  )

  it.live.skipIf(skip(db))(
    "a lease taken by another: the fence and the renewal fail with LockLost",
    () =>
      Effect.gen(function*() {
        const { contexts, sql } = yield* clients(1)
        const held = yield* acquire({ lease: Duration.seconds(1) }).pipe(Effect.provide(contexts[0]))
        const watch = yield* Effect.fork(held.watch)
        yield* sql`UPDATE livechat_sync_lock SET owner = 'the-thief', host = 'elsewhere', pid = 7`
        const fenced = failureOf(yield* Effect.exit(held.fence.pipe(Effect.provide(contexts[0]))))
        expect(fenced?._tag).toBe("LockLost")
        const watched = failureOf(yield* Fiber.await(watch))
        expect(watched).toMatchObject({ _tag: "LockLost", resource: "chats" })
        expect(watched?.message).toMatch(/taken over by process 7 on elsewhere/)
      }).pipe(Effect.scoped),
    20_000
  )

  it.live.skipIf(skip(db))(
    "a lease that cannot be renewed (the database fails): LockLost, with the cause",
    () =>
      Effect.gen(function*() {
        const { contexts, sql } = yield* clients(1)
        const held = yield* acquire({ lease: Duration.seconds(1) }).pipe(Effect.provide(contexts[0]))
        yield* sql`DROP TABLE livechat_sync_lock`
        const started = Date.now()
        const watched = failureOf(yield* Effect.exit(held.watch))
        expect(watched).toMatchObject({ _tag: "LockLost", resource: "chats" })
        expect(watched?.message).toMatch(/could not be renewed/)
        // The first renewal after a third of the lease, then two retries a twelfth apart.
        expect(Date.now() - started).toBeLessThan(2_000)
      }).pipe(Effect.scoped),
    20_000
  )
})

describe("PostgreSQL: a run works on one connection", () => {
  const pg = (url: string, options: Partial<Sync.PgOptions> = {}) =>
    Sync.layerPg({ url: Redacted.make(url), ...options }).pipe(Layer.orDie)

  for (const maxConnections of [1, 2]) {
    it.live.skipIf(skip("postgres"))(
      `maxConnections: ${maxConnections}: a full sync of every resource completes`,
      () =>
        Effect.gen(function*() {
          const { client, fake } = yield* served({ seed })
          const { url } = yield* freshDatabase("postgres")
          const context = yield* Layer.build(pg(url, { maxConnections, connectTimeout: "5 seconds" }))
          const summary = yield* Sync.run({ batchSize: 100 }).pipe(
            Effect.provide(Layer.succeedContext(context)),
            Effect.provide(client)
          )
          expect(summary.resources.map((r) => r.resource)).toEqual(Sync.resources)
          yield* expectExact(Context.get(context, SqlClient.SqlClient), fake)
          // Again, incrementally, on the same pool.
          yield* fake.addChats(10)
          yield* Sync.run({ batchSize: 100 }).pipe(
            Effect.provide(Layer.succeedContext(context)),
            Effect.provide(client)
          )
          yield* expectExact(Context.get(context, SqlClient.SqlClient), fake)
        }).pipe(Effect.scoped),
      60_000
    )
  }

  it.live.skipIf(skip("postgres"))(
    "the run's nine advisory locks are held by one session",
    () =>
      Effect.gen(function*() {
        const { client, fake } = yield* served({ seed, faults: { latency: "5 millis" } })
        const { url } = yield* freshDatabase("postgres")
        const context = yield* Layer.build(pg(url, { maxConnections: 2 }))
        const sql = Context.get(context, SqlClient.SqlClient)
        const run = yield* Effect.fork(
          Sync.run({ batchSize: 20, concurrency: 1 }).pipe(
            Effect.provide(Layer.succeedContext(context)),
            Effect.provide(client)
          )
        )
        while ((yield* fake.requests).filter((r) => r.endpoint === "Archives.list").length < 2) {
          yield* Effect.sleep("5 millis")
        }
        const locks = yield* sql<{ sessions: unknown; locks: unknown }>`
        SELECT COUNT(DISTINCT pid) AS sessions, COUNT(*) AS locks FROM pg_locks
        WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
        expect({ sessions: Number(locks[0].sessions), locks: Number(locks[0].locks) }).toEqual({
          sessions: 1,
          locks: 9
        })
        yield* Fiber.join(run)
        const after = yield* sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory'`
        expect(Number(after[0].n)).toBe(0)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live.skipIf(skip("postgres"))(
    "no connection free in the pool: DatabaseUnavailable after the connect timeout, not a hang",
    () =>
      Effect.gen(function*() {
        const { client } = yield* served({ seed })
        const { url } = yield* freshDatabase("postgres")
        const context = yield* Layer.build(pg(url, { maxConnections: 1, connectTimeout: "500 millis" }))
        // Something else holds the pool's only connection.
        const pool = Context.get(context, PgClient.PgClient)
        yield* pool.reserve
        const started = Date.now()
        const error = failureOf(
          yield* Effect.exit(
            Sync.run({ resources: ["groups"] }).pipe(
              Effect.provide(Layer.succeedContext(context)),
              Effect.provide(client)
            )
          )
        )
        expect(Date.now() - started).toBeLessThan(3_000)
        expect(error?._tag).toBe("DatabaseUnavailable")
        expect(error?.message).toMatch(
          /^cannot use the database PostgreSQL postgres:\/\/.*no connection within the connect timeout/
        )
        expect(error?.message).not.toMatch(/\n/)
      }).pipe(Effect.scoped),
    30_000
  )
})
