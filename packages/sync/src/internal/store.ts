/**
 * Writing the mirror: idempotent upserts of records, the sync state, deletion marks and counts,
 * in SQL that runs unchanged on SQLite and PostgreSQL.
 */
import { Checkpoint } from "@effect-livechat/streams"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Option, Schema } from "effect"
import * as Tables from "./tables.js"

/** The stored state of a resource. */
export interface State {
  /** Unix seconds: every record whose time is before it has been read (less the look-back). */
  readonly cursor: number | null
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
    const rows = yield* sql<{ cursor: unknown; runs: unknown; run_filters: unknown; checkpoint: unknown }>`
      SELECT cursor, runs, run_filters, checkpoint FROM ${sql(Tables.stateTable)} WHERE resource = ${resource}`
    const row = rows[0]
    if (row === undefined) return { cursor: null, runs: 0, runFilters: null, checkpoint: null }
    const checkpoint = row.checkpoint === null ? Option.none() : decodeCheckpoint(parseJson(row.checkpoint))
    return {
      cursor: row.cursor === null ? null : Number(row.cursor),
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
        runs: state.runs,
        run_filters: state.runFilters === null ? null : JSON.stringify(state.runFilters),
        checkpoint: state.checkpoint === null ? null : JSON.stringify(state.checkpoint),
        updated_at: now
      })
    } ON CONFLICT (resource) DO UPDATE SET cursor = excluded.cursor, runs = excluded.runs,
      run_filters = excluded.run_filters, checkpoint = excluded.checkpoint, updated_at = excluded.updated_at`.pipe(
      Effect.asVoid
    ))

const columnsOf = (table: Tables.Table<never>) => [
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
 * the same records changes nothing: upserts are idempotent.
 */
export const upsert = <A>(
  table: Tables.Table<A>,
  records: Iterable<A>,
  run: number,
  now: number
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  upsertRows(table, Array.from(records, (record) => table.row(record)), run, now)

/** {@link upsert}, of records already made rows (`table.row`). */
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
    const params: Array<string | number | null> = []
    for (const row of byKey.values()) {
      for (let i = 0; i < columns.length; i++) params.push(row[columns[i].name])
      // Then Tables.common's columns, in their order: record, run, synced_at, deleted_at.
      params.push(row.record, run, now, null)
    }
    yield* sql.unsafe(upsertSql(sql, table, byKey.size), params)
    return byKey.size
  })

/** Marks as deleted the records not seen by `run` (within `where`, when given); returns how many. */
export const markDeleted = (
  table: Tables.Table<never>,
  run: number,
  now: number,
  where?: { readonly column: string; readonly from: number; readonly to: number }
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const range = where === undefined
      ? sql.literal("")
      : sql` AND ${sql(where.column)} >= ${where.from} AND ${sql(where.column)} < ${where.to}`
    const rows = yield* sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql(table.name)}
      WHERE deleted_at IS NULL AND run <> ${run}${range}`
    const count = Number(rows[0]?.n ?? 0)
    if (count > 0) {
      yield* sql`UPDATE ${sql(table.name)} SET deleted_at = ${now} WHERE deleted_at IS NULL AND run <> ${run}${range}`
    }
    return count
  })

/** The records present (not deleted) whose `column` is within `[from, to)` (and whose `status` is `status`, when given). */
export const countBetween = (
  table: Tables.Table<never>,
  column: string,
  from: number,
  to: number,
  status?: string | undefined
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql(table.name)}
        WHERE deleted_at IS NULL AND ${sql(column)} >= ${from} AND ${sql(column)} < ${to}${
        status === undefined ? sql.literal("") : sql` AND status = ${status}`
      }`,
      (rows) => Number(rows[0]?.n ?? 0)
    ))
