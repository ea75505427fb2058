/** Shared by the sync tests: a fake served on a socket, the two databases, and the ground truth. */
import { LiveChatClient } from "@effect-livechat/core"
import { Sync } from "@effect-livechat/sync"
import type { LiveChatFake } from "@effect-livechat/testing"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { NodeHttpClient } from "@effect/platform-node"
import * as SqlClient from "@effect/sql/SqlClient"
import { expect } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, type Scope } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inject } from "vitest"
import { withoutPassword } from "../src/internal/tables.js"

export type Database = "sqlite" | "postgres"

/** A fake served on 127.0.0.1, and a client over the socket that retries quickly and has no rate limiter. */
export const served = (options: LiveChatFake.Options, client: Omit<LiveChatClient.Options, "auth" | "baseUrl"> = {}) =>
  Effect.gen(function*() {
    const server = yield* LiveChatFakeServer.serve(options)
    const layer = LiveChatClient.layer({
      rateLimit: false,
      retry: { base: "5 millis", maxDelay: "50 millis", times: 8 },
      ...client,
      baseUrl: server.url,
      auth: server.fake.auth
    }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)
    return { url: server.url, fake: server.fake, client: yield* Layer.build(layer) }
  })

const postgres = inject("postgres")

/** Why PostgreSQL is unavailable, if it is. */
export const postgresMissing = "error" in postgres ? postgres.error : undefined

/** The URL of the test server's `livechat` database (the tests create their own next to it). */
export const postgresUrl = "url" in postgres ? postgres.url : undefined

/** A fresh, empty database of the given kind for this test (a SQLite file, or a new PostgreSQL database). */
export const freshDatabase = (
  database: Database
): Effect.Effect<{ readonly layer: Layer.Layer<SqlClient.SqlClient>; readonly url: string }, never, Scope.Scope> =>
  database === "sqlite" ?
    Effect.acquireRelease(
      Effect.sync(() => {
        const dir = mkdtempSync(join(tmpdir(), "livechat-sync-"))
        const file = join(dir, "mirror.db")
        return { layer: Sync.layerSqlite(file).pipe(Layer.orDie), url: file, dir }
      }),
      ({ dir }) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    ) :
    Effect.gen(function*() {
      if (postgresUrl === undefined) {
        return yield* Effect.die(new Error(`PostgreSQL is unavailable: ${postgresMissing}`))
      }
      const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
      const admin = Sync.layerPg({ url: Redacted.make(postgresUrl), maxConnections: 1 }).pipe(Layer.orDie)
      yield* Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(`CREATE DATABASE ${name}`)).pipe(
        Effect.provide(admin),
        Effect.orDie
      )
      const url = postgresUrl.replace(/\/[^/]*$/, `/${name}`)
      return { layer: Sync.layerPg({ url: Redacted.make(url) }).pipe(Layer.orDie), url }
    })

/** Builds a database layer once for the scope. */
export const database = (database: Database) =>
  Effect.gen(function*() {
    const fresh = yield* freshDatabase(database)
    const context = yield* Layer.build(fresh.layer)
    return { ...fresh, context, sql: Context.get(context, SqlClient.SqlClient) }
  })

const parse = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value)

/** A record as the mirror stores it: its JSON, without secrets. */
export const asStored = (record: object, omit: ReadonlyArray<string> = []): unknown =>
  JSON.parse(JSON.stringify(record, (key, value) => (omit.includes(key) ? undefined : value)))

/** The rows of a table: key → { record, deleted }. */
export const rowsOf = (sql: SqlClient.SqlClient, table: string, key: string) =>
  Effect.map(
    sql<{ k: unknown; record: unknown; deleted_at: unknown }>`SELECT ${sql(key)} AS k, record, deleted_at FROM ${
      sql(table)
    }`,
    (rows) =>
      new Map(rows.map((row) => [String(row.k), { record: parse(row.record), deleted: row.deleted_at !== null }]))
  )

/** Asserts that the present rows of `table` are exactly `truth` (key → stored record), and that the rest are marked deleted. */
export const expectTable = (
  sql: SqlClient.SqlClient,
  table: string,
  key: string,
  truth: ReadonlyMap<string, unknown>,
  compareRecords = true
) =>
  Effect.gen(function*() {
    const rows = yield* rowsOf(sql, table, key)
    const present = [...rows].filter(([, row]) => !row.deleted).map(([k]) => k).sort()
    expect(present, `${table}: the present keys`).toEqual([...truth.keys()].sort())
    if (compareRecords) {
      for (const [k, record] of truth) {
        // toEqual on each would be slow to report; compare JSON and show the first difference.
        const stored = rows.get(k)?.record
        if (JSON.stringify(stored) !== JSON.stringify(record)) expect(stored, `${table} ${k}`).toEqual(record)
      }
    }
    return rows
  })

/** The fake's ground truth: what a complete mirror holds. */
export const truthOf = (fake: LiveChatFake.Fake) => {
  const state = fake.state
  const chats = new Map<string, unknown>()
  for (let i = 0; i < state.chats.count; i++) {
    if (!state.chats.has(i)) continue
    const chat = state.chats.get(i)
    chats.set(chat.id, asStored(chat))
  }
  const tickets = new Map<string, unknown>()
  for (let i = 0; i < state.tickets.count; i++) {
    if (!state.tickets.has(i)) continue
    const ticket = state.tickets.get(i)
    tickets.set(ticket.id, asStored(ticket))
  }
  return {
    chats,
    tickets,
    agents: new Map([...state.agents.values()].map((a) => [a.login, asStored(a, ["api_key"])])),
    groups: new Map([...state.groups.values()].map((g) => [String(g.id), asStored(g)])),
    goals: new Map([...state.goals.keys()].map((id) => [String(id), undefined])),
    canned: new Map([...state.cannedResponses.values()].map((c) => [String(c.id), asStored(c)])),
    greetings: new Map([...state.greetings.keys()].map((id) => [String(id), undefined])),
    // The password of a webhook URL's credentials is not stored either.
    webhooks: new Map(
      [...state.webhooks.values()].map((w) => [w.id, asStored({ ...w, url: withoutPassword(w.url) }, ["token"])])
    )
  }
}

/** Asserts that the mirror in `sql` equals the fake's ground truth, resource by resource. */
export const expectExact = (sql: SqlClient.SqlClient, fake: LiveChatFake.Fake) =>
  Effect.gen(function*() {
    const truth = truthOf(fake)
    yield* expectTable(sql, "livechat_chats", "id", truth.chats)
    yield* expectTable(sql, "livechat_tickets", "id", truth.tickets)
    yield* expectTable(sql, "livechat_agents", "login", truth.agents)
    yield* expectTable(sql, "livechat_groups", "id", truth.groups)
    yield* expectTable(sql, "livechat_goals", "id", truth.goals, false)
    yield* expectTable(sql, "livechat_canned_responses", "id", truth.canned)
    yield* expectTable(sql, "livechat_greetings", "id", truth.greetings, false)
    yield* expectTable(sql, "livechat_webhooks", "id", truth.webhooks)
  })
