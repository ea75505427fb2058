/**
 * One sync of a resource at a time.
 *
 * - **PostgreSQL**: a run works on ONE connection reserved for it ({@link session}): its
 *   migrations, its session advisory locks (one per resource) and all its writes. A pool of one
 *   connection is enough, and the locks cannot be lost while the run writes on: they belong to the
 *   connection that writes, and are released by the server when it closes (the process died).
 * - **Other databases (SQLite)**: a row per resource in the lock table, held as a *lease*: it names
 *   its owner (the run), its host and process, and when it expires (`expires_at`). The run renews
 *   it every third of the lease while it lives, and checks it (renewing it) in every write
 *   transaction, so that a run that lost it writes nothing more ({@link Held.fence}) and stops
 *   ({@link Held.watch}). A row whose lease ran out is taken over by an atomic
 *   `UPDATE … WHERE owner = <the one seen> AND expires_at < now`: of two takers, one wins. A
 *   process that was killed leaves its row until its lease runs out — except on Linux, where a row
 *   of the same PID namespace (same boot) whose process is gone is taken over at once; a PID that
 *   is alive (reused after a restart, PID 1 in a container) never is: the lease decides.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import { PgClient } from "@effect/sql-pg"
import * as SqlClient from "@effect/sql/SqlClient"
import type { Connection } from "@effect/sql/SqlConnection"
import type { SqlError } from "@effect/sql/SqlError"
import * as Statement from "@effect/sql/Statement"
import { Clock, Duration, Effect, Schedule, type Scope } from "effect"
import { randomUUID } from "node:crypto"
import { readFileSync, readlinkSync } from "node:fs"
import { hostname } from "node:os"
import type { DatabaseUnavailable } from "../SyncError.js"
import { LockLost, SyncLocked } from "../SyncError.js"
import { isConnectTimeout, pgName, pgSecrets, unavailable } from "./database.js"
import { lockTable } from "./tables.js"

/** The first key of the advisory locks of this package (the second is the resource's hash). */
const lockClass = 0x4c43 // "LC"

/** A lock row's lease when none is given. */
export const defaultLease: Duration.Duration = Duration.seconds(60)

const isPg = (sql: SqlClient.SqlClient) => sql.onDialectOrElse({ pg: () => true, orElse: () => false })

/** A PostgreSQL client's configuration, when it is `@effect/sql-pg`'s. */
const pgConfig = (sql: SqlClient.SqlClient): Partial<PgClient.PgClientConfig> =>
  PgClient.TypeId in sql ? (sql as PgClient.PgClient).config : {}

/**
 * A client whose every statement and transaction runs on `connection` (as `@effect/sql-pg`'s
 * client would, with its compiler and name transforms).
 */
const onConnection = (sql: SqlClient.SqlClient, connection: Connection) => {
  const config = pgConfig(sql)
  return SqlClient.make({
    acquirer: Effect.succeed(connection),
    compiler: PgClient.makeCompiler(config.transformQueryNames, config.transformJson),
    spanAttributes: [
      ...(config.spanAttributes === undefined ? [] : Object.entries(config.spanAttributes)),
      ["db.system.name", "postgresql"],
      ["db.namespace", config.database ?? config.username ?? "postgres"],
      ["server.address", config.host ?? "localhost"],
      ["server.port", config.port ?? 5432]
    ],
    transformRows: config.transformResultNames === undefined
      ? undefined
      : Statement.defaultTransforms(config.transformResultNames, config.transformJson).array
  }).pipe(Effect.provideServiceEffect(Reactivity.Reactivity, Reactivity.make))
}

/**
 * The client a run works with, for the scope. PostgreSQL: one connection of the pool, reserved for
 * the run (waiting for it at most the pool's connect timeout: then `DatabaseUnavailable`), as a
 * client whose every statement and transaction runs on it. Others: the client in context.
 */
export const session: Effect.Effect<
  SqlClient.SqlClient,
  DatabaseUnavailable,
  SqlClient.SqlClient | Scope.Scope
> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  if (!isPg(sql)) return sql
  const connection = yield* Effect.mapError(sql.reserve, (error) => {
    const config = pgConfig(sql)
    return unavailable(
      pgName(config),
      error,
      pgSecrets(config),
      isConnectTimeout(error)
        ? "no connection within the connect timeout: the server does not answer, or every connection of the pool " +
          "(maxConnections) is in use; a run needs one"
        : undefined
    )
  })
  return yield* onConnection(sql, connection)
})

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Which processes `process.kill(pid, 0)` sees from here: the kernel's boot and the PID namespace
 * (Linux), or `null` where that cannot be told (then a row's process is never judged gone: its
 * lease decides). Two containers share a host name but not a PID namespace: a PID is only
 * meaningful within one.
 */
export const pidNamespace: string | null = (() => {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()
    const namespace = readlinkSync("/proc/self/ns/pid")
    return boot === "" || namespace === "" ? null : `${boot} ${namespace}`
  } catch {
    return null
  }
})()

