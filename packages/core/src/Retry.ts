/**
 * The client's retry policy: exponential backoff with jitter for transient failures only, and
 * `Retry-After` honoured in full.
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
import { Duration, Schedule } from "effect"
import type { LiveChatError } from "./LiveChatError.js"

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
 * The delays between attempts: exponential from `base`, capped at `maxDelay`, jittered, at most
 * `times` of them; a `RateLimited` error's `retryAfter` lengthens its delay to at least that.
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
    Schedule.modifyDelay(([, error], delay) =>
      error._tag === "RateLimited" && error.retryAfter !== undefined ? Duration.max(delay, error.retryAfter) : delay
    ),
    Schedule.intersect(Schedule.recurs(times))
  )
}
