/**
 * `livechat sync`: the database from its URL, the interval, the runs and their summaries. Loaded
 * only when the command runs (with the sync and its SQL drivers): the other commands start without
 * them.
 */
import { InvalidInput } from "@effect-livechat/core"
import { Progress } from "@effect-livechat/streams"
import { Push, Sync } from "@effect-livechat/sync"
import { Duration, Effect, Layer, Redacted, Schedule } from "effect"
import * as ExitCode from "../ExitCode.js"
import * as ProgressBar from "../ProgressBar.js"
import * as Output from "./output.js"
import type * as Receiver from "./receiver.js"

const invalid = (_field: string, detail: string) => new InvalidInput({ operation: "sync", field: "", detail })

/**
 * `file:PATH` (or a bare path) for SQLite, `postgres://…` (or `postgresql://…`) for PostgreSQL;
 * any other `scheme://` is refused, naming what is supported.
 */
export const database = (url: string) => {
  if (/^postgres(ql)?:\/\//i.test(url)) return Effect.succeed(Sync.layerPg({ url: Redacted.make(url) }))
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)
  if (scheme !== null) {
    return Effect.fail(
      invalid(
        "database",
        `--database: ${scheme[1]}:// is not a database livechat can use; give file:PATH (SQLite) or a ` +
          `postgres:// URL (PostgreSQL)`
      )
    )
  }
  const file = url.startsWith("file:") ? url.slice("file:".length) : url
  return file === ""
    ? Effect.fail(invalid("database", "--database: give file:PATH (SQLite) or a postgres:// URL (PostgreSQL)"))
    : Effect.succeed(Sync.layerSqlite(file))
}

const units: { readonly [unit: string]: string } = { s: "seconds", m: "minutes", h: "hours", d: "days" }

/** `15m`, `1h`, `30s`, `2d`, or anything `Duration.decode` reads (`15 minutes`). */
export const interval = (text: string) => {
  const short = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim())
  const input = short === null ? text.trim() : `${short[1]} ${units[short[2]]}`
  return Effect.try({
    try: () => Duration.decode(input as Duration.DurationInput),
    catch: () => invalid("every", `--every: ${JSON.stringify(text)} is not an interval (15m, 1h, 30s, "15 minutes")`)
  }).pipe(
    Effect.filterOrFail(
      (d) => Duration.toMillis(d) > 0 && Duration.isFinite(d),
      () => invalid("every", "--every must be longer than zero")
    )
  )
}

/** A run's summary: a line per resource. */
export const describe = (summary: Sync.Summary): string => {
  const rows = summary.resources.map((r) => [
    r.resource,
    r.mode,
    `${r.written} written`,
    `${r.deleted} deleted`,
    r.audited > 0 ? `${r.audited} audited` : "",
    r.reverified > 0 ? `${r.reverified} re-verified` : "",
    // The cursor is a day (`YYYY-MM-DD`): the newest the run read records of.
    r.cursor === null ? "" : `up to ${r.cursor}`
  ])
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i].length))) ?? []
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n"
}

/** What `livechat sync` was given. */
export interface Settings {
  readonly database: string
  readonly resources: ReadonlyArray<string>
  readonly since: string | undefined
  readonly every: string | undefined
  readonly wait: boolean
  readonly json: boolean
  readonly quiet: boolean
  /** `--listen`: the receiver, and the URL to register its webhooks at (`--register`). */
  readonly listen?: {
    readonly receiver: Receiver.Settings
    readonly register: string | undefined
  } | undefined
}

/**
 * The runs of `livechat sync`: one, or one every `--every` until Ctrl-C. A run that mirrored some
 * resources but not all prints the summary of those it mirrored before it fails; a scheduled run's
 * failure is told and the next run still comes.
 */
export const run = <R>(settings: Settings, client: Layer.Layer<R, unknown>) =>
  Effect.gen(function*() {
    const resources = settings.resources.flatMap((r) => r.split(",")).map((r) => r.trim()).filter((r) => r !== "")
    const every = settings.every === undefined ? undefined : yield* interval(settings.every)
    const mirror = yield* database(settings.database)
    const print = (summary: Sync.Summary) => settings.json ? Output.json(summary) : Output.stdout(describe(summary))
    const once = Effect.gen(function*() {
      const chats = yield* Progress.make
      const tickets = yield* Progress.make
      const summary = yield* ProgressBar.follow(
        [["chats", chats], ["tickets", tickets]],
        ProgressBar.modeOf(settings.quiet),
        Sync.run({
          resources: resources.length === 0 ? undefined : resources as ReadonlyArray<Sync.Resource>,
          since: settings.since,
          onLocked: settings.wait ? "wait" : "fail",
          progress: { chats, tickets }
        }).pipe(
          Effect.tapErrorTag("SyncIncomplete", (error) =>
            error.summary.resources.length === 0 ? Effect.void : print(error.summary))
        )
      )
      yield* print(summary)
    })
    const listening = settings.listen
    if (listening !== undefined) {
      // Push mode: each delivery written as it comes (a line each with --json), a poll now and every
      // --every (default 15 minutes) for exactness, until Ctrl-C.
      return yield* Push.listen({
        resources: resources.length === 0 ? undefined : resources as ReadonlyArray<Sync.Resource>,
        since: settings.since,
        onLocked: settings.wait ? "wait" : "fail",
        receiver: listening.receiver,
        // `-`: the receiver's own address (a fake on this machine).
        register: listening.register === undefined
          ? undefined
          : listening.register === "-"
          ? {}
          : { url: listening.register },
        interval: every,
        onListening: (served) =>
          settings.quiet ? Effect.void : Output.stderr(`Listening for webhooks on ${served.url} (Ctrl-C to stop)\n`),
        onPush: (pushed) =>
          settings.json ? Output.json({ pushed }) : Effect.void,
        onPoll: print
      }).pipe(
        Effect.provide(Layer.merge(mirror, client)),
        Effect.onInterrupt(() =>
          Output.stderr("Interrupted: the sync stopped; the next run continues from what was committed.\n")
        )
      )
    }
    const runs = every === undefined
      ? once
      : Effect.repeat(
        Effect.catchAll(once, (error) => Output.stderr(`${ExitCode.format(error)}\n`)),
        Schedule.spaced(every)
      )
    yield* runs.pipe(
      Effect.provide(Layer.merge(mirror, client)),
      Effect.onInterrupt(() =>
        Output.stderr("Interrupted: the sync stopped; the next run continues from what was committed.\n")
      )
    )
  })