/** Who takes a lock: the run (`owner`), and where it runs. */
export interface Owner {
  readonly owner: string
  readonly host: string
  readonly pid: number
  readonly pidNamespace: string | null
}

/** This process, as a new owner. */
export const makeOwner = (): Owner => ({ owner: randomUUID(), host: hostname(), pid: process.pid, pidNamespace })

/** A lock row as read. */
export interface Row {
  readonly owner: string
  readonly host: string
  readonly pid: number
  readonly pidNamespace: string | null
  readonly acquiredAt: number
  /** When its lease runs out (unix millis); a row of an earlier version has none: `acquiredAt` + the lease. */
  readonly expiresAt: number | null
}

/** The lock row of `resource`, if any. */
export const readRow = (resource: string): Effect.Effect<Row | undefined, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<
      {
        owner: string
        host: string
        pid: unknown
        pid_namespace: string | null
        acquired_at: unknown
        expires_at: unknown
      }
    >`SELECT owner, host, pid, pid_namespace, acquired_at, expires_at FROM ${
      sql(lockTable)
    } WHERE resource = ${resource}`
    const row = rows[0]
    return row === undefined ? undefined : {
      owner: row.owner,
      host: row.host,
      pid: Number(row.pid),
      pidNamespace: row.pid_namespace,
      acquiredAt: Number(row.acquired_at),
      expiresAt: row.expires_at === null ? null : Number(row.expires_at)
    }
  })

const expiryOf = (row: Row, leaseMillis: number) => row.expiresAt ?? row.acquiredAt + leaseMillis

/** Who holds a lock row, for `SyncLocked` and `LockLost`. */
const holderOf = (row: Row, now: number, leaseMillis: number) => {
  const left = Math.ceil((expiryOf(row, leaseMillis) - now) / 1000)
  return `process ${row.pid} on ${row.host}, ${
    left > 0 ? `its lease running out in ${left} s unless renewed` : "its lease run out"
  }`
}

/**
 * Takes over the row of `resource` as `me`, if it is still the row `seen` and either its lease
 * has run out or (`gone`) its process is gone on this PID namespace: one atomic UPDATE, so that of
 * two takers that saw the same row, one wins. Returns whether this one did.
 */
export const takeOver = (
  resource: string,
  seen: Row,
  me: Owner,
  lease: Duration.Duration,
  reason: "expired" | "gone"
): Effect.Effect<boolean, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const now = yield* Clock.currentTimeMillis
    const leaseMillis = Duration.toMillis(lease)
    const still = reason === "expired"
      ? sql`COALESCE(expires_at, acquired_at + ${leaseMillis}) < ${now}`
      : sql`pid = ${seen.pid} AND pid_namespace = ${seen.pidNamespace}`
    yield* sql`UPDATE ${sql(lockTable)} SET owner = ${me.owner}, host = ${me.host}, pid = ${me.pid},
      pid_namespace = ${me.pidNamespace}, acquired_at = ${now}, expires_at = ${now + leaseMillis}
      WHERE resource = ${resource} AND owner = ${seen.owner} AND ${still}`
    return (yield* readRow(resource))?.owner === me.owner
  })

interface Attempt {
  /** Whether the lock was taken, and if not, who holds it. */
  readonly taken: boolean
  readonly holder: string
}

/** Tries once to take the advisory lock of `resource` on the run's connection; released when the scope closes. */
const attemptAdvisory = (resource: string): Effect.Effect<Attempt, SqlError, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<
      { taken: unknown }
    >`SELECT pg_try_advisory_lock(${lockClass}, hashtext(${resource})) AS taken`
    const taken = row?.taken === true
    if (taken) {
      yield* Effect.addFinalizer(() =>
        Effect.ignore(sql`SELECT pg_advisory_unlock(${lockClass}, hashtext(${resource}))`)
      )
    }
    return { taken, holder: `another session (PostgreSQL advisory lock ${lockClass}, hashtext('${resource}'))` }
  })

/** Tries once to take the lock row of `resource` for `me`; released when the scope closes. */
const attemptRow = (
  resource: string,
  me: Owner,
  lease: Duration.Duration
): Effect.Effect<Attempt, SqlError, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const leaseMillis = Duration.toMillis(lease)
    const now = yield* Clock.currentTimeMillis
    yield* sql`INSERT INTO ${sql(lockTable)} (resource, owner, host, pid, pid_namespace, acquired_at, expires_at)
      VALUES (${resource}, ${me.owner}, ${me.host}, ${me.pid}, ${me.pidNamespace}, ${now}, ${now + leaseMillis})
      ON CONFLICT (resource) DO NOTHING`
    let current = yield* readRow(resource)
    if (current !== undefined && current.owner !== me.owner) {
      if (expiryOf(current, leaseMillis) < now) {
        yield* takeOver(resource, current, me, lease, "expired")
        current = yield* readRow(resource)
      } else if (
        current.pidNamespace !== null && current.pidNamespace === me.pidNamespace && !alive(current.pid)
      ) {
        // Its process is gone (killed) and could be seen from here: no need to wait for its lease.
        yield* takeOver(resource, current, me, lease, "gone")
        current = yield* readRow(resource)
      }
    }
    const taken = current?.owner === me.owner
    if (taken) {
      yield* Effect.addFinalizer(() =>
        Effect.ignore(sql`DELETE FROM ${sql(lockTable)} WHERE resource = ${resource} AND owner = ${me.owner}`)
      )
    }
    return { taken, holder: current === undefined ? "unknown" : holderOf(current, now, leaseMillis) }
  })

