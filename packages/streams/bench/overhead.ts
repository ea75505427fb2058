/**
 * Measurement: the cost of exactness on days. The requests a run makes on a still archive, against
 * `plan().requests` (two readings of each window of more than a page) and against reading page by
 * page without any proof (one request per page of 25), on each server behaviour the reference
 * leaves open: dates as days (the fake's default), a time of day honoured (in UTC) or refused,
 * chats oldest first, records of one second reordered in every query. Run with
 * `node --conditions=@effect-livechat/source --import tsx packages/streams/bench/overhead.ts`.
 */
import { Archives, Tickets } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { Console, Effect, Stream } from "effect"

const behaviours: ReadonlyArray<readonly [string, LiveChatFake.Options]> = [
  ["days (default)", {}],
  ["times honoured, UTC", { dates: "times", timeZone: "UTC" }],
  ["times refused", { dates: "refuse-times" }],
  ["chats oldest first", { chatOrder: "asc" }],
  ["unstable ties", { ties: "unstable" }]
]

const measure = (
  kind: "chats" | "tickets",
  behaviour: string,
  options: LiveChatFake.Options,
  count: number,
  recordCap: number
) =>
  Effect.gen(function*() {
    const fake = yield* LiveChatFake.LiveChatFake
    const api = kind === "chats" ? Archives : Tickets
    const plan = yield* api.plan({}, { recordCap })
    yield* fake.clearRequests
    const read = yield* (api.stream({}, { recordCap, concurrency: 8 }) as Stream.Stream<unknown, unknown>).pipe(
      Stream.runCount
    )
    const requests = (yield* fake.requests).length
    if (read !== count) return yield* Effect.die(`read ${read} of ${count}`)
    // Planning probes, then one request per further page of 25 of each window.
    const reads = plan.windows.reduce((sum, w) => sum + (w.pages <= 1 ? 1 : 2 * w.pages), 0)
    const probes = plan.requests - reads + plan.windows.length
    const pageByPage = probes + plan.windows.reduce((sum, w) => sum + Math.max(0, Math.ceil(w.total / 25) - 1), 0)
    return {
      kind,
      behaviour,
      records: count,
      recordCap,
      windows: plan.windows.length,
      requests,
      planned: plan.requests,
      "requests / plan": Number((requests / plan.requests).toFixed(3)),
      "page by page": pageByPage,
      "requests / page by page": Number((requests / pageByPage).toFixed(3))
    }
  }).pipe(
    Effect.provide(LiveChatFake.layer({
      // Unstable ties need seconds that several records share: 10,000 chats in two hours.
      seed: kind === "chats"
        ? { chats: count, ...(options.ties === "unstable" ? { from: "2025-12-31T22:00:00Z" } : {}) }
        : { tickets: count },
      recordCap,
      record: true,
      ...options
    }))
  )

const program = Effect.gen(function*() {
  const rows = []
  for (const [behaviour, options] of behaviours) {
    // (A cap below one day's chats is WindowTooDense: the unstable-ties archive is one day.)
    const caps = options.ties === "unstable" ? [100_000] : [100_000, 1_000]
    for (const cap of caps) rows.push(yield* measure("chats", behaviour, options, 10_000, cap))
  }
  for (const [behaviour, options] of behaviours.filter(([b]) => b !== "chats oldest first")) {
    rows.push(yield* measure("tickets", behaviour, options, 2_000, 100_000))
  }
  yield* Console.table(rows)
})

Effect.runPromise(program)
