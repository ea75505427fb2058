/**
 * The fault knobs of the fake, and the decisions they make request by request.
 */
import { Duration } from "effect"
import { generator } from "./random.js"

/**
 * Faults to inject. Every rate is a share of requests, from 0 to 1, drawn from a generator seeded
 * with the fake's seed, so a run is repeatable.
 */
export interface Faults {
  /** Time taken by every request: fixed, or random in `[min, max]`. */
  readonly latency?: Duration.DurationInput | {
    readonly min: Duration.DurationInput
    readonly max: Duration.DurationInput
  } | undefined
  /**
   * A server-enforced limit: more than `limit` requests in an `interval` are answered 429 with
   * `Retry-After`. The interval slides (any `interval` long span, default) or is a fixed window
   * (`window: "fixed"`: counts restart at each multiple of `interval`, as many servers count).
   */
  readonly rateLimit?: {
    readonly limit: number
    readonly interval: Duration.DurationInput
    readonly window?: "sliding" | "fixed" | undefined
  } | undefined
  /** The share of requests answered with a 5xx (one of `statuses`, default 500, 502, 503). */
  readonly errorRate?: number | undefined
  readonly errorStatuses?: ReadonlyArray<number> | undefined
  /** The share of requests whose connection is reset before an answer. */
  readonly resetRate?: number | undefined
  /** The share of successful answers whose body is cut short. */
  readonly truncateRate?: number | undefined
  /** New chats (and tickets) arriving: this many after each request is answered. */
  readonly drift?:
    | { readonly chatsPerRequest?: number | undefined; readonly ticketsPerRequest?: number | undefined }
    | undefined
}

export type Decision =
  | { readonly _tag: "Pass"; readonly truncate: boolean }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "Error"; readonly status: number }
  | { readonly _tag: "RateLimited"; readonly retryAfterSeconds: number }

export class FaultState {
  private readonly random: () => number
  private starts: Array<number> = []
  faults: Faults

  constructor(faults: Faults, seed: number) {
    this.faults = faults
    this.random = generator(seed ^ 0x5eed)
  }

  latency(): number {
    const latency = this.faults.latency
    if (latency === undefined) return 0
    if (typeof latency === "object" && latency !== null && "min" in latency) {
      const min = Duration.toMillis(latency.min)
      const max = Duration.toMillis(latency.max)
      return Math.round(min + this.random() * (max - min))
    }
    return Duration.toMillis(latency)
  }

  /** What happens to a request arriving at `now` (millis). */
  decide(now: number): Decision {
    const limit = this.faults.rateLimit
    if (limit !== undefined) {
      const interval = Duration.toMillis(limit.interval)
      const windowStart = limit.window === "fixed" ? now - (now % interval) : now - interval + 1
      this.starts = this.starts.filter((t) => t >= windowStart)
      if (this.starts.length >= limit.limit) {
        const wait = limit.window === "fixed" ? windowStart + interval - now : this.starts[0] + interval - now
        return { _tag: "RateLimited", retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) }
      }
      this.starts.push(now)
    }
    if (this.chance(this.faults.resetRate)) return { _tag: "Reset" }
    if (this.chance(this.faults.errorRate)) {
      const statuses = this.faults.errorStatuses ?? [500, 502, 503]
      return { _tag: "Error", status: statuses[Math.floor(this.random() * statuses.length)] }
    }
    return { _tag: "Pass", truncate: this.chance(this.faults.truncateRate) }
  }

  private chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate
  }
}
