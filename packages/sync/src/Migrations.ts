/**
 * The mirror's tables, created by `@effect/sql`'s migrator: the same on SQLite and PostgreSQL (only
 * the JSON columns differ: `JSONB` on PostgreSQL, `TEXT` holding JSON elsewhere). `Sync.run` runs
 * them first; run them alone with {@link run}.
 *
 * One table per resource (`livechat_chats`, `livechat_tickets`, `livechat_agents`, `livechat_groups`,
 * `livechat_goals`, `livechat_canned_responses`, `livechat_greetings`, `livechat_tags`,
 * `livechat_webhooks`) with a primary key, typed columns for what people filter and join on, the
 * whole record as JSON (`record`, without secrets), the run that last saw the record (`run`), when
 * (`synced_at`, unix millis) and when it disappeared (`deleted_at`, unix millis, or `NULL`). The
 * sync state (`livechat_sync_state`) holds each resource's cursor (a day: days since 1970-01-01)
 * and where the rolling re-verification of past days stands (`verified`, a day);
 * `livechat_sync_lock` the locks of databases without advisory locks: a lease per resource being
 * synced (its owner, host, process, PID namespace, and when it runs out: `expires_at`).
 *
 * @since 0.1.0
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import * as Tables from "./internal/tables.js"

/**
 * The table that records which migrations ran.
 *
 * @since 0.1.0
 * @category constants
 */
export const table = "livechat_migrations"

const create = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const json = sql.onDialectOrElse({ pg: () => "JSONB", orElse: () => "TEXT" })
  const typeOf = (type: Tables.ColumnType) =>
    type === "json" ? json : type === "bigint" ? "BIGINT" : type === "integer" ? "INTEGER" : type.toUpperCase()
  for (const table of Tables.all) {
    const columns = [...table.columns, ...Tables.common].map((column) =>
      `${column.name} ${typeOf(column.type)}${column.notNull === true ? " NOT NULL" : ""}`
    )
    yield* sql.unsafe(`CREATE TABLE ${table.name} (${columns.join(", ")}, PRIMARY KEY (${table.key.join(", ")}))`)
    for (const index of [...table.indexes, ["run"]]) {
      yield* sql.unsafe(`CREATE INDEX ${table.name}_${index.join("_")} ON ${table.name} (${index.join(", ")})`)
    }
  }
  yield* sql.unsafe(
    `CREATE TABLE ${Tables.stateTable} (resource TEXT NOT NULL PRIMARY KEY, cursor BIGINT, runs BIGINT NOT NULL, ` +
      `run_filters ${json}, checkpoint ${json}, updated_at BIGINT NOT NULL)`
  )
  yield* sql.unsafe(
    `CREATE TABLE ${Tables.lockTable} (resource TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, ` +
      `host TEXT NOT NULL, pid INTEGER NOT NULL, acquired_at BIGINT NOT NULL)`
  )
})

/** Where the rolling re-verification of past days stands, per resource (see `Sync.Options.verifyDays`). */
const verifiedDay = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => sql.unsafe(`ALTER TABLE ${Tables.stateTable} ADD COLUMN verified BIGINT`)
)

/**
 * Lock rows become leases (see `Sync.Options.lockLease`): when each runs out (`expires_at`, unix
 * millis; a row written before has none and runs out a lease after `acquired_at`), and the PID
 * namespace of its process (`pid_namespace`: a PID only tells whether a process is gone within it).
 */
const lockLease = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.unsafe(`ALTER TABLE ${Tables.lockTable} ADD COLUMN expires_at BIGINT`)
  yield* sql.unsafe(`ALTER TABLE ${Tables.lockTable} ADD COLUMN pid_namespace TEXT`)
})

/**
 * Creates or upgrades the mirror's tables (in one transaction; a no-op once they are current).
 *
 * @example
 * ```ts
 * import { Migrations, Sync } from "@effect-livechat/sync"
 * import { Effect } from "effect"
 *
 * const ready = Migrations.run.pipe(Effect.provide(Sync.layerSqlite("livechat.db")))
 * ```
 *
 * @since 0.1.0
 * @category migrations
 */
export const run: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient.SqlClient
> = Migrator.make({})({
  loader: Migrator.fromRecord({ "1_create_tables": create, "2_verified_day": verifiedDay, "3_lock_lease": lockLease }),
  table
})
