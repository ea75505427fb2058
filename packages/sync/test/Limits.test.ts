/**
 * Statements that fit: every write is cut to the engine's limit of bind parameters (PostgreSQL
 * 65,535, SQLite 32,766), tested at the edge — the limit itself is checked first, then upserts of
 * exactly the rows one more statement row would overflow, a snapshot of 8,000 canned responses, a
 * list of deletions longer than the limit, and `batchSize: 10000`.
 */
import { CannedResponse } from "@effect-livechat/core"
import { Sync } from "@effect-livechat/sync"
import { Migrations } from "@effect-livechat/sync"
import { SpanRecorder } from "@effect-livechat/testing"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer } from "effect"
import * as Store from "../src/internal/store.js"
import * as Tables from "../src/internal/tables.js"
import { type Database, database, expectTable, postgresMissing, served } from "./support.js"

const databases: ReadonlyArray<Database> = ["sqlite", "postgres"]

const skip = (db: Database) => db === "postgres" && postgresMissing !== undefined && process.env.CI === undefined

const limits: Record<Database, number> = { sqlite: 32_766, postgres: 65_535 }

/** A statement binding `n` parameters: `SELECT 1 WHERE 1 IN (?, ?, …)`. */
const bindMany = (sql: SqlClient.SqlClient, db: Database, n: number) =>
  sql.unsafe(
    `SELECT 1 AS one WHERE 1 IN (${
      Array.from({ length: n }, (_, i) => (db === "postgres" ? `$${i + 1}::int` : "?")).join(", ")
    })`,
    Array.from({ length: n }, () => 1)
  )

/** `n` rows of the chats' table, keys `c0`, `c1`, …. */
const chatRows = (n: number, from = 0): Array<Tables.Row> =>
  Array.from({ length: n }, (_, i) => ({
    id: `c${from + i}`,
    started_at: 1_700_000_000 + i,
    ended_at: null,
    duration: 60,
    agent: "a@example.com",
    group_id: 0,
    rate: "not_rated",
    visitor_id: `v${i}`,
    country: null,
    tags: "[]",
    record: "{}"
  }))

