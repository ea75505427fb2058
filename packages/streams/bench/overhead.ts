/**
 * Measurement: the requests a run makes on a still archive, against `plan().requests` and against
 * what page-number reading without proof would make (one request per page of 25). Run with
 * `node --conditions=@effect-livechat/source --import tsx packages/streams/bench/overhead.ts`.
 */
import { Archives } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { Console, Effect, Stream } from "effect"

const measure = (chats: number, recordCap: number) =>
  Effect.gen(function*() {
    const fake = yield* LiveChatFake.LiveChatFake
    const plan = yield* Archives.plan({}, { recordCap })
    yield* fake.clearRequests
    const read = yield* Archives.stream({}, { recordCap, concurrency: 8 }).pipe(Stream.runCount)
    const requests = (yield* fake.requests).length
    if (read !== chats) return yield* Effect.die(`read ${read} of ${chats}`)
    // Planning probes (one per window considered, page 1 reused), then one request per further page of 25.
    const probes = plan.requests - plan.windows.reduce((sum, w) => sum + Math.max(0, w.pages - 1), 0)
    const pageByPage = probes + plan.windows.reduce((sum, w) => sum + Math.max(0, Math.ceil(w.total / 25) - 1), 0)
    return {
      chats,
      recordCap,
      windows: plan.windows.length,
      requests,
      planned: plan.requests,
      "requests / plan": Number((requests / plan.requests).toFixed(3)),
      "page by page": pageByPage,
      "requests / page by page": Number((requests / pageByPage).toFixed(3))
    }
  }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats }, recordCap })))

const program = Effect.gen(function*() {
  const rows = []
  for (const [chats, cap] of [[60, 100_000], [1_000, 100_000], [10_000, 100_000], [10_000, 1_000], [10_000, 100]]) {
    rows.push(yield* measure(chats, cap))
  }
  yield* Console.table(rows)
})

Effect.runPromise(program)
