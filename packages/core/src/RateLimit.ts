/**
 * The rate limiter shared by every request made through one client layer: at most `limit`
 * request starts in any window of `interval` (a sliding window), at most `concurrency` requests in
 * flight, and a pause of every request that has not started when the server answers 429 with
 * `Retry-After`.
 *
 * A start is the moment a request is handed to the `HttpClient`, and that is what is counted: the
 * gate keeps a log of the last `limit` start times (those recent enough to matter), and lets one
 * request at a time (its turn) wait until both the pause is over and the oldest logged start is
 * `interval` old, then logs the time and hands the request over before the next request's turn.
 * Nothing is reserved ahead of time, so requests that were waiting when a pause began do not all
 * fire when it ends: they start one by one, each still counted in the same log as the starts
 * before the pause.
 *
 * Each window is lengthened by a small margin ({@link margin}: 5% of `interval`, at most 50 ms),
 * so that the network and the server's own clock cannot push one window's worth of requests into
 * the next of the server's windows: against a server counting the same `limit` per `interval`,
 * the client stays under it and still reaches 95% of the rate. Each 429 the server answers
 * anyway doubles the margin (up to 25% of `interval`): delays that vary more than the margin (a
 * busy server, a loaded machine) are what let a window's worth reach one server window, and a
 * second 429 costs a whole `Retry-After` pause, far more than a wider margin does. Each whole
 * `interval` after the pause without another 429 halves it back (down to the base margin): a 429
 * caused by someone else sharing the quota should not slow the client for good.
 *
 * Why not `effect/RateLimiter`: its token bucket lets a full bucket and its refills through in one
 * interval, and its fixed window lets two windows' worth through across a window boundary; either
 * can send up to twice the limit within one interval, which a server counting by sliding window
 * answers with 429. It also counts a permit when it is taken, not when the request starts.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Option } from "effect"
import { objectProblem } from "./internal/options.js"
import { Permits } from "./internal/permits.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Request starts allowed per `interval`. Default: no cap (LiveChat publishes no limit for v2;
   * see {@link defaults}). Set it to your account's limit if you know it.
   */
  readonly limit?: number | undefined
  /** The window of `limit`. Default 1 second. */
  readonly interval?: Duration.DurationInput | undefined
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number | undefined
}

/**
 * The defaults of {@link Options}: at most 8 requests in flight, no cap on starts per interval,
 * and (always) every request held while the server's `Retry-After` runs after a 429.
 *
 * Why no cap: LiveChat publishes no request limit for API v2. Any number chosen here would be a
 * guess that either slows every user down for nothing (a cap of 20 a second made an export with 8
 * pages in flight take 19 s instead of 1.3 s) or still lets a stricter account hit 429. The
 * server's own answer is the reliable signal: a 429 pauses every request of the client for its
 * `Retry-After` and the request is retried. With a known limit, set it:
 * `rateLimit: { limit: 100, interval: "1 second" }` keeps the client under it (no 429 at all).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = { limit: undefined, interval: Duration.seconds(1), concurrency: 8 } as const

/**
 * The longest wait a timer can hold (2³¹−1 milliseconds, about 24.8 days); longer durations are
 * refused by the options and never handed to a timer.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxTimerMillis = 2 ** 31 - 1

/**
 * The margin added to each window: 5% of `interval`, at most 50 milliseconds.
 *
 * @since 0.1.0
 * @category utils
 */
export const margin = (intervalMillis: number): number => Math.min(intervalMillis * 0.05, 50)

/**
 * @since 0.1.0
 * @category models
 */
export interface Gate {
  /** Runs a request holding one of the `concurrency` permits (its whole life: start, answer, body). */
  readonly run: <A, E, R>(request: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /**
   * Waits for this request's turn to start, then counts the start. Run it right before handing
   * the request to the transport, inside {@link Gate.run}.
   */
  readonly start: Effect.Effect<void>
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
  Effect.sync((): Gate => {
    let pausedUntil = 0
    const pause = (duration: Duration.DurationInput) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          const millis = Math.min(Duration.toMillis(duration), maxTimerMillis)
          pausedUntil = Math.max(pausedUntil, now + millis)
        }))
    const sleepThen = (millis: number, next: Effect.Effect<void>) =>
      Effect.zipRight(Effect.sleep(Math.min(millis, maxTimerMillis)), next)

    // Waits while a pause (after a 429) lasts; a client never paused does not read the clock.
    const awaitPause: Effect.Effect<void> = Effect.suspend(() =>
      pausedUntil === 0 ? Effect.void : Effect.flatMap(
        Clock.currentTimeMillis,
        (now) => pausedUntil > now ? sleepThen(pausedUntil - now, awaitPause) : Effect.void
      )
    )
    if (options === false) return { run: (request) => request, start: awaitPause, pause } satisfies Gate

