/**
 * `Async.cancelable` against the reference it replaces, Effect's own `Effect.async` given the same
 * canceler as an effect: random scenarios (the outcome handed over at once or later, a success or
 * a failure, the fiber interrupted before it starts, while it waits or after its outcome, or never)
 * end the same way, with the canceler run in the same cases, once at most.
 */
import { Async } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, FastCheck as fc, Fiber } from "effect"

type Register = (resume: (effect: Effect.Effect<string, string>) => void) => (() => void) | void

const scenario = fc.record({
  /** The outcome: handed over inside `register` (no canceler returned), or later by the test. */
  sync: fc.boolean(),
  fails: fc.boolean(),
  /** Turns the test yields before it hands the outcome over (if it does: `resumes`). */
  resumeAfter: fc.nat({ max: 4 }),
  resumes: fc.boolean(),
  /** Turns before the fiber is interrupted (0: before it ran at all), or never. */
  interruptAfter: fc.option(fc.nat({ max: 5 }), { nil: undefined }),
  /** The outcome handed over twice: the second is ignored. */
  twice: fc.boolean()
})

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never

/** Runs `scenario` with `make` (the implementation under test): how it ended and what ran. */
const play = (make: (register: Register) => Effect.Effect<string, string>, s: Scenario) =>
  Effect.gen(function*() {
    const log: Array<string> = []
    let handOver: ((effect: Effect.Effect<string, string>) => void) | undefined
    const outcome = s.fails ? Effect.fail("failed") : Effect.succeed("ok")
    const register: Register = (resume) => {
      log.push("register")
      if (s.sync) {
        resume(outcome)
        if (s.twice) resume(Effect.succeed("again"))
        return
      }
      handOver = resume
      return () => log.push("cancel")
    }
    const fiber = yield* Effect.fork(make(register))
    const steps = Math.max(s.resumeAfter, s.interruptAfter ?? 0) + 1
    for (let step = 0; step <= steps; step++) {
      if (s.interruptAfter === step) yield* Fiber.interrupt(fiber)
      if (s.resumes && s.resumeAfter === step && handOver !== undefined) {
        handOver(outcome)
        if (s.twice) handOver(Effect.succeed("again"))
      }
      yield* Effect.yieldNow()
    }
    // Still waiting after every step (its outcome never handed over): interrupted now.
    const exit = yield* Fiber.interrupt(fiber)
    const ended = Exit.match(exit, {
      onSuccess: (value) => `succeeded ${value}`,
      onFailure: (cause) => Exit.isInterrupted(exit) ? "interrupted" : `failed ${JSON.stringify(cause.toJSON())}`
    })
    return { ended, log }
  })

const reference = (register: Register): Effect.Effect<string, string> =>
  Effect.async<string, string>((resume) => {
    const cancel = register(resume)
    return cancel === undefined ? undefined : Effect.sync(cancel)
  })

describe("Async.cancelable", () => {
  it.effect.prop(
    "ends as Effect.async with the same canceler does, and runs the canceler in the same cases",
    [scenario],
    ([s]) =>
      Effect.gen(function*() {
        const ours = yield* play(Async.cancelable, s)
        const theirs = yield* play(reference, s)
        expect(ours).toEqual(theirs)
        expect(ours.log.filter((entry) => entry === "cancel").length).toBeLessThanOrEqual(1)
      }),
    { fastCheck: { numRuns: 300 } }
  )

  it.effect("an interruption while it waits runs the canceler once, and the wait is interrupted", () =>
    Effect.gen(function*() {
      let cancelled = 0
      const fiber = yield* Effect.fork(Async.cancelable<string>(() => () => cancelled++))
      yield* Effect.yieldNow()
      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(cancelled).toBe(1)
    }))

  it.effect("an outcome handed over lets the canceler be", () =>
    Effect.gen(function*() {
      let cancelled = 0
      let resume: ((effect: Effect.Effect<string, string>) => void) | undefined
      const fiber = yield* Effect.fork(Async.cancelable<string, string>((r) => {
        resume = r
        return () => cancelled++
      }))
      yield* Effect.yieldNow()
      resume!(Effect.fail("no"))
      const exit = yield* Fiber.await(fiber)
      expect(exit).toEqual(Exit.fail("no"))
      yield* Fiber.interrupt(fiber)
      expect(cancelled).toBe(0)
    }))

  it.effect("the canceler runs uninterruptibly: an interruption does not cut it short", () =>
    Effect.gen(function*() {
      const steps: Array<string> = []
      const fiber = yield* Effect.fork(Async.cancelable<void>(() => () => {
        steps.push("cancel")
      }))
      yield* Effect.yieldNow()
      yield* Effect.zipRight(Fiber.interruptFork(fiber), Fiber.interrupt(fiber))
      expect(steps).toEqual(["cancel"])
    }))
})
