/**
 * Writing the mirror: idempotent upserts of records, the sync state, deletion marks and counts,
 * in SQL that runs unchanged on SQLite and PostgreSQL. Every statement whose parameters grow with
 * its input is cut to the engine's limit of parameters ({@link maxParameters}).
 */
import { Checkpoint } from "@effect-livechat/streams"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Option, Schema } from "effect"
import * as Tables from "./tables.js"

/** The stored state of a resource. */
export interface State {
  /**
   * A day (days since 1970-01-01): the newest day a complete run read records of; the next run
   * reads again from it, less the look-back.
   */
  readonly cursor: number | null
  /** The day the rolling re-verification of past days reached (it goes back from there). */
  readonly verified: number | null
  /** Completed runs. */
  readonly runs: number
  /** The filters and the last checkpoint of a run that did not finish. */
  readonly runFilters: Record<string, string> | null
  readonly checkpoint: Checkpoint.Checkpoint | null
}

const parseJson = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value)

const decodeCheckpoint = Schema.decodeUnknownOption(Checkpoint.Checkpoint)

export const readState = (resource: string): Effect.Effect<State, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<
      { cursor: unknown; verified: unknown; runs: unknown; run_filters: unknown; checkpoint: unknown }
    >`SELECT cursor, verified, runs, run_filters, checkpoint FROM ${
      sql(Tables.stateTable)
    } WHERE resource = ${resource}`
    const row = rows[0]
    if (row === undefined) return { cursor: null, verified: null, runs: 0, runFilters: null, checkpoint: null }
    // A checkpoint of an earlier version (or none) resumes nothing: the run starts again from the cursor.
    const checkpoint = row.checkpoint === null ? Option.none() : decodeCheckpoint(parseJson(row.checkpoint))
    const cursor = row.cursor === null ? null : Number(row.cursor)
    return {
      // Cursors written before they were days were unix seconds (more than a million): their day.
      cursor: cursor === null ? null : cursor > 1_000_000 ? Math.floor(cursor / 86_400) : cursor,
      verified: row.verified === null ? null : Number(row.verified),
      runs: Number(row.runs),
      runFilters: Option.isSome(checkpoint) ? parseJson(row.run_filters) as Record<string, string> : null,
      checkpoint: Option.getOrNull(checkpoint)
    }
  })

export const writeState = (
  resource: string,
  state: State,
  now: number
): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`INSERT INTO ${sql(Tables.stateTable)} ${
      sql.insert({
        resource,
        cursor: state.cursor,
        verified: state.verified,
        runs: state.runs,
        run_filters: state.runFilters === null ? null : JSON.stringify(state.runFilters),
        checkpoint: state.checkpoint === null ? null : JSON.stringify(state.checkpoint),
        updated_at: now
      })
    } ON CONFLICT (resource) DO UPDATE SET cursor = excluded.cursor, verified = excluded.verified, runs = excluded.runs,
      run_filters = excluded.run_filters, checkpoint = excluded.checkpoint, updated_at = excluded.updated_at`.pipe(
      Effect.asVoid
    ))

/**
 * The most parameters one statement may bind, by engine — the one place the limits are known:
 * PostgreSQL's protocol counts them in 16 bits (65,535); SQLite's `SQLITE_MAX_VARIABLE_NUMBER` is
 * 32,766 by default since 3.32 (better-sqlite3 is built with it); MySQL 65,535; SQL Server 2,100
 * (2,000 here, leaving room); any other: 999 (SQLite's default before 3.32, the lowest in use).
 */
export const maxParameters = (sql: SqlClient.SqlClient): number =>
  sql.onDialectOrElse({
    pg: () => 65_535,
    sqlite: () => 32_766,
    mysql: () => 65_535,
    mssql: () => 2_000,
    orElse: () => 999
  })

/** The items of a list of parameters one statement may carry besides `fixed` other parameters. */
export const parametersPerStatement = (sql: SqlClient.SqlClient, fixed: number): number =>
  Math.max(1, maxParameters(sql) - fixed)

/** The rows of `columns` columns one multi-row statement may carry (at least one). */
export const rowsPerStatement = (sql: SqlClient.SqlClient, columns: number): number =>
  Math.max(1, Math.floor(maxParameters(sql) / columns))

/** `items` in consecutive chunks of at most `size`. */
export const chunked = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  if (items.length <= size) return [items]
  const chunks: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

/** The columns of a table's rows, in the order its upsert binds them. */
export const columnsOf = (table: Tables.Table<never>) => [
  ...table.columns.map((column) => column.name),
  ...Tables.common.map((column) => column.name)
]

/**
 * The upsert of `rows` rows into `table`, compiled once per table, row count and client by the
 * client's own compiler (so in its dialect), then reused with the parameters alone: building and
 * compiling a 500-row `sql.insert` of row objects for every batch cost about as much CPU as SQLite
 * took to write it (profile of a 20,000-chat sync: store.ts + the compiler ≈ 5 µs a chat).
 */
const upsertSql = (sql: SqlClient.SqlClient, table: Tables.Table<never>, rows: number): string => {
  let compiled = compiledUpserts.get(sql)
  if (compiled === undefined) {
    compiled = new Map()
    compiledUpserts.set(sql, compiled)
  }
  const key = `${table.name}\u0000${rows}`
  let text = compiled.get(key)
  if (text === undefined) {
    const names = columnsOf(table)
    const updates = names.filter((name) => !table.key.includes(name)).map((name) => `${name} = excluded.${name}`)
    const shape = Object.fromEntries(names.map((name) => [name, null]))
    text = sql`INSERT INTO ${sql(table.name)} ${
      sql.insert(Array.from({ length: rows }, () => shape))
    } ON CONFLICT (${sql.literal(table.key.join(", "))}) DO UPDATE SET ${sql.literal(updates.join(", "))}`.compile()[0]
    compiled.set(key, text)
  }
  return text
}

