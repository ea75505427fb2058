/**
 * The rate limiter measured where a request is handed to the transport: a recording `HttpClient`
 * notes the (test) clock each time it is called. 200 concurrent calls, a 429 pause with requests
 * queued behind it, callers that give up while queued, and Retry-After beyond any timer.
 */
import { Auth, LiveChatClient, RateLimit } from "@effect-livechat/core"
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, Fiber, Layer, Schema, TestClock } from "effect"
import { request } from "./support.js"

/** An HttpClient that records the time of every call and answers with `reply(index)`. */
const recording = (
  reply: (index: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 })
) => {
  const starts: Array<number> = []
  const layer = Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((req) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const index = starts.push(now) - 1
        const { headers, status } = reply(index)
        return HttpClientResponse.fromWeb(
          req,
          new Response(status === 200 ? "{\"id\":1,\"name\":\"a\"}" : "{\"error\":\"slow down\"}", {
            status,
            headers: headers ?? {}
          })
        )
      })
    )
  )
  return { layer, starts }
}

/** The most starts in any window of `interval` ms (each window starting at a start). */
const busiest = (starts: ReadonlyArray<number>, interval: number, from = -Infinity) =>
  Math.max(0, ...starts.filter((t) => t >= from).map((t) => starts.filter((s) => s >= t && s < t + interval).length))

const Thing = Schema.Struct({ id: Schema.Number, name: Schema.String })

const client = (transport: Layer.Layer<HttpClient.HttpClient>, options: LiveChatClient.Options) =>
  LiveChatClient.layer({
    auth: Auth.apiKey({ login: "a@b.c", apiKey: "key-12345" }),
    retry: { jitter: false },
    ...options
  }).pipe(Layer.provide(transport))

const send = (method: LiveChatClient.Method = "GET") =>
  Effect.flatMap(LiveChatClient.LiveChatClient, (c) => c.execute(request(method), Thing))

const rateLimit = { limit: 10, interval: "1 second", concurrency: 50 } as const

/** Sends `count` concurrent calls through a client over `transport`, moving the test clock by `advance`. */
const sendAll = (transport: Layer.Layer<HttpClient.HttpClient>, count: number, advance: Duration.DurationInput) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(
      Effect.all(Array.from({ length: count }, () => send()), { concurrency: "unbounded" })
    )
    yield* TestClock.adjust(advance)
    yield* Fiber.join(fiber)
  }).pipe(Effect.provide(client(transport, { rateLimit })))