    const permits = new Permits(options.concurrency ?? defaults.concurrency)
    const limit = options.limit ?? defaults.limit
    if (limit === undefined) {
      // No cap on starts: a request only waits for a pause, without taking a turn.
      return { run: permits.run, start: awaitPause, pause } satisfies Gate
    }
    const configured = Duration.toMillis(options.interval ?? defaults.interval)
    // The window, lengthened by the margin; each 429 doubles the margin (see above), up to 25%, and
    // each whole interval after the pause without another 429 halves it back, down to the base.
    const base = configured + margin(configured)
    const widest = configured * 1.25
    let interval = base
    let calmSince = 0
    const widen = (pauseEnd: number) => {
      interval = Math.min(configured + 2 * (interval - configured), widest)
      calmSince = pauseEnd
    }
    const calm = (now: number) => {
      if (interval > base && now >= calmSince + configured) {
        interval = Math.max(base, configured + (interval - configured) / 2)
        calmSince = now
      }
    }
    // The start times that can still hold a request back, oldest first, from `log[head]`: at most
    // the last `limit` of them, and none older than the widest window the margin can make. (So
    // memory follows the rate actually reached, not the limit: a limit of a million a second that
    // is never approached keeps a few entries, where a ring of `limit` would hold eight megabytes.)
    let log: Array<number> = []
    let head = 0
    const forget = (now: number) => {
      while (head < log.length && (log.length - head > limit || log[head] + widest <= now)) head++
      if (head >= 1024 && head * 2 >= log.length) {
        log = log.slice(head)
        head = 0
      }
    }
    const turn = new Permits(1)

    // Waits until neither the pause nor the window holds the request back, then logs its start.
    // The check is repeated after every wait: a 429 may have lengthened the pause meanwhile.
    // With `limit` starts logged, the oldest of them must be `interval` old.
    const waitAndLog: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      calm(now)
      forget(now)
      const full = log.length - head >= limit
      const wait = Math.max(pausedUntil - now, full ? log[log.length - limit] + interval - now : 0)
      if (wait > 0) return sleepThen(wait, waitAndLog)
      log.push(now)
      return Effect.void
    })

    return {
      run: permits.run,
      start: turn.run(waitAndLog),
      // Widened once per pause: the answers of the other requests in flight are the same 429.
      pause: (duration) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          if (pausedUntil <= now) widen(now + Math.min(Duration.toMillis(duration), maxTimerMillis))
          return pause(duration)
        })
    } satisfies Gate
  })

/**
 * Validates options, returning the first problem found.
 *
 * @since 0.1.0
 * @category utils
 */
export const validate = (options: unknown): Option.Option<{ field: string; detail: string }> => {
  if (options === false || options === undefined) return Option.none()
  const shape = objectProblem(options, "rateLimit", ["limit", "interval", "concurrency"])
  if (shape !== undefined) return Option.some(shape)
  const record = options as Record<string, unknown>
  for (const field of ["limit", "concurrency"] as const) {
    const value = record[field]
    if (value !== undefined && (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1)) {
      return Option.some({ field: `rateLimit.${field}`, detail: "must be a whole number of at least 1" })
    }
  }
  if (record.limit !== undefined && (record.limit as number) > 1_000_000) {
    return Option.some({ field: "rateLimit.limit", detail: "must be at most 1000000" })
  }
  const interval = durationProblem(record.interval, { min: 1 })
  return interval === undefined ? Option.none() : Option.some({ field: "rateLimit.interval", detail: interval })
}

/**
 * Why a value is not a usable duration (a `Duration`, a number of milliseconds, a string such as
 * `"1 second"`, or a bigint of nanoseconds): not one at all, not finite, below `min` milliseconds,
 * or longer than a timer can hold. `undefined` when it is fine (or absent).
 *
 * @since 0.1.0
 * @category utils
 */
export const durationProblem = (
  value: unknown,
  options: { readonly min?: number | undefined } = {}
): string | undefined => {
  if (value === undefined) return undefined
  // `Duration` reads NaN and negative numbers as zero: refuse them rather than guess.
  if (typeof value === "number" && Number.isNaN(value)) return "must be a number of milliseconds, not NaN"
  if (typeof value === "number" && value < 0) return "must not be negative"
  const decoded = Duration.decodeUnknown(value)
  if (Option.isNone(decoded)) {
    return `${
      typeof value === "string" ? JSON.stringify(value.slice(0, 100)) : "the value"
    } is not a duration (e.g. 1000, "1 second", Duration.seconds(1))`
  }
  const millis = Duration.toMillis(decoded.value)
  if (!Number.isFinite(millis)) return "must be finite"
  const min = options.min ?? 0
  if (millis < min) {
    return min === 0
      ? "must not be negative"
      : `must be at least ${min} millisecond${min === 1 ? "" : "s"}`
  }
  if (millis > maxTimerMillis) {
    return `must be at most ${maxTimerMillis} milliseconds (about 24.8 days), what a timer can hold`
  }
  return undefined
}