/** The locks a run holds. */
export interface Held {
  /**
   * Checks, within a write transaction, that the run still holds its locks (renewing their lease),
   * or fails with `LockLost`: put first in every transaction that writes, so that nothing is
   * written by a run that lost its locks. (A no-op for advisory locks.)
   */
  readonly fence: Effect.Effect<void, LockLost | SqlError, SqlClient.SqlClient>
  /**
   * Renews the leases every third of the lease for as long as it runs; fails with `LockLost` when
   * a lock was taken by someone else or could not be renewed (after two retries). Never succeeds:
   * race the run with it. (Never ends, for advisory locks.)
   */
  readonly watch: Effect.Effect<never, LockLost>
}

/** Renews the leases of `me` on `resources`, then checks that each is still its own. */
const renew = (
  resources: ReadonlyArray<string>,
  me: Owner,
  lease: Duration.Duration
): Effect.Effect<void, LockLost | SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    if (resources.length === 0) return
    const sql = yield* SqlClient.SqlClient
    const now = yield* Clock.currentTimeMillis
    const leaseMillis = Duration.toMillis(lease)
    yield* sql`UPDATE ${sql(lockTable)} SET expires_at = ${now + leaseMillis}
      WHERE owner = ${me.owner} AND ${sql.in("resource", resources)}`
    const rows = yield* sql<{ resource: string; owner: string; host: string; pid: unknown }>`
      SELECT resource, owner, host, pid FROM ${sql(lockTable)} WHERE ${sql.in("resource", resources)}`
    for (const resource of resources) {
      const row = rows.find((r) => r.resource === resource)
      if (row?.owner !== me.owner) {
        return yield* new LockLost({
          resource,
          reason: row === undefined
            ? "its lock row was removed"
            : `taken over by process ${Number(row.pid)} on ${row.host}`
        })
      }
    }
  })

/**
 * Takes the locks of `resources` for the scope, all or none: fails with `SyncLocked` when one is
 * held (`onLocked: "fail"`), or waits for it, polling every `poll` (`"wait"`). `kind` chooses the
 * mechanism (by default: advisory locks on PostgreSQL, lease rows elsewhere); on PostgreSQL, run
 * it with the client of {@link session}, so that the locks are taken on the run's connection.
 */
export const acquire = (
  resources: ReadonlyArray<string>,
  options: {
    readonly onLocked: "fail" | "wait"
    readonly lease?: Duration.Duration | undefined
    readonly poll?: Schedule.Schedule<unknown> | undefined
    readonly kind?: "advisory" | "lease" | undefined
    readonly owner?: Owner | undefined
  }
): Effect.Effect<Held, SyncLocked | SqlError, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const advisory = (options.kind ?? (isPg(sql) ? "advisory" : "lease")) === "advisory"
    const lease = options.lease ?? defaultLease
    const me = options.owner ?? makeOwner()
    for (const resource of resources) {
      const attempt = advisory ? attemptAdvisory(resource) : attemptRow(resource, me, lease)
      const once = Effect.flatMap(attempt, ({ holder, taken }) =>
        taken ? Effect.void : Effect.fail(new SyncLocked({ resource, holder })))
      yield* options.onLocked === "wait"
        ? Effect.retry(once, {
          schedule: options.poll ?? Schedule.spaced("500 millis"),
          while: (error) =>
            error._tag === "SyncLocked"
        })
        : once
    }
    if (advisory) return { fence: Effect.void, watch: Effect.never }
    const check = renew(resources, me, lease)
    const leaseMillis = Duration.toMillis(lease)
    const renewal = check.pipe(
      // A failing database: twice more, a twelfth of the lease apart (half the lease is left then).
      Effect.retry({
        schedule: Schedule.spaced(Duration.millis(leaseMillis / 12)),
        times: 2,
        while: (error) => error._tag === "SqlError"
      }),
      Effect.catchTag("SqlError", (error) =>
        Effect.fail(
          new LockLost({
            resource: resources[0],
            reason: `its lease could not be renewed: ${error.message}`,
            cause: error
          })
        )),
      Effect.provideService(SqlClient.SqlClient, sql)
    )
    return {
      fence: check,
      watch: Effect.forever(Effect.zipRight(Effect.sleep(Duration.millis(leaseMillis / 3)), renewal))
    }
  })
