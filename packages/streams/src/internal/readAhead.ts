/**
 * Reads run ahead of their consumer, results taken in their order: the read-ahead of a window's
 * planned pages.
 *
 * Why not `Stream.mapEffect(…, { concurrency })`, which does the same: measured over 4,000
 * elements of an otherwise instant effect at 8 at once (CPU per element), it cost 85–90 µs, its
 * queue and channel machinery, against 24–27 µs for a fork and a join here, and 6–7 µs for
 * `Effect.forEach` (which keeps no order of completion for a consumer); a page of 25 records costs
 * a few hundred µs in all, so the difference was a fifth of an export's CPU.
 */
import { type Cause, Effect, Fiber, Option, type Scope } from "effect"

/**
 * A read started ahead: its fiber, and its outcome once it is in. The outcome is kept here, not as
 * the fiber's result: a fiber is often allocated in the old generation (V8 pretenures the site
 * where the runtime makes fibers, most of which live long), and a dead old fiber holding a page
 * kept that page alive through every minor collection until the next major one. Measured on
 * 20,000 chats (`--trace-gc-nvp`): 82 MB promoted to the old generation with the page as the
 * fiber's result, 17 MB with it here, as little as a loop without read-ahead (15 MB). For the same
 * reason no `Exit` is made to carry it.
 */
interface Started<A, E> {
  fiber: Fiber.RuntimeFiber<void> | undefined
  /** Set when the read succeeded (`done`), or failed (`cause`). */
  done: boolean
  value: A | undefined
  cause: Cause.Cause<E> | undefined
}

/**
 * A pull of the results of `reads`, in order: each pull starts reads until `concurrency` of them
 * are running or waiting to be taken, then waits for the oldest. It fails with `None` once every
 * read was taken. Reads run in `scope` (closing it interrupts those still running).
 */
export const readAhead = <A, E, R>(
  reads: ReadonlyArray<() => Effect.Effect<A, E, R>>,
  concurrency: number
): Effect.Effect<Effect.Effect<A, Option.Option<E>, R>, never, Scope.Scope> =>
  Effect.map(Effect.scope, (scope) => {
    const started: Array<Started<A, E>> = []
    let next = 0
    const start: Effect.Effect<void, never, R> = Effect.suspend(() => {
      if (started.length >= concurrency || next >= reads.length) return Effect.void
      const read = reads[next++]
      const slot: Started<A, E> = { fiber: undefined, done: false, value: undefined, cause: undefined }
      started.push(slot)
      // The outcome goes straight into the slot (no `Exit` made to carry it: see `Started`).
      const run = Effect.matchCauseEffect(Effect.suspend(read), {
        onFailure: (cause) =>
          Effect.sync(() => {
            slot.cause = cause
          }),
        onSuccess: (value) =>
          Effect.sync(() => {
            slot.done = true
            slot.value = value
          })
      })
      return Effect.flatMap(Effect.forkIn(run, scope), (fiber) => {
        slot.fiber = fiber
        return start
      })
    })
    return Effect.flatMap(start, () => {
      const oldest = started.shift()
      if (oldest === undefined) return Effect.fail(Option.none())
      return Effect.flatMap(Fiber.await(oldest.fiber!), (exit) => {
        const { cause, done, value } = oldest
        oldest.value = undefined
        oldest.cause = undefined
        if (done) return Effect.succeed(value as A)
        if (cause !== undefined) return Effect.mapError(Effect.failCause(cause), Option.some)
        // Interrupted before its outcome was in (the scope is closing): as a join would.
        return Effect.flatMap(exit, () => Effect.interrupt)
      })
    })
  })