const compiledUpserts = new WeakMap<SqlClient.SqlClient, Map<string, string>>()

/**
 * Inserts or replaces `records` (the last of each key wins), marking them seen by `run`. Replaying
 * the same records changes nothing: upserts are idempotent. Any number of records: they are
 * written in statements that fit the engine's limit of parameters (see {@link upsertRows}).
 */
export const upsert = <A>(
  table: Tables.Table<A>,
  records: Iterable<A>,
  run: number,
  now: number
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  upsertRows(table, Array.from(records, (record) => table.row(record)), run, now)

/**
 * {@link upsert}, of records already made rows (`table.row`): in statements of at most
 * {@link rowsPerStatement} rows (one transaction when there are several), so that no number of
 * rows exceeds the engine's limit of parameters.
 */
export const upsertRows = (
  table: Tables.Table<never>,
  rows: Iterable<Tables.Row>,
  run: number,
  now: number
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const key = table.key
    const byKey = new Map<unknown, Tables.Row>()
    for (const row of rows) byKey.set(key.length === 1 ? row[key[0]] : key.map((k) => row[k]).join("\u0000"), row)
    if (byKey.size === 0) return 0
    const columns = table.columns
    const chunks = chunked([...byKey.values()], rowsPerStatement(sql, columnsOf(table).length))
    const write = Effect.forEach(chunks, (chunk) => {
      const params: Array<string | number | null> = []
      for (const row of chunk) {
        for (let i = 0; i < columns.length; i++) params.push(row[columns[i].name])
        // Then Tables.common's columns, in their order: record, run, synced_at, deleted_at.
        params.push(row.record, run, now, null)
      }
      return sql.unsafe(upsertSql(sql, table, chunk.length), params)
    }, { discard: true })
    yield* chunks.length === 1 ? write : sql.withTransaction(write)
    return byKey.size
  })

/**
 * The `run` of rows written by a push (a webhook delivery, see `Push.ts`) rather than by a run:
 * runs are numbered from 1.
 */
export const pushRun = 0

/**
 * Marks as deleted the records not seen by `run`, a run that listed the whole resource (a
 * snapshot) from `now` on; returns how many. A row a push wrote at `now` or later is not judged by
 * a listing that may have been made before it.
 */
export const markDeleted = (
  table: Tables.Table<never>,
  run: number,
  now: number
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const stale = sql`deleted_at IS NULL AND run <> ${run} AND NOT (run = ${pushRun} AND synced_at >= ${now})`
    const rows = yield* sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql(table.name)} WHERE ${stale}`
    const count = Number(rows[0]?.n ?? 0)
    if (count > 0) yield* sql`UPDATE ${sql(table.name)} SET deleted_at = ${now} WHERE ${stale}`
    return count
  })

/** Where a record of a table is looked for: a range of `column` (`[from, to)`) and a status. */
export interface Where {
  readonly column?: string | undefined
  readonly from?: number | undefined
  readonly to?: number | undefined
  readonly status?: string | undefined
}

const whereOf = (sql: SqlClient.SqlClient, where: Where) =>
  sql.and([
    sql`deleted_at IS NULL`,
    ...(where.column !== undefined && where.from !== undefined ? [sql`${sql(where.column)} >= ${where.from}`] : []),
    ...(where.column !== undefined && where.to !== undefined ? [sql`${sql(where.column)} < ${where.to}`] : []),
    ...(where.status !== undefined ? [sql`status = ${where.status}`] : [])
  ])

/** The keys of the present records within `where`. */
export const keys = (
  table: Tables.Table<never>,
  where: Where
): Effect.Effect<ReadonlyArray<string>, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ k: unknown }>`SELECT ${sql(table.key[0])} AS k FROM ${sql(table.name)} WHERE ${whereOf(sql, where)}`,
      (rows) => rows.map((row) => String(row.k))
    ))

/**
 * Marks the records of `keys` deleted (the server answered that it does not have them), in
 * statements of at most {@link parametersPerStatement} keys.
 */
export const markDeletedKeys = (
  table: Tables.Table<never>,
  keys: ReadonlyArray<string>,
  now: number
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  keys.length === 0 ? Effect.succeed(0) : Effect.flatMap(SqlClient.SqlClient, (sql) => {
    const chunks = chunked(keys, parametersPerStatement(sql, 1))
    const write = Effect.forEach(
      chunks,
      (chunk) =>
        sql`UPDATE ${sql(table.name)} SET deleted_at = ${now} WHERE deleted_at IS NULL AND ${
          sql.in(table.key[0], chunk)
        }`,
      { discard: true }
    )
    return Effect.as(chunks.length === 1 ? write : sql.withTransaction(write), keys.length)
  })

/** The present records within `where`. */
export const count = (
  table: Tables.Table<never>,
  where: Where
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql(table.name)} WHERE ${whereOf(sql, where)}`,
      (rows) => Number(rows[0]?.n ?? 0)
    ))

/** The smallest or largest value of `column` among the present records (those `run` wrote, when given), if any. */
export const extreme = (
  table: Tables.Table<never>,
  which: "MIN" | "MAX",
  column: string,
  run?: number
): Effect.Effect<number | undefined, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ m: unknown }>`SELECT ${sql.literal(which)}(${sql(column)}) AS m FROM ${
        sql(table.name)
      } WHERE deleted_at IS NULL${run === undefined ? sql.literal("") : sql` AND run = ${run}`}`,
      (rows) => rows[0]?.m === null || rows[0]?.m === undefined ? undefined : Number(rows[0].m)
    ))
