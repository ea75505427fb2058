/**
 * The limiter's concurrency permits (`RateLimit.make`'s `run`, on `internal/permits.ts`): random
 * schedules of jobs that take random times, some interrupted while they wait or while they run.
 * Never more than `concurrency` at once, first come first served, and no permit lost or made.
 */
import { RateLimit } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Fiber, TestClock } from "effect"

const job = fc.record({
  /** When it is started (ms of test time) and how long it runs. */
  at: fc.nat({ max: 50 }),
  work: fc.nat({ max: 30 }),
  /** Interrupted this long after it was started (maybe while it waits, maybe while it runs), or never. */
  interruptAfter: fc.option(fc.nat({ max: 60 }), { nil: undefined })
})

describe("the limiter's permits", () => {
  it.effect.prop(
    "at most `concurrency` run at once, in order of arrival, and every permit comes back",
    [fc.integer({ min: 1, max: 4 }), fc.array(job, { maxLength: 25 })],
    ([concurrency, jobs]) =>
      Effect.gen(function*() {
        const gate = yield* RateLimit.make({ concurrency })
        let running = 0
        let most = 0
        const began: Array<number> = []
        const run = (index: number, work: number) =>
          gate.run(
            Effect.gen(function*() {
              began.push(index)
              running++
              most = Math.max(most, running)
              yield* Effect.sleep(work)
            }).pipe(Effect.ensuring(Effect.sync(() => running--)))
          )
        // Jobs sorted by start time: the order of arrival.
        const order = jobs.map((j, index) => ({ ...j, index })).sort((a, b) => a.at - b.at || a.index - b.index)
        const fibers = yield* Effect.forEach(order, (j) =>
          Effect.fork(Effect.zipRight(Effect.sleep(j.at), run(j.index, j.work))))
        yield* Effect.forEach(order, (j, i) =>
          j.interruptAfter === undefined
            ? Effect.void
            : Effect.fork(Effect.zipRight(Effect.sleep(j.at + j.interruptAfter), Fiber.interrupt(fibers[i]))))
        yield* TestClock.adjust(10_000)
        yield* Effect.forEach(fibers, Fiber.await)
        expect(most).toBeLessThanOrEqual(concurrency)
        expect(running).toBe(0)
        // Every permit came back: `concurrency` new jobs all run at once, none more.
        let together = 0
        let peak = 0
        const probe = yield* Effect.forEach(Array.from({ length: concurrency + 1 }), () =>
          Effect.fork(gate.run(Effect.gen(function*() {
            together++
            peak = Math.max(peak, together)
            yield* Effect.sleep(10)
            together--
          }))))
        yield* TestClock.adjust(5)
        expect(peak).toBe(concurrency)
        yield* TestClock.adjust(100)
        yield* Effect.forEach(probe, Fiber.join)
        // First come, first served: of two jobs never interrupted, the one that arrived earlier began earlier.
        const kept = order.filter((j) =>
          j.interruptAfter === undefined
        )
        for (const a of kept) {
          for (const b of kept) {
            if (a.at < b.at) {
              expect(began.indexOf(a.index)).toBeLessThan(began.indexOf(b.index))
            }
          }
        }
      }),
    { fastCheck: { numRuns: 25 } }
  )
})
