/**
 * The client's retry policy: exponential backoff with jitter for transient failures only, and
 * `Retry-After` of a 429 or 503 honoured in full up to the client's `maxRetryAfter` (a longer
 * wait is not retried: the call fails at once with the error carrying `retryAfter`).
 *
 * Which failures are retried:
 * - reads (`GET`): transport failures (refused, reset, timed out, body cut short), 408, 429,
 *   500, 502, 503, 504, and a success whose JSON is malformed (a truncated body);
 * - writes (`POST`, `PUT`, `DELETE`): only when the request provably did not reach the server
 *   (connection refused, host not found) or the server answered 429. Never after a timeout or a
 *   5xx: v2 has no idempotency keys, and a duplicate agent, ticket or webhook is data corruption.
 *
 * @since 0.1.0
 */
import { Duration, Option, Schedule } from "effect"
import { objectProblem } from "./internal/options.js"
import type { LiveChatError } from "./LiveChatError.js"
import { durationProblem } from "./RateLimit.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** How many retries after the first attempt. Default 4. */
  readonly times?: number | undefined
  /** The first backoff delay; each further one doubles. Default 500 millis. */
  readonly base?: Duration.DurationInput | undefined
  /** The longest backoff delay (a longer `Retry-After` is still honoured in full). Default 30 seconds. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /** Randomise each delay between 80% and 120% of its value. Default `true`. */
  readonly jitter?: boolean | undefined
}

/**
 * The defaults of {@link Options}.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  times: 4,
  base: Duration.millis(500),
  maxDelay: Duration.seconds(30),
  jitter: true
} as const

const transientStatuses = new Set([408, 429, 500, 502, 503, 504])

/**
 * Whether the method may be sent again after any transient failure (it has no side effect).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIdempotent = (method: string): boolean => method === "GET" || method === "HEAD"

/**
 * Whether a failure of a request with this method is worth another attempt.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (method: string, error: LiveChatError): boolean => {
  if (error._tag === "RateLimited") return true
  if (error._tag === "TransportError") {
    return error.reason === "Redirect" ? false : error.reason === "Connect" || isIdempotent(method)
  }
  if (!isIdempotent(method)) return false
  switch (error._tag) {
    case "BadRequest":
    case "ServerError":
      return transientStatuses.has(error.status)
    case "ResponseDecodeError":
      return error.reason === "Json"
    default:
      return false
  }
}

/**
 * The wait a failure asked for: `Retry-After` of a 429 (`RateLimited`) or of a 503 (`ServerError`).
 *
 * @since 0.1.0
 * @category utils
 */
export const retryAfter = (error: LiveChatError): Duration.Duration | undefined =>
  error._tag === "RateLimited" || error._tag === "ServerError" ? error.retryAfter : undefined

/**
 * Validates options, returning the first problem found.
 *
 * @since 0.1.0
 * @category utils
 */
export const validate = (options: unknown): Option.Option<{ field: string; detail: string }> => {
  if (options === false || options === undefined) return Option.none()
  const shape = objectProblem(options, "retry", Object.keys(defaults))
  if (shape !== undefined) return Option.some(shape)
  const record = options as Record<string, unknown>
  const times = record.times
  if (times !== undefined && (typeof times !== "number" || !Number.isSafeInteger(times) || times < 0 || times > 100)) {
    return Option.some({ field: "retry.times", detail: "must be a whole number from 0 to 100" })
  }
  for (const field of ["base", "maxDelay"] as const) {
    const problem = durationProblem(record[field])
    if (problem !== undefined) return Option.some({ field: `retry.${field}`, detail: problem })
  }
  if (record.jitter !== undefined && typeof record.jitter !== "boolean") {
    return Option.some({ field: "retry.jitter", detail: "must be true or false" })
  }
  return Option.none()
}

/**
 * The delays between attempts: exponential from `base`, capped at `maxDelay`, jittered, at most
 * `times` of them; the `retryAfter` of a 429 or 503 (see {@link retryAfter}) lengthens its delay
 * to at least that.
 *
 * @since 0.1.0
 * @category schedules
 */
export const schedule = (options: Options = {}): Schedule.Schedule<unknown, LiveChatError> => {
  const times = options.times ?? defaults.times
  const maxDelay = Duration.decode(options.maxDelay ?? defaults.maxDelay)
  const exponential = Schedule.exponential(options.base ?? defaults.base).pipe(
    Schedule.modifyDelay((_, delay) => Duration.min(delay, maxDelay))
  )
  const backoff = options.jitter ?? defaults.jitter ? Schedule.jittered(exponential) : exponential
  return backoff.pipe(
    Schedule.intersect(Schedule.identity<LiveChatError>()),
    Schedule.modifyDelay(([, error], delay) => {
      const wait = retryAfter(error)
      return wait === undefined ? delay : Duration.max(delay, wait)
    }),
    Schedule.intersect(Schedule.recurs(times))
  )
}
