/**
 * Progress of a streamed run, for progress bars and logs: records, pages, requests, retries,
 * rate and ETA, kept up to date by the stream itself.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Stream, SubscriptionRef } from "effect"

/**
 * The counters of a run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Counts {
  /** When the run started (clock millis), once it has. */
  readonly startedAt: number | undefined
  /** Records emitted. */
  readonly items: number
  /** Records the run expects in all (the sum of its windows' totals), once planned. */
  readonly expected: number | undefined
  /** Pages read, and to read in all. */
  readonly pages: number
  readonly pagesTotal: number | undefined
  /** Windows finished, and in all. */
  readonly windows: number
  readonly windowsTotal: number | undefined
  /** HTTP requests sent (every attempt), and how many of them were retries. */
  readonly requests: number
  readonly retries: number
  /** Reads beyond the planned ones, made to prove a window complete while the archive changed. */
  readonly repairs: number
  /** Windows the run could not prove complete (with `consistency: "warn"`). */
  readonly mismatches: number
  readonly done: boolean
}

/**
 * A snapshot of a run: its counters, with the time elapsed, the rate and the time left.
 *
 * @since 0.1.0
 * @category models
 */
export interface Snapshot extends Omit<Counts, "startedAt"> {
  /** Time since the run started. */
  readonly elapsed: Duration.Duration
  /** Records per second so far. */
  readonly rate: number
  /** The time left at this rate, once it can be told. */
  readonly eta: Duration.Duration | undefined
}

/**
 * A progress tracker: give it to a stream's `progress` option, then read `get` or follow
 * `changes` (e.g. to draw a progress bar).
 *
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  readonly get: Effect.Effect<Snapshot>
  readonly changes: Stream.Stream<Snapshot>
  /** @internal */
  readonly update: (f: (counts: Counts) => Counts) => Effect.Effect<void>
}

const initial: Counts = {
  startedAt: undefined,
  items: 0,
  expected: undefined,
  pages: 0,
  pagesTotal: undefined,
  windows: 0,
  windowsTotal: undefined,
  requests: 0,
  retries: 0,
  repairs: 0,
  mismatches: 0,
  done: false
}

const snapshot = (counts: Counts, now: number): Snapshot => {
  const elapsedMillis = counts.startedAt === undefined ? 0 : Math.max(0, now - counts.startedAt)
  const rate = elapsedMillis === 0 ? 0 : counts.items / (elapsedMillis / 1000)
  const left = counts.expected === undefined ? undefined : Math.max(0, counts.expected - counts.items)
  const { startedAt: _, ...rest } = counts
  return {
    ...rest,
    elapsed: Duration.millis(elapsedMillis),
    rate,
    eta: left === undefined
      ? undefined
      : left === 0
      ? Duration.zero
      : rate > 0
      ? Duration.seconds(left / rate)
      : undefined
  }
}

/**
 * Makes a tracker.
 *
 * @example
 * ```ts
 * import { Archives, Progress } from "@effect-livechat/streams"
 * import { Effect, Stream } from "effect"
 *
 * const run = Effect.gen(function*() {
 *   const progress = yield* Progress.make
 *   yield* Effect.fork(progress.changes.pipe(Stream.runForEach((p) => Effect.log(`${p.items}/${p.expected ?? "?"}`))))
 *   return yield* Archives.stream({}, { progress }).pipe(Stream.runCount)
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Progress> = Effect.map(SubscriptionRef.make(initial), (ref) => ({
  get: Effect.zipWith(SubscriptionRef.get(ref), Clock.currentTimeMillis, snapshot),
  changes: Stream.mapEffect(
    ref.changes,
    (counts) => Effect.map(Clock.currentTimeMillis, (now) => snapshot(counts, now))
  ),
  update: (f) => SubscriptionRef.update(ref, f)
}))
