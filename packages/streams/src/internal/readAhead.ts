/**
 * Reads run ahead of their consumer, results taken in their order: the read-ahead of a window's
 * planned pages.
 *
 * Why not `Stream.mapEffect(…, { concurrency })`, which does the same: measured over 4,000
 * elements of an otherwise instant effect at 8 at once (CPU per element), it cost 85–90 µs, its
 * queue and channel machinery, against 24–27 µs for a fork and a join per read, and 6–7 µs for
 * `Effect.forEach` (which keeps no order of completion for a consumer); a page of 25 records costs
 * a few hundred µs in all, so the difference was a fifth of an export's CPU.
 *
 * Why workers, not a fiber per read: a fiber, its references and its scope entry are a few
 * kilobytes that V8 allocates in (or soon moves to) the old generation, which only a major
 * collection frees; a fiber per read made them the largest share of what a long stream promoted
 * (sampled with the heap profiler keeping objects that outlived minor collections: 55 MB over
 * 100,000 chats, about 10 MB of it the fibers and their references; 35 MB with workers). Here
 * `concurrency` fibers serve a whole round, each taking the next read when it is done with one.
 */
import { Async } from "@effect-livechat/core"
import { type Cause, Effect, Option, type Scope } from "effect"

/**
 * Where a read's outcome waits for its turn: one per worker, reused (read `i` uses slot
 * `i % width`, free again once read `i - width` was taken). The outcome is kept as plain fields, no
 * `Exit` or fiber result made to carry it: a long-lived object holding a page (a fiber, an `Exit`
 * moved to the old generation) kept that page alive through every minor collection until the next
 * major one. Measured on 20,000 chats (`--trace-gc-nvp`): 82 MB promoted with the page as a fiber's
 * result, 17 MB with it in a plain slot, as little as a loop without read-ahead (15 MB).
 */
interface Slot<A, E> {
  /** 0: not in yet; 1: succeeded (`value`); 2: failed (`cause`). */
  state: 0 | 1 | 2
  value: A | undefined
  cause: Cause.Cause<E> | undefined
}

/**
 * A pull of the results of reads `read(0)` to `read(count - 1)`, in order (each read's effect is
 * made when it starts). On the first pull, `concurrency` workers start (in `scope`: closing it
 * interrupts their reads): each takes the next read while fewer than `concurrency` reads are
 * running or waiting to be taken (the last one taken counts until the next pull), so never more
 * than that many, as a fork per read started on each pull did. A pull waits for the oldest read not
 * taken, and fails with `None` once every read was taken.
 */
export const readAhead = <A, E, R>(
  count: number,
  read: (index: number) => Effect.Effect<A, E, R>,
  concurrency: number
): Effect.Effect<Effect.Effect<A, Option.Option<E>, R>, never, Scope.Scope> =>
  Effect.map(Effect.scope, (scope) => {
    const width = Math.max(0, Math.min(concurrency, count))
    const slots: Array<Slot<A, E>> = Array.from({ length: width }, () => ({
      state: 0,
      value: undefined,
      cause: undefined
    }))
    let next = 0
    let taken = 0
    /**
     * Reads taken whose consumer has come back for more: their places are free for new reads (a
     * read's place is not freed when it is taken but at the next pull, so a consumer that stops
     * after a result has no read started for it).
     */
    let freed = 0
    let started = false
    /** The pull waiting for read `taken`, if one is. */
    let waiting: (() => void) | undefined
    /** Workers waiting for room (a read taken). */
    const idle: Array<() => void> = []

    /** There is room for a read: fewer than `width` running, waiting to be taken or being used. */
    const room = () => next - freed < width
    /** The oldest read not taken is in. */
    const oldestIn = () => slots[taken % width].state !== 0
    /** Resumes the waiting pull if its read is in. */
    const wake = () => {
      if (waiting !== undefined && oldestIn()) {
        const resume = waiting
        waiting = undefined
        resume()
      }
    }
    /**
     * Waits until `ready()`: at once if it is by the time the wait is registered (a fiber may yield
     * between its check and its wait), else until `park`'s resume is called; interruption unparks
     * (through `Async.cancelable`: why, in its module).
     */
    const waitUntil = (ready: () => boolean, park: (resume: () => void) => () => void) =>
      Async.cancelable<void>((resume) => {
        if (ready()) return resume(Effect.void)
        return park(() => resume(Effect.void))
      })

    const worker: Effect.Effect<void, never, R> = Effect.suspend(() => {
      if (next >= count) return Effect.void
      if (!room()) {
        return Effect.zipRight(
          waitUntil(room, (resume) => {
            idle.push(resume)
            return () => {
              const at = idle.indexOf(resume)
              if (at >= 0) idle.splice(at, 1)
            }
          }),
          worker
        )
      }
      const slot = slots[next % width]
      const index = next++
      return Effect.zipRight(
        Effect.matchCause(Effect.suspend(() => read(index)), {
          onFailure: (cause) => {
            slot.cause = cause
            slot.state = 2
            wake()
          },
          onSuccess: (value) => {
            slot.value = value
            slot.state = 1
            wake()
          }
        }),
        worker
      )
    })

    const pull: Effect.Effect<A, Option.Option<E>, R> = Effect.suspend(() => {
      if (!started) {
        started = true
        return Effect.zipRight(
          Effect.forEach(slots, () => Effect.forkIn(worker, scope), { discard: true }),
          pull
        )
      }
      if (freed < taken) {
        freed = taken
        for (let free = width - (next - freed); free > 0 && idle.length > 0; free--) idle.shift()!()
      }
      if (taken >= count) return Effect.fail(Option.none())
      const slot = slots[taken % width]
      if (slot.state === 0) {
        return Effect.zipRight(
          waitUntil(oldestIn, (resume) => {
            waiting = resume
            return () => {
              waiting = undefined
            }
          }),
          pull
        )
      }
      const { cause, state, value } = slot
      slot.state = 0
      slot.value = undefined
      slot.cause = undefined
      taken++
      return state === 1 ? Effect.succeed(value as A) : Effect.mapError(Effect.failCause(cause!), Option.some)
    })
    return pull
  })