const count = (sql: SqlClient.SqlClient, table: string) =>
  Effect.map(
    sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql(table)} WHERE deleted_at IS NULL`,
    (rows) => Number(rows[0].n)
  )

describe.each(databases)("statements that fit on %s", (db) => {
  /** `test` with a fresh, migrated database as the `SqlClient`. */
  const migrated = <A, E>(test: (sql: SqlClient.SqlClient) => Effect.Effect<A, E, SqlClient.SqlClient>) =>
    Effect.gen(function*() {
      const { context, sql } = yield* database(db)
      yield* Migrations.run.pipe(Effect.provide(Layer.succeedContext(context)))
      return yield* Effect.provideService(test(sql), SqlClient.SqlClient, sql)
    }).pipe(Effect.scoped)

  it.live.skipIf(skip(db))(
    "the engine's limit is the one the store uses: limit parameters bind, limit + 1 fail",
    () =>
      migrated((sql) =>
        Effect.gen(function*() {
          expect(Store.maxParameters(sql)).toBe(limits[db])
          expect(yield* bindMany(sql, db, limits[db])).toEqual([{ one: 1 }])
          expect(Exit.isFailure(yield* Effect.exit(bindMany(sql, db, limits[db] + 1)))).toBe(true)
        })
      ),
    30_000
  )

  it.live.skipIf(skip(db))(
    "upserts at the edge: the rows of one full statement, and one more",
    () =>
      migrated((sql) =>
        Effect.gen(function*() {
          const columns = Store.columnsOf(Tables.chats as Tables.Table<never>).length
          const rows = Store.rowsPerStatement(sql, columns)
          // `rows` rows fit one statement; one row more would need more parameters than the engine takes.
          expect(rows * columns).toBeLessThanOrEqual(limits[db])
          expect((rows + 1) * columns).toBeGreaterThan(limits[db])
          const table = Tables.chats as Tables.Table<never>
          expect(yield* Store.upsertRows(table, chatRows(rows), 1, 0)).toBe(rows)
          expect(yield* count(sql, "livechat_chats")).toBe(rows)
          // rows + 1 fresh rows (two statements, one transaction), and every earlier row again.
          expect(yield* Store.upsertRows(table, chatRows(rows + 1, rows), 2, 0)).toBe(rows + 1)
          expect(yield* count(sql, "livechat_chats")).toBe(2 * rows + 1)
          expect(yield* Store.upsertRows(table, chatRows(2 * rows + 1), 3, 0)).toBe(2 * rows + 1)
          const runs = yield* sql<
            { run: unknown; n: unknown }
          >`SELECT run, COUNT(*) AS n FROM livechat_chats GROUP BY run`
          expect(runs.map((r) => [Number(r.run), Number(r.n)])).toEqual([[3, 2 * rows + 1]])
        })
      ),
    60_000
  )

  it.live.skipIf(skip(db))(
    "a snapshot of 8,000 canned responses through Store.upsert",
    () =>
      migrated((sql) =>
        Effect.gen(function*() {
          const responses = Array.from({ length: 8_000 }, (_, i) =>
            new CannedResponse.CannedResponse({
              id: i + 1,
              group: i % 3,
              text: `Answer number ${i + 1}`,
              tags: [`t${i}`],
              creation_date: 1_700_000_000 + i,
              created_by: "owner@example.com"
            }))
          // 9 columns: 8,000 rows would need 72,000 parameters in one statement.
          expect(8_000 * Store.columnsOf(Tables.cannedResponses as Tables.Table<never>).length).toBeGreaterThan(
            limits[db]
          )
          const written = yield* sql.withTransaction(Store.upsert(Tables.cannedResponses, responses, 1, 0))
          expect(written).toBe(8_000)
          expect(yield* count(sql, "livechat_canned_responses")).toBe(8_000)
        })
      ),
    60_000
  )

  it.live.skipIf(skip(db))(
    "deletions of more keys than the limit, in statements that fit",
    () =>
      migrated((sql) =>
        Effect.gen(function*() {
          const table = Tables.chats as Tables.Table<never>
          yield* Store.upsertRows(table, chatRows(10), 1, 0)
          // The ten present keys come last, behind more absent ones than one statement could bind.
          const keys = [
            ...Array.from({ length: limits[db] + 5 }, (_, i) => `absent${i}`),
            ...chatRows(10).map((r) => String(r.id))
          ]
          expect(yield* Store.markDeletedKeys(table, keys, 42)).toBe(keys.length)
          expect(yield* count(sql, "livechat_chats")).toBe(0)
        })
      ),
    60_000
  )

  it.live.skipIf(skip(db))(
    "a license with 8,000 canned responses: the snapshot run writes them all",
    () =>
      Effect.gen(function*() {
        const { client, fake } = yield* served({ seed: { chats: 0, tickets: 0, agents: 2, groups: 2, seed: "limits" } })
        const { context, sql } = yield* database(db)
        for (let i = 0; i < 8_000; i++) {
          const response = new CannedResponse.CannedResponse({
            id: 100_000 + i,
            group: 0,
            text: `Canned ${i}`,
            tags: [],
            creation_date: 1_700_000_000,
            created_by: "owner@example.com"
          })
          fake.state.cannedResponses.set(response.id, response)
        }
        const truth = new Map(
          [...fake.state.cannedResponses.values()].map((c) => [String(c.id), JSON.parse(JSON.stringify(c))])
        )
        const summary = yield* Sync.run({ resources: ["canned_responses"] }).pipe(
          Effect.provide(Layer.succeedContext(context)),
          Effect.provide(client)
        )
        expect(summary.resources[0]).toMatchObject({ resource: "canned_responses", written: truth.size, deleted: 0 })
        yield* expectTable(sql, "livechat_canned_responses", "id", truth)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live.skipIf(skip(db))(
    "batchSize: 10000: batches of 10,000 chats, each in one transaction of statements that fit",
    () =>
      Effect.gen(function*() {
        const { client, fake } = yield* served({
          seed: { chats: 10_500, tickets: 0, agents: 2, groups: 1, seed: "big" }
        })
        const { context, sql } = yield* database(db)
        const recorder = SpanRecorder.make()
        const started = performance.now()
        const summary = yield* Sync.run({ resources: ["chats"], batchSize: 10_000, audit: false, verifyDays: 0 }).pipe(
          Effect.provide(Layer.succeedContext(context)),
          Effect.provide(client),
          Effect.withTracer(recorder.tracer)
        )
        const millis = performance.now() - started
        console.log(`${db}: 10,500 chats with batchSize 10000 in ${Math.round(millis)} ms`)
        expect(summary.resources[0]).toMatchObject({ resource: "chats", mode: "full", written: 10_500 })
        const batches = recorder.spans.filter((s) => s.name === "livechat.sync.batch")
        expect(batches.map((b) => b.attributes.get("livechat.sync.records"))).toEqual([10_000, 500])
        expect(yield* count(sql, "livechat_chats")).toBe(fake.state.chats.count)
      }).pipe(Effect.scoped),
    120_000
  )
})
