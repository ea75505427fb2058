/**
 * Progress of long work on standard error, from a streams `Progress` tracker: on a terminal one
 * line redrawn in place (records, a bar, rate, ETA); otherwise a plain line every few seconds; a
 * last line when the work ends; nothing at all when quiet. Never on standard output, where the
 * data may go.
 *
 * @since 0.1.0
 */
import type { Progress } from "@effect-livechat/streams"
import { Duration, Effect, Fiber, Schedule } from "effect"

/**
 * How progress is shown: redrawn on a terminal, periodic lines otherwise, or not at all.
 *
 * @since 0.1.0
 * @category models
 */
export type Mode = "tty" | "lines" | "quiet"

/**
 * The mode for standard error as it is (a terminal or not), unless quiet.
 *
 * @since 0.1.0
 * @category constructors
 */
export const modeOf = (quiet: boolean): Mode => quiet ? "quiet" : process.stderr.isTTY ? "tty" : "lines"

const count = (n: number) => Math.round(n).toLocaleString("en-US")

const clock = (duration: Duration.Duration): string => {
  const seconds = Math.round(Duration.toSeconds(duration))
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const mm = String(m).padStart(h > 0 ? 2 : 1, "0")
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`
}

/**
 * One line of progress: `chats 1,250/10,000 [██████░░░░░░░░░░░░░░]  12%  2,350/s  ETA 0:04`.
 *
 * @since 0.1.0
 * @category rendering
 */
export const line = (what: string, snapshot: Progress.Snapshot, options: { readonly bar?: boolean } = {}): string => {
  const { expected, items } = snapshot
  if (expected === undefined && items === 0 && !snapshot.done) return `${what}: planning…`
  const parts = [`${what} ${count(items)}${expected === undefined ? "" : `/${count(expected)}`}`]
  if (expected !== undefined && expected > 0) {
    const share = Math.min(1, items / expected)
    if (options.bar ?? true) {
      const filled = Math.round(share * 20)
      parts.push(`[${"█".repeat(filled)}${"░".repeat(20 - filled)}]`)
    }
    parts.push(`${String(Math.floor(share * 100)).padStart(3)}%`)
  }
  parts.push(`${count(snapshot.rate)}/s`)
  if (snapshot.done) parts.push(`in ${clock(snapshot.elapsed)}`)
  else if (snapshot.eta !== undefined) parts.push(`ETA ${clock(snapshot.eta)}`)
  if (snapshot.retries > 0) parts.push(`${count(snapshot.retries)} retries`)
  return parts.join("  ")
}

const write = (text: string) => Effect.sync(() => process.stderr.write(text))

/**
 * Shows the progress of `work` on standard error in the given mode while it runs, and a last line
 * when it ends (successfully or not). With several trackers (a sync's chats and tickets), the line
 * shows those that have started.
 *
 * @since 0.1.0
 * @category combinators
 */
export const follow = <A, E, R>(
  trackers: ReadonlyArray<readonly [what: string, progress: Progress.Progress]>,
  mode: Mode,
  work: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => {
  if (mode === "quiet") return work
  const started = (snapshot: Progress.Snapshot) => snapshot.expected !== undefined || snapshot.items > 0
  const text = (last: boolean) =>
    Effect.map(
      Effect.forEach(trackers, ([what, progress]) => Effect.map(progress.get, (snapshot) => [what, snapshot] as const)),
      (snapshots) =>
        snapshots
          // While one tracker waits to be planned, it says so; the last line shows only what ran.
          .filter(([, snapshot], _, all) => started(snapshot) || (!last && all.length === 1))
          .map(([what, snapshot]) => line(what, snapshot, { bar: mode === "tty" }))
          .join("  ·  ")
    )
  const draw = (last: boolean) =>
    Effect.flatMap(text(last), (t) =>
      mode === "tty"
        ? write(t === "" ? (last ? "\r\x1b[2K" : "") : `\r\x1b[2K${t}${last ? "\n" : ""}`)
        : t === ""
        ? Effect.void
        : write(`${t}\n`))
  const every = mode === "tty" ? Duration.millis(100) : Duration.seconds(2)
  return Effect.gen(function*() {
    const drawing = yield* Effect.fork(Effect.repeat(Effect.delay(draw(false), every), Schedule.spaced(every)))
    return yield* work.pipe(Effect.ensuring(Effect.zipRight(Fiber.interrupt(drawing), draw(true))))
  })
}
