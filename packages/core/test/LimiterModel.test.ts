/**
 * The gate's start times against a model written here from the documented rule, over random
 * limits, windows and arrival schedules (fast-check, seeded): with requests arriving at strictly
 * increasing times and no 429, request `i` starts at the latest of its arrival, the start before
 * it (one turn at a time), and `limit` starts back plus the window with its margin. The large
 * case (2,100 requests through a limit of 1,000) passes through the log's compaction.
 */
import { RateLimit } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, FastCheck as fc, Fiber, TestClock } from "effect"

/** The model: start times of requests arriving at `arrivals` (strictly increasing). */
const model = (arrivals: ReadonlyArray<number>, limit: number, window: number): Array<number> => {
  const starts: Array<number> = []
  arrivals.forEach((arrival, i) => {
    starts.push(
      Math.max(arrival, i > 0 ? starts[i - 1] : -Infinity, i >= limit ? starts[i - limit] + window : -Infinity)
    )
  })
  return starts
}

/** The gate's start times for the same arrivals, under the test clock. */
const gate = (arrivals: ReadonlyArray<number>, limit: number, interval: number) =>
  Effect.gen(function*() {
    const limiter = yield* RateLimit.make({ limit, interval, concurrency: arrivals.length })
    const starts: Array<number> = new Array(arrivals.length)
    const fibers = yield* Effect.forEach(arrivals, (arrival, i) =>
      Effect.fork(
        Effect.zipRight(
          Effect.sleep(arrival),
          limiter.run(Effect.zipRight(limiter.start, Effect.map(Clock.currentTimeMillis, (t) => (starts[i] = t))))
        )
      ))
    // Every request asleep until its arrival before time moves.
    while ((yield* TestClock.sleeps()).length < arrivals.length) yield* Effect.yieldNow()
    yield* TestClock.adjust(arrivals[arrivals.length - 1] + (arrivals.length / limit + 2) * interval * 2)
    yield* Fiber.joinAll(fibers)
    return starts
  })

const schedule = (maxLimit: number, maxRequests: number) =>
  fc.record({
    limit: fc.integer({ min: 1, max: maxLimit }),
    interval: fc.integer({ min: 10, max: 2_000 }),
    gaps: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: maxRequests })
  })

const arrivalsOf = (gaps: ReadonlyArray<number>) => {
  let t = 0
  return gaps.map((gap) => (t += gap))
}

describe("rate limiter start times = the model", () => {
  it.effect.prop(
    "small limits, bursts and pauses",
    [schedule(6, 20)],
    ([{ gaps, interval, limit }]) =>
      Effect.gen(function*() {
        const arrivals = arrivalsOf(gaps)
        const starts = yield* gate(arrivals, limit, interval)
        expect(starts).toEqual(model(arrivals, limit, interval + RateLimit.margin(interval)))
      }),
    { fastCheck: { numRuns: 30, seed: 31 }, timeout: 60_000 }
  )

  it.effect("a large limit: 2,100 requests through a limit of 1,000 (the log compacts)", () =>
    Effect.gen(function*() {
      const arrivals = Array.from({ length: 2_100 }, (_, i) => i + 1)
      const starts = yield* gate(arrivals, 1_000, 1_000)
      expect(starts).toEqual(model(arrivals, 1_000, 1_000 + RateLimit.margin(1_000)))
    }), 120_000)
})
