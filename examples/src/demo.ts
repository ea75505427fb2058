/**
 * The demo (`pnpm demo`): a tour of effect-livechat against the embedded fake server.
 *
 * It serves a LiveChatFake on 127.0.0.1 (10,000 chats over four years, 20 ms per request), then
 * configures the client from the environment the way a real deployment would, and:
 * 1. lists agents and reads a report;
 * 2. handles typed errors (an unknown chat, an invalid input that is never sent);
 * 3. exports the whole chat archive as a stream, first one page at a time, then with 8 pages in
 *    flight, with a progress line, and checks both exports hold the same chats;
 * 4. streams open tickets;
 * 5. mirrors the license into a SQLite file, answers a question with SQL (chats per agent last
 *    month, and their rating), then re-syncs incrementally after new chats arrive;
 * 6. keeps the mirror seconds behind by webhooks: serves a receiver, registers it with the fake,
 *    and times a chat ending to its row in SQLite.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { NodeLiveChatClient } from "@effect-livechat/core/node"
import { Agents, Archives, Reports } from "@effect-livechat/resources"
import { Archives as ArchiveStream, Progress, Tickets as TicketStream } from "@effect-livechat/streams"
import { Push, Sync } from "@effect-livechat/sync"
import type { LiveChatFake } from "@effect-livechat/testing"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { NodeRuntime } from "@effect/platform-node"
import * as SqlClient from "@effect/sql/SqlClient"
import {
  Config,
  ConfigProvider,
  Console,
  Deferred,
  Duration,
  Effect,
  Fiber,
  Layer,
  Redacted,
  Schedule,
  Stream
} from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const chats = 10_000

/** Exports the archive once, printing progress; returns the ids and the time taken. */
const exportArchive = (label: string, concurrency: number) =>
  Effect.gen(function*() {
    const progress = yield* Progress.make
    const report = progress.get.pipe(
      Effect.flatMap((p) =>
        Console.log(
          `  ${label}: ${p.items}/${p.expected ?? "?"} chats, ${p.pages} pages, ${p.requests} requests, ` +
            `${Math.round(p.rate)} chats/s${
              p.eta === undefined ? "" : `, ETA ${Math.ceil(Duration.toSeconds(p.eta))} s`
            }`
        )
      )
    )
    const ticker = yield* Effect.fork(Effect.repeat(Effect.delay(report, "1 second"), Schedule.forever))
    const started = Date.now()
    const ids = yield* ArchiveStream.stream({}, { concurrency, progress }).pipe(
      Stream.map((chat) => chat.id),
      Stream.runCollect
    )
    const elapsed = Date.now() - started
    yield* Fiber.interrupt(ticker)
    yield* report
    return { ids: Array.from(ids), elapsed }
  })

const tour = Effect.gen(function*() {
  yield* Console.log("\n1. Agents and a report")
  const agents = yield* Agents.list()
  yield* Console.log(`  ${agents.length} agents: ${agents.map((a) => `${a.name} (${a.status})`).join(", ")}`)
  const week = yield* Reports.totalChats({ date_from: "2025-12-25", date_to: "2025-12-31" })
  yield* Console.log(
    `  chats per day, last week of 2025: ${Object.entries(week).map(([d, v]) => `${d}: ${v.chats}`).join(", ")}`
  )

  yield* Console.log("\n2. Typed errors")
  const missing = yield* Archives.get({ chat_id: "NO_SUCH_CHAT" }).pipe(
    Effect.as("found"),
    Effect.catchTag("NotFound", (e) => Effect.succeed(`NotFound: ${e.message}`))
  )
  yield* Console.log(`  ${missing}`)
  const invalid = yield* Agents.create({ login: "not-an-email", name: "X" }).pipe(
    Effect.as("created"),
    Effect.catchTag("InvalidInput", (e) => Effect.succeed(`InvalidInput (nothing sent): ${e.message}`))
  )
  yield* Console.log(`  ${invalid}`)

  yield* Console.log(`\n3. Exporting the archive of ${chats} chats (20 ms per request)`)
  const sequential = yield* exportArchive("one page at a time", 1)
  const concurrent = yield* exportArchive("8 pages in flight", 8)
  const same = sequential.ids.length === concurrent.ids.length &&
    sequential.ids.every((id, i) => id === concurrent.ids[i])
  yield* Console.log(
    `  one page at a time: ${sequential.ids.length} chats in ${(sequential.elapsed / 1000).toFixed(2)} s; ` +
      `8 in flight: ${concurrent.ids.length} chats in ${(concurrent.elapsed / 1000).toFixed(2)} s ` +
      `(${(sequential.elapsed / concurrent.elapsed).toFixed(1)}x); same chats in the same order: ${same ? "yes" : "NO"}`
  )
  if (!same || sequential.ids.length !== chats) return yield* Effect.fail("the two exports differ")

  yield* Console.log("\n4. Open tickets, oldest first")
  const open = yield* TicketStream.stream({ status: "open", order: "asc" }, { concurrency: 4 }).pipe(Stream.runCollect)
  yield* Console.log(`  ${open.length} open tickets; the oldest: "${Array.from(open)[0]?.subject ?? "-"}"`)
})

// --- 5. The sync (@effect-livechat/sync) ---

