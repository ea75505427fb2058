/** The shared rate limiter: rate, concurrency, and the pause after a 429. */
import type { MockTransport } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, TestClock } from "effect"
import { send, testLayer } from "./support.js"

const ok = { status: 200, body: { id: 1, name: "a" } }

/** Records each request's start and the requests in flight; each takes `work` ms of (test) time. */
const observed = (work: number, reply: (index: number) => MockTransport.Reply = () => ok) => {
  const starts: Array<number> = []
  let inFlight = 0
  let maxInFlight = 0
  const handler: MockTransport.Handler = (_, index) =>
    Effect.gen(function*() {
      starts.push(yield* Clock.currentTimeMillis)
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      yield* Effect.sleep(work)
      inFlight--
      return reply(index)
    })
  return { handler, starts, maxInFlight: () => maxInFlight }
}

/** The most starts found in any window of `interval` ms. */
const busiestWindow = (starts: ReadonlyArray<number>, interval: number) =>
  Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + interval).length))

describe("rate limiter", () => {
  it.effect("N requests never exceed `limit` starts in any interval, nor `concurrency` in flight", () =>
    Effect.gen(function*() {
      const { handler, maxInFlight, starts } = observed(150)
      const result = yield* Effect.gen(function*() {
        const fiber = yield* Effect.fork(
          Effect.all(Array.from({ length: 40 }, () => send()), { concurrency: "unbounded" })
        )
        yield* TestClock.adjust("1 minute")
        return yield* Fiber.join(fiber)
      }).pipe(Effect.provide(testLayer(handler, { rateLimit: { limit: 5, interval: "1 second", concurrency: 3 } })))
      expect(result).toHaveLength(40)
      expect(starts).toHaveLength(40)
      expect(busiestWindow(starts, 1000)).toBe(5)
      expect(maxInFlight()).toBe(3)
      // 40 requests at 5 a second take at least 7 seconds.
      expect(Math.max(...starts)).toBeGreaterThanOrEqual(7000)
    }))

  it.effect("the limit is shared by every request of one client layer", () =>
    Effect.gen(function*() {
      const { handler, starts } = observed(0)
      yield* Effect.gen(function*() {
        const a = yield* Effect.fork(Effect.all(Array.from({ length: 6 }, () => send()), { concurrency: "unbounded" }))
        const b = yield* Effect.fork(Effect.all(Array.from({ length: 6 }, () => send()), { concurrency: "unbounded" }))
        yield* TestClock.adjust("1 minute")
        yield* Fiber.join(a)
        yield* Fiber.join(b)
      }).pipe(Effect.provide(testLayer(handler, { rateLimit: { limit: 4, interval: "1 second", concurrency: 10 } })))
      expect(starts).toHaveLength(12)
      expect(busiestWindow(starts, 1000)).toBe(4)
    }))

  it.effect("a 429 pauses all queued requests of the client until Retry-After has passed", () =>
    Effect.gen(function*() {
      // The first request is answered 429 (Retry-After: 10); every other request is queued behind it.
      const { handler, starts } = observed(
        100,
        (index) => index === 0 ? { status: 429, headers: { "retry-after": "10" } } : ok
      )
      const result = yield* Effect.gen(function*() {
        const fiber = yield* Effect.fork(
          Effect.all(Array.from({ length: 5 }, () => send()), { concurrency: "unbounded" })
        )
        yield* TestClock.adjust("1 minute")
        return yield* Fiber.join(fiber)
      }).pipe(
        Effect.provide(
          testLayer(handler, {
            retry: { jitter: false },
            rateLimit: { limit: 100, interval: "1 second", concurrency: 1 }
          })
        )
      )
      expect(result).toHaveLength(5)
      expect(starts[0]).toBe(0)
      // Nothing else starts before the 429 (answered at 100 ms) + 10 s.
      expect(starts.slice(1).every((t) => t >= 10_100)).toBe(true)
    }))

  it.effect("a 429 also pauses requests already waiting for a concurrency slot elsewhere", () =>
    Effect.gen(function*() {
      const { handler, starts } = observed(
        100,
        (index) => index === 0 ? { status: 429, headers: { "retry-after": "5" } } : ok
      )
      yield* Effect.gen(function*() {
        const fiber = yield* Effect.fork(
          Effect.all(Array.from({ length: 4 }, () => send()), { concurrency: "unbounded" })
        )
        yield* TestClock.adjust("1 minute")
        yield* Fiber.join(fiber)
      }).pipe(
        Effect.provide(
          testLayer(handler, {
            retry: { jitter: false },
            rateLimit: { limit: 1, interval: "50 millis", concurrency: 4 }
          })
        )
      )
      // Requests started at 0 and 50 ms before the 429 arrived at 100 ms; later ones wait until 5.1 s.
      const later = starts.filter((t) => t > 100)
      expect(later.every((t) => t >= 5100)).toBe(true)
    }))
})
