/**
 * Waiting on a callback that can be cancelled, without keeping the wait's state in the old
 * generation.
 *
 * `Effect.async` given a canceler (or a register taking an `AbortSignal`) wraps its wait in
 * `Effect.onInterrupt`, which allocates an object literal holding a closure over the canceler, and
 * so over everything the canceler reaches (a request's state, the callback, the fiber's resume).
 * V8 tracks where such literals are allocated and, when it sees most objects of one site outlive a
 * minor collection, allocates that site's objects in the old generation from then on. Effect's
 * `onInterrupt` is one site for every caller: a program that waits on a few long-lived things
 * through it (a layer's resources, requests one at a time while it starts up) can tip it over. From
 * then on every wait's handlers are old objects that only a major collection frees, and until one
 * does, each of them keeps its wait's state alive through every minor collection, which promotes
 * that state to the old generation as well.
 *
 * Measured on the streams' run over 100,000 chats (`--trace-gc-nvp`, the bench fake): after 50
 * requests made one at a time, 43 MB promoted instead of 17, about 140 KB at every minor collection
 * for the rest of the run; with this module's {@link cancelable} in the client's transport, the rate
 * limiter's permits and the streams' read-ahead, 20 MB after the same 50 requests. A stream of
 * 1,000,000 chats plans its windows with about 50 requests one at a time, so it met the first case
 * in every run: 300 to 317 MB promoted, 70 MB now.
 *
 * {@link cancelable} is the same wait with the same interruption semantics (the canceler runs, not
 * interruptibly, when the fiber is interrupted while it waits), built from Effect's primitives and
 * closures only: no object literal, so nothing that V8 can decide to allocate in the old generation.
 *
 * @example
 * ```ts
 * import { Async } from "@effect-livechat/core"
 * import { Effect } from "effect"
 *
 * // A timer that an interruption clears.
 * const after = (millis: number) =>
 *   Async.cancelable<string>((resume) => {
 *     const timer = setTimeout(() => resume(Effect.succeed("done")), millis)
 *     return () => clearTimeout(timer)
 *   })
 * ```
 *
 * @since 0.1.0
 */
import { Cause, Effect } from "effect"

/**
 * `Effect.async` with a canceler: `register` starts the operation, hands its outcome to `resume`
 * (once; later calls are ignored), and returns the function that cancels it, or nothing when there
 * is nothing to cancel (say the outcome was handed over at once). The canceler runs if the fiber is
 * interrupted while waiting, and not otherwise; it must not throw.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cancelable = <A, E = never, R = never>(
  register: (resume: (effect: Effect.Effect<A, E, R>) => void) => (() => void) | void
): Effect.Effect<A, E, R> =>
  Effect.uninterruptibleMask((restore) => {
    let cancel: (() => void) | void = undefined
    return Effect.catchAllCause(
      restore(Effect.async<A, E, R>((resume) => {
        cancel = register(resume)
      })),
      (cause) => {
        if (cancel !== undefined && Cause.isInterruptedOnly(cause)) cancel()
        return Effect.failCause(cause)
      }
    )
  })