/** Chats per agent in the month before the newest chat's, with the share rated good: plain SQL over the mirror. */
const chatsPerAgentLastMonth = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [{ newest }] = yield* sql<{ newest: number }>`SELECT MAX(started_at) AS newest FROM livechat_chats`
  const end = new Date(newest * 1000)
  const from = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1) / 1000
  const to = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1) / 1000
  const rows = yield* sql<{ agent: string; chats: number; good: number | null }>`
    SELECT agent, COUNT(*) AS chats,
      ROUND(AVG(CASE rate WHEN 'rated_good' THEN 100.0 WHEN 'rated_bad' THEN 0.0 END), 1) AS good
    FROM livechat_chats
    WHERE deleted_at IS NULL AND started_at >= ${from} AND started_at < ${to}
    GROUP BY agent ORDER BY chats DESC`
  return { month: new Date(from * 1000).toISOString().slice(0, 7), rows }
})

const mirror = (fake: LiveChatFake.Fake) =>
  Effect.gen(function*() {
    const dir = mkdtempSync(join(tmpdir(), "livechat-demo-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
    const file = join(dir, "livechat.db")
    const database = Sync.layerSqlite(file)
    yield* Console.log(`\n5. Mirroring the license into SQLite (${file})`)
    const started = Date.now()
    const first = yield* Sync.run({ concurrency: 8 }).pipe(Effect.provide(database))
    const written = first.resources.map((r) => `${r.written} ${r.resource}`).join(", ")
    yield* Console.log(`  full sync in ${((Date.now() - started) / 1000).toFixed(2)} s: ${written}`)
    const answer = yield* Effect.provide(chatsPerAgentLastMonth, database)
    yield* Console.log(`  chats per agent in ${answer.month} (SQL over livechat_chats), and the share rated good:`)
    for (const row of answer.rows) {
      yield* Console.log(
        `    ${row.agent}: ${row.chats} chats, ${row.good === null ? "no ratings" : `${row.good}% good`}`
      )
    }
    yield* fake.addChats(25)
    const progress = yield* Progress.make
    // A short look-back, because the fake's new chats enter as soon as they start (real ones enter when they end).
    const second = yield* Sync.run({ resources: ["chats"], lookback: "1 minute", progress: { chats: progress } }).pipe(
      Effect.provide(database)
    )
    const chatsRun = second.resources[0]
    const counts = yield* progress.get
    yield* Console.log(
      `  25 new chats arrived; incremental sync: ${chatsRun.written} chats read in ${counts.requests} requests ` +
        `(from the cursor, not the ${chats} already mirrored)`
    )

    // 6. Push: LiveChat's webhooks write each chat as it ends; the poll stays, for exactness.
    yield* Console.log("\n6. The mirror seconds behind, by webhooks (Push.listen)")
    const pushes = new Map<string, Deferred.Deferred<void>>()
    const pushedFor = (key: string) => {
      const known = pushes.get(key)
      if (known !== undefined) return Effect.succeed(known)
      return Effect.tap(Deferred.make<void>(), (deferred) => Effect.sync(() => pushes.set(key, deferred)))
    }
    const listening = yield* Deferred.make<string>()
    yield* Push.listen({
      receiver: {
        username: "demo",
        password: Redacted.make("a long random password"),
        licenseId: fake.credentials.licenseId,
        host: "127.0.0.1",
        port: 0
      },
      register: {}, // the receiver's own address: LiveChat (here the fake) delivers to it
      onListening: (served) => Deferred.succeed(listening, served.url),
      onPush: (pushed) =>
        pushed.outcome === "written" && pushed.resource === "chats" && pushed.key !== undefined
          ? Effect.flatMap(pushedFor(pushed.key), (deferred) => Deferred.succeed(deferred, undefined))
          : Effect.void,
      interval: "15 minutes"
    }).pipe(Effect.provide(database), Effect.forkScoped)
    yield* Console.log(`  receiving webhooks on ${yield* Deferred.await(listening)}, registered with the license`)
    const ended = Date.now()
    const [chat] = yield* fake.addChats(1)
    yield* Deferred.await(yield* pushedFor(chat.id)).pipe(Effect.timeout("10 seconds"))
    yield* Console.log(
      `  chat ${chat.id} ended → its row in SQLite ${Date.now() - ended} ms later (the poll, every 15 minutes, ` +
        `takes 7.5 minutes on average)`
    )
  }).pipe(Effect.scoped)

const program = Effect.gen(function*() {
  const server = yield* LiveChatFakeServer.serve({
    seed: { chats, tickets: 500, agents: 4, groups: 3, seed: "demo" },
    faults: { latency: "20 millis" },
    record: false
  })
  yield* Console.log(`LiveChatFake serving on ${server.url}`)
  // Configure the client from the environment, as in production; here the environment points at the fake.
  const environment = ConfigProvider.fromMap(
    new Map([
      ["LIVECHAT_BASE_URL", server.url],
      ["LIVECHAT_LOGIN", server.fake.credentials.login],
      ["LIVECHAT_API_KEY", Redacted.value(server.fake.credentials.apiKey)]
    ])
  )
  // The client's default limiter: no cap on request starts (LiveChat publishes no limit for v2),
  // 8 requests in flight, and a 429 pauses every request for its Retry-After. With a known limit,
  // set it: the client then stays under it (here 200 a second, 16 in flight).
  // On Node the client is NodeLiveChatClient: its own transport over undici, nothing to provide.
  const client = NodeLiveChatClient.layerConfig({
    auth: LiveChatClient.authConfig,
    baseUrl: LiveChatClient.baseUrlConfig,
    rateLimit: Config.succeed({ limit: 200, interval: "1 second", concurrency: 16 })
  }).pipe(Layer.provide(Layer.setConfigProvider(environment)))
  yield* Effect.provide(Effect.zipRight(tour, mirror(server.fake)), client)
  yield* Console.log("\nDone.")
})

NodeRuntime.runMain(Effect.scoped(program))
