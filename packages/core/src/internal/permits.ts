/**
 * The rate limiter's `concurrency` permits: a semaphore whose free permit is taken without
 * suspending the fiber. Effect's `Semaphore.withPermits` always goes through an asynchronous take,
 * even when a permit is free; here a request that finds one takes it in a plain check, and only a
 * request that must wait suspends (first come, first served), so the limiter costs next to nothing
 * until it is saturated.
 */
import { Effect } from "effect"
import * as Async from "../Async.js"

export class Permits {
  private free: number
  /** The fibers waiting for a permit, in order of arrival; each is woken with its permit. */
  private readonly waiting = new Set<() => void>()

  constructor(permits: number) {
    this.free = permits
  }

  private readonly unsafeRelease = (): void => {
    const next = this.waiting.values().next()
    if (next.done === true) this.free++
    else {
      this.waiting.delete(next.value)
      next.value() // the permit passes to the next one directly
    }
  }

  private readonly release = Effect.sync(this.unsafeRelease)

  /** Waits for a permit (already taken when it succeeds); an interruption gives back one it was handed. */
  private readonly wait: Effect.Effect<void> = Async.cancelable<void>((resume) => {
    if (this.free > 0) {
      this.free--
      return resume(Effect.void)
    }
    let handed = false
    const wake = () => {
      handed = true
      resume(Effect.void)
    }
    this.waiting.add(wake)
    return () => {
      if (!this.waiting.delete(wake) && handed) this.unsafeRelease()
    }
  })

  /** Runs `self` holding a permit, given back however it ends. */
  readonly run = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.uninterruptibleMask((restore) => {
      if (this.free > 0 && this.waiting.size === 0) {
        this.free--
        return Effect.ensuring(restore(self), this.release)
      }
      return Effect.flatMap(restore(this.wait), () => Effect.ensuring(restore(self), this.release))
    })
}
