/**
 * The rate limiter shared by every request made through one client layer: at most `limit`
 * request starts in any `interval` (a sliding window), at most `concurrency` requests in flight,
 * and a pause of all requests that have not started when the server answers 429 with `Retry-After`.
 *
 * Why not `effect/RateLimiter`: its token bucket lets a full bucket and its refills through in one
 * interval, and its fixed window lets two windows' worth through across a window boundary; either
 * can send up to twice the limit within one interval, which is what a server counting by sliding
 * window answers with 429. A log of the last `limit` start times gives the exact guarantee. Requests
 * wait their turn in arrival order.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Option, Ref } from "effect"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Request starts allowed per `interval`. Default 20. */
  readonly limit?: number | undefined
  /** The window of `limit`. Default 1 second. */
  readonly interval?: Duration.DurationInput | undefined
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number | undefined
}

/**
 * The defaults of {@link Options}.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = { limit: 20, interval: Duration.seconds(1), concurrency: 8 } as const

/**
 * @since 0.1.0
 * @category models
 */
export interface Gate {
  /** Runs a request when the limits allow it. */
  readonly run: <A, E, R>(request: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Holds every request that has not started yet for this long (a 429's `Retry-After`). */
  readonly pause: (duration: Duration.DurationInput) => Effect.Effect<void>
}

/**
 * A gate. `false` makes one that only honours pauses.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options | false = {}): Effect.Effect<Gate> =>
  Effect.gen(function*() {
    const pausedUntil = yield* Ref.make(0)
    const awaitPause: Effect.Effect<void> = Effect.flatMap(
      Effect.zip(Ref.get(pausedUntil), Clock.currentTimeMillis),
      ([until, now]) => until > now ? Effect.zipRight(Effect.sleep(until - now), awaitPause) : Effect.void
    )
    const pause = (duration: Duration.DurationInput) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Ref.update(pausedUntil, (until) => Math.max(until, now + Duration.toMillis(duration))))
    if (options === false) {
      return {
        run: (request) =>
          Effect.zipRight(awaitPause, request),
        pause
      }
    }
    const limit = options.limit ?? defaults.limit
    const interval = Duration.toMillis(options.interval ?? defaults.interval)
    // The start times reserved by the last `limit` requests, oldest first.
    const starts = yield* Ref.make<ReadonlyArray<number>>([])
    const turn = yield* Effect.makeSemaphore(1)
    const reserve = turn.withPermits(1)(Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const recent = yield* Ref.get(starts)
      const at = recent.length < limit ? now : Math.max(now, recent[recent.length - limit] + interval)
      yield* Ref.set(starts, [...recent, at].slice(-limit))
      return at - now
    }))
    const permits = yield* Effect.makeSemaphore(options.concurrency ?? defaults.concurrency)
    return {
      run: <A, E, R>(request: Effect.Effect<A, E, R>) =>
        permits.withPermits(1)(
          awaitPause.pipe(
            Effect.zipRight(reserve),
            Effect.flatMap((wait) => wait > 0 ? Effect.sleep(wait) : Effect.void),
            Effect.zipRight(awaitPause),
            Effect.zipRight(request)
          )
        ),
      pause
    } satisfies Gate
  })

/**
 * Validates options, returning the first problem found.
 *
 * @since 0.1.0
 * @category utils
 */
export const validate = (options: Options | false): Option.Option<{ field: string; detail: string }> => {
  if (options === false) return Option.none()
  for (const field of ["limit", "concurrency"] as const) {
    const value = options[field]
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      return Option.some({ field: `rateLimit.${field}`, detail: "must be a whole number of at least 1" })
    }
  }
  return Option.none()
}
