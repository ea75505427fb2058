/**
 * Benchmark: reading an archive of 10,000 chats from a fake served on 127.0.0.1 with 20 ms per
 * request, one page at a time and with more pages in flight. Prints the time and rate of each.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { Archives } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Stream } from "effect"

export const throughput = (chats = 10_000, latencyMillis = 20, levels: ReadonlyArray<number> = [1, 2, 4, 8, 16]) =>
  Effect.gen(function*() {
    const server = yield* LiveChatFake.serve({
      seed: { chats, seed: "bench" },
      faults: { latency: `${latencyMillis} millis` },
      record: false
    })
    const client = LiveChatClient.layer({
      baseUrl: server.url,
      auth: server.fake.auth,
      rateLimit: { limit: 10_000, interval: "1 second", concurrency: 64 }
    }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)
    const rows: Array<{ concurrency: number; seconds: number; chatsPerSecond: number }> = []
    for (const concurrency of levels) {
      const started = performance.now()
      const count = yield* Archives.stream({}, { concurrency }).pipe(Stream.runCount, Effect.provide(client))
      const seconds = (performance.now() - started) / 1000
      if (count !== chats) return yield* Effect.die(`read ${count} chats, expected ${chats}`)
      rows.push({ concurrency, seconds: Number(seconds.toFixed(2)), chatsPerSecond: Math.round(count / seconds) })
    }
    return rows
  }).pipe(Effect.scoped)