describe("rate limiter at the transport", () => {
  it.effect("200 concurrent calls: never more than 10 starts in any second", () =>
    Effect.gen(function*() {
      const { layer, starts } = recording()
      yield* sendAll(layer, 200, "1 minute")
      expect(starts).toHaveLength(200)
      const max = busiest(starts, 1000)
      console.log(`200 calls, limit 10 per second: at most ${max} starts in any second`)
      expect(max).toBe(10)
      // And the rate is kept: 200 starts over 20 windows of 1 s plus the margin (5%).
      expect(Math.max(...starts)).toBeLessThanOrEqual(19 * (1000 + RateLimit.margin(1000)))
    }))

  it.effect("after a 429 pause, the queued requests start at most 10 per second, counted with those before it", () =>
    Effect.gen(function*() {
      // The 15th request is answered 429 with Retry-After: 5; 100 more are queued behind it.
      const { layer, starts } = recording((index) =>
        index === 14 ? { status: 429, headers: { "retry-after": "5" } } : { status: 200 }
      )
      yield* sendAll(layer, 120, "2 minutes")
      const pauseEnd = starts[14] + 5000
      expect(starts.filter((t) => t > starts[14] && t < pauseEnd)).toEqual([])
      const afterPause = busiest(starts, 1000, pauseEnd)
      const max = busiest(starts, 1000)
      console.log(`after a 429 pause: at most ${afterPause} starts in any second after it (${max} overall)`)
      expect(afterPause).toBe(10)
      expect(max).toBe(10)
      expect(starts).toHaveLength(121)
    }))

  it.effect("each pause after 429s doubles the margin once (5% → 10% → 20% → 25%), however many were in flight", () =>
    Effect.gen(function*() {
      // Three bursts of 429s, each answered to 5 requests in flight at once (one pause each),
      // close enough that the margin has no calm interval to shrink back in between.
      const refused = new Set([20, 21, 22, 23, 24, 31, 32, 33, 34, 35, 42, 43, 44, 45, 46])
      const { layer, starts } = recording((index) =>
        refused.has(index) ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 }
      )
      yield* sendAll(layer, 80, "10 minutes")
      // After each pause, the time between the first start and the 10th after it.
      const after = (index: number) => starts[index + 10] - starts[index]
      expect(starts[10] - starts[0]).toBe(1000 + RateLimit.margin(1000))
      expect(after(25)).toBeGreaterThanOrEqual(1100)
      expect(after(36)).toBeGreaterThanOrEqual(1200)
      expect(after(47)).toBe(1250)
      expect(busiest(starts, 1000)).toBe(10)
    }))

  it.effect("each whole interval without a 429 halves the margin back, down to 5%", () =>
    Effect.gen(function*() {
      const gate = yield* RateLimit.make({ limit: 1, interval: "1 second" })
      const times: Array<number> = []
      const start = Effect.zipRight(gate.start, Effect.map(Clock.currentTimeMillis, (t) => void times.push(t)))
      const sequence = Effect.fork(Effect.gen(function*() {
        yield* start
        yield* gate.pause("1 second") // a 429: the margin doubles (50 → 100 ms)
        yield* start
        yield* gate.pause("1 second") // another, after the first pause: 100 → 200 ms
        for (let i = 0; i < 5; i++) yield* start
      }))
      const fiber = yield* sequence
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      const gaps = times.slice(1).map((t, i) => t - times[i])
      // Each wait is decided when it starts; an interval after the pause without a 429 halves the
      // margin (200 → 100 → 50 ms), and it stays at the base.
      expect(gaps).toEqual([1100, 1200, 1200, 1100, 1050, 1050])
    }))

  it.effect("writes queued for a turn whose caller gives up are never handed to the transport", () =>
    Effect.gen(function*() {
      const { layer, starts } = recording()
      yield* Effect.gen(function*() {
        const fibers = yield* Effect.forEach(
          Array.from({ length: 30 }),
          () => Effect.fork(Effect.exit(Effect.timeout(send("POST"), "1500 millis"))),
          { concurrency: "unbounded" }
        )
        yield* TestClock.adjust("1500 millis")
        const exits = yield* Effect.forEach(fibers, Fiber.join)
        // 10 in the first window, 10 in the second (at 1050 ms); the rest gave up while queued.
        expect(exits.filter(Exit.isSuccess)).toHaveLength(20)
        yield* TestClock.adjust("1 hour")
      }).pipe(Effect.provide(client(layer, { rateLimit })))
      expect(starts).toHaveLength(20)
    }))

  it.effect("Retry-After beyond maxRetryAfter (a day, year 9999, 10^400 s) fails fast and pauses nothing", () =>
    Effect.gen(function*() {
      for (const retryAfter of ["86400", "Fri, 31 Dec 9999 23:59:59 GMT", "1".repeat(400)]) {
        const { layer, starts } = recording((index) =>
          index === 0 ? { status: 429, headers: { "retry-after": retryAfter } } : { status: 200 }
        )
        yield* Effect.gen(function*() {
          const error = yield* Effect.flip(send())
          expect(error._tag).toBe("RateLimited")
          if (error._tag === "RateLimited") {
            expect(Duration.toMillis(error.retryAfter!)).toBeGreaterThan(RateLimit.maxTimerMillis / 1000)
          }
          // No clock adjustment: the next call goes at once.
          yield* send()
        }).pipe(Effect.provide(client(layer, { rateLimit })))
        expect(starts).toEqual([0, 0])
      }
    }))
})
