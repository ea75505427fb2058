/**
 * The per-attempt timeout: `start` (the limiter's count of a start), then `send`, in one fiber of
 * their own; the time runs from the end of `start`, and when it is up that fiber is interrupted and
 * the attempt fails with `onTimeout()`.
 *
 * Why not `Effect.timeout`: measured per call (20,000 calls of an otherwise instant effect, CPU),
 * `Effect.raceFirst` with a `Deferred` cost 65–105 µs, `Effect.timeoutFail` 40–60 µs and a fork
 * plus a fiber sleeping on the `Clock` 53–60 µs, against 15–19 µs for a fork plus a timer of the
 * clock's scheduler: the sleeping fiber was the cost, and a request's whole cost is a few hundred µs.
 * So under the live clock the timer is a plain one (cancelled when the answer is in); under any
 * other `Clock` (`TestClock`, a custom one) the time is slept on that clock, as `Effect.timeout` would.
 */
import { Clock, Deferred, Duration, Effect, Exit, Fiber, FiberId } from "effect"

/** The class of the live clock: a clock of that class schedules on the global timers. */
const LiveClock = Clock.make().constructor

/** An attempt: `start` (the limiter's count), then `send`, timed from the end of `start`. */
interface Attempt<A, E, T> {
  readonly start: Effect.Effect<void>
  readonly send: Effect.Effect<A, E>
  readonly duration: Duration.Duration
  readonly onTimeout: () => T
}

/** Whether `clock` is the live clock (timers of the runtime's scheduler measure its time). */
export const isLive = (clock: Clock.Clock): boolean => clock.constructor === LiveClock

export const withTimeout = <A, E, T>(
  start: Effect.Effect<void>,
  send: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => T
): Effect.Effect<A, E | T> =>
  Effect.clockWith((clock) =>
    isLive(clock)
      ? live({ start, send, duration, onTimeout })
      : slept({ start, send, duration, onTimeout })
  )

const live = <A, E, T>({ duration, onTimeout, send, start }: Attempt<A, E, T>): Effect.Effect<A, E | T> =>
  Effect.uninterruptibleMask((restore) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let timedOut = false
    return Effect.flatMap(
      Effect.fork(restore(Effect.zipRight(
        start,
        Effect.withFiberRuntime<A, E>((fiber) => {
          timer = setTimeout(() => {
            timedOut = true
            fiber.unsafeInterruptAsFork(FiberId.none)
          }, Duration.toMillis(duration))
          return send
        })
      ))),
      (child) =>
        restore(Fiber.await(child)).pipe(
          Effect.onInterrupt(() => Fiber.interrupt(child)),
          Effect.ensuring(Effect.sync(() => clearTimeout(timer))),
          Effect.flatMap((exit): Effect.Effect<A, E | T> =>
            timedOut && Exit.isInterrupted(exit) ? Effect.fail(onTimeout()) : exit
          )
        )
    )
  })

const slept = <A, E, T>({ duration, onTimeout, send, start }: Attempt<A, E, T>): Effect.Effect<A, E | T> =>
  Effect.flatMap(Deferred.make<void>(), (started) =>
    Effect.raceFirst(
      start.pipe(Effect.zipRight(Deferred.succeed(started, undefined)), Effect.zipRight(send)),
      Deferred.await(started).pipe(
        Effect.zipRight(Effect.sleep(duration)),
        // Made only when the time is up (an error captures a stack trace: not one per attempt).
        Effect.zipRight(Effect.failSync(onTimeout))
      )
    ))
