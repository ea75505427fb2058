/**
 * One sync of a resource at a time. PostgreSQL: a session advisory lock per resource, held on a
 * reserved connection for the run (released when the run ends, or by the server when the process
 * dies). Other databases (SQLite): a row per resource in the lock table naming its owner (host and
 * process id); a row whose process is gone on this host is taken over.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Clock, Effect, ExecutionStrategy, Exit, Schedule, Scope } from "effect"
import { randomUUID } from "node:crypto"
import { hostname } from "node:os"
import { SyncLocked } from "../SyncError.js"
import { lockTable } from "./tables.js"

/** The first key of the advisory locks of this package (the second is the resource's hash). */
const lockClass = 0x4c43 // "LC"

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

interface Attempt {
  /** Whether the lock was taken, and if not, who holds it. */
  readonly taken: boolean
  readonly holder: string
}

/** Tries once to take the lock of `resource`, in `scope`; released when the scope closes. */
const attempt = (
  resource: string,
  scope: Scope.Scope
): Effect.Effect<Attempt, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    if (sql.onDialectOrElse({ pg: () => true, orElse: () => false })) {
      // The lock belongs to the session: hold one connection for the run (or give it back at once).
      const held = yield* Scope.fork(scope, ExecutionStrategy.sequential)
      const connection = yield* Effect.provideService(sql.reserve, Scope.Scope, held)
      const [row] = yield* connection.execute(
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken",
        [lockClass, resource],
        undefined
      )
      const taken = row?.taken === true
      yield* taken
        ? Scope.addFinalizer(
          held,
          Effect.ignore(
            connection.execute("SELECT pg_advisory_unlock($1, hashtext($2))", [lockClass, resource], undefined)
          )
        )
        : Scope.close(held, Exit.void)
      return { taken, holder: `another session (PostgreSQL advisory lock ${lockClass}, hashtext('${resource}'))` }
    }
    const owner = randomUUID()
    const host = hostname()
    const now = yield* Clock.currentTimeMillis
    const insert = sql`INSERT INTO ${sql(lockTable)} (resource, owner, host, pid, acquired_at)
      VALUES (${resource}, ${owner}, ${host}, ${process.pid}, ${now}) ON CONFLICT (resource) DO NOTHING`
    yield* insert
    const rows = yield* sql<{ owner: string; host: string; pid: number | string }>`
      SELECT owner, host, pid FROM ${sql(lockTable)} WHERE resource = ${resource}`
    let current = rows[0]
    if (current !== undefined && current.owner !== owner && current.host === host && !alive(Number(current.pid))) {
      // Its process is gone (killed): take the lock over, unless someone else just did.
      yield* sql`UPDATE ${sql(lockTable)} SET owner = ${owner}, pid = ${process.pid}, acquired_at = ${now}
        WHERE resource = ${resource} AND owner = ${current.owner}`
      current = (yield* sql<{ owner: string; host: string; pid: number | string }>`
        SELECT owner, host, pid FROM ${sql(lockTable)} WHERE resource = ${resource}`)[0]
    }
    const taken = current?.owner === owner
    if (taken) {
      yield* Scope.addFinalizer(
        scope,
        Effect.ignore(sql`DELETE FROM ${sql(lockTable)} WHERE resource = ${resource} AND owner = ${owner}`)
      )
    }
    return { taken, holder: current === undefined ? "unknown" : `process ${current.pid} on ${current.host}` }
  })

/**
 * Takes the locks of `resources` for the scope, all or none: fails with `SyncLocked` when one is
 * held (`onLocked: "fail"`), or waits for it, polling every `poll` (`"wait"`).
 */
export const acquire = (
  resources: ReadonlyArray<string>,
  options: { readonly onLocked: "fail" | "wait"; readonly poll?: Schedule.Schedule<unknown> | undefined }
): Effect.Effect<void, SyncLocked | SqlError, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    for (const resource of resources) {
      const once = Effect.flatMap(attempt(resource, scope), ({ holder, taken }) =>
        taken ? Effect.void : Effect.fail(new SyncLocked({ resource, holder })))
      yield* options.onLocked === "wait"
        ? Effect.retry(once, {
          schedule: options.poll ?? Schedule.spaced("500 millis"),
          while: (error) =>
            error._tag === "SyncLocked"
        })
        : once
    }
  })
