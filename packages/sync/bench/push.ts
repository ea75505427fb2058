/**
 * Benchmark of the sync's push mode (`pnpm bench --only push`): a served `LiveChatFake` delivering
 * its webhooks to `Push.listen`, which mirrors into SQLite.
 *
 * - **Delay**: from a chat ending in the fake (`fake.addChats(1)`) to its row committed in SQLite
 *   (the push's `onPush`, called after the write's transaction), one chat at a time: p50 and p99.
 *   The poll's delay at its default interval (15 minutes) is not waited for: a chat ends at a
 *   uniformly random moment of the interval, so its delay is `u × interval + one incremental run`
 *   (`u` uniform in [0, 1)); the incremental run is measured here (median of 3 runs).
 * - **Throughput**: deliveries per second one receiver sustains with the mirror writing (each a
 *   `chat_changed` whose chat is read from the fake and upserted), 32 senders at once.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { Push, Sync } from "@effect-livechat/sync"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { NodeHttpClient } from "@effect/platform-node"
import { Deferred, Effect, Layer, Redacted } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const username = "bench"
const password = "bench password 0c55"

const quantile = (xs: ReadonlyArray<number>, q: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

export interface PushFigures {
  readonly delays: ReadonlyArray<{
    readonly mode: string
    readonly "p50 ms": number
    readonly "p99 ms": number
    readonly how: string
  }>
  readonly throughput: { readonly deliveries: number; readonly "deliveries/s": number; readonly senders: number }
}

export const pushBench = (options: { readonly chats: number; readonly deliveries: number; readonly seed: number }) =>
  Effect.gen(function*() {
    const dir = mkdtempSync(join(tmpdir(), "livechat-push-bench-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
    const served = yield* LiveChatFakeServer.serve({ seed: { chats: options.seed }, record: false })
    const fake = served.fake
    const client = yield* Layer.build(
      LiveChatClient.layer({ baseUrl: served.url, auth: fake.auth, rateLimit: false }).pipe(
        Layer.provide(NodeHttpClient.layerUndici),
        Layer.orDie
      )
    )
    const database = yield* Layer.build(Sync.layerSqlite(join(dir, "push.db")).pipe(Layer.orDie))
    const written = new Map<string, Deferred.Deferred<number>>()
    /** When each record's first push was committed. */
    const writtenAt = new Map<string, number>()
    const listening = yield* Deferred.make<string>()
    const firstPoll = yield* Deferred.make<void>()
    yield* Push.listen({
      receiver: {
        username,
        password: Redacted.make(password),
        licenseId: fake.credentials.licenseId,
        host: "127.0.0.1"
      },
      register: {},
      onListening: (server) => Deferred.succeed(listening, server.url),
      onPoll: () => Deferred.succeed(firstPoll, undefined),
      onPush: (pushed) =>
        Effect.sync(() => {
          if (pushed.outcome !== "written" || pushed.key === undefined || writtenAt.has(pushed.key)) return
          const at = performance.now()
          writtenAt.set(pushed.key, at)
          const done = written.get(pushed.key)
          if (done !== undefined) Deferred.unsafeDone(done, Effect.succeed(at))
        })
    }).pipe(Effect.provide(client), Effect.provide(database), Effect.forkScoped)
    const url = yield* Deferred.await(listening)
    yield* Deferred.await(firstPoll)

    // Delay, push: one chat at a time, from its end in the fake to its row in SQLite.
    const pushDelays: Array<number> = []
    for (let i = 0; i < options.chats; i++) {
      const before = performance.now()
      const [chat] = yield* fake.addChats(1)
      const done = yield* Deferred.make<number>()
      written.set(chat.id, done)
      // Written already (before the map was told), or wait for it.
      const at = writtenAt.get(chat.id) ?? (yield* Deferred.await(done))
      pushDelays.push(at - before)
      written.delete(chat.id)
    }
    yield* fake.webhooks.settled

    // Delay, poll: an incremental run's duration (median of 3), and the default interval.
    const runs: Array<number> = []
    for (let i = 0; i < 3; i++) {
      const start = performance.now()
      yield* Sync.run({ resources: ["chats"] }).pipe(Effect.provide(client), Effect.provide(database))
      runs.push(performance.now() - start)
    }
    const run = quantile(runs, 0.5)
    const interval = 15 * 60 * 1000

    // Throughput: chat_changed deliveries for distinct chats (so none is a duplicate), 32 at once.
    const senders = 32
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`
    const count = Math.min(options.deliveries, fake.state.chats.count)
    const bodies = Array.from({ length: count }, (_, i) =>
      JSON.stringify({
        event_type: "chat_changed",
        token: Redacted.value(fake.credentials.token),
        license_id: String(fake.credentials.licenseId),
        chat: { id: fake.chatAt(fake.state.chats.count - 1 - i).id, started_timestamp: 0, messages: [], tags: [] }
      }))
    let next = 0
    let ok = 0
    const start = performance.now()
    yield* Effect.promise(() =>
      Promise.all(Array.from({ length: senders }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]
          const response = await fetch(url, {
            method: "POST",
            headers: { authorization, "content-type": "application/json" },
            body
          })
          await response.arrayBuffer()
          if (response.status === 200) ok++
        }
      }))
    )
    const seconds = (performance.now() - start) / 1000
    if (ok !== count) throw new Error(`${count - ok} of ${count} deliveries were not answered 200`)

    return {
      delays: [
        {
          mode: "push (webhooks)",
          "p50 ms": Math.round(quantile(pushDelays, 0.5) * 10) / 10,
          "p99 ms": Math.round(quantile(pushDelays, 0.99) * 10) / 10,
          how: `measured, ${pushDelays.length} chats one at a time`
        },
        {
          mode: "poll every 15 minutes",
          "p50 ms": Math.round(0.5 * interval + run),
          "p99 ms": Math.round(0.99 * interval + run),
          how: `u × 15 min + an incremental run (measured ${Math.round(run)} ms)`
        }
      ],
      throughput: { deliveries: count, "deliveries/s": Math.round(count / seconds), senders }
    } satisfies PushFigures
  }).pipe(Effect.scoped)
