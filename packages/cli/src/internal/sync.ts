/**
 * The pieces of `livechat sync`: the database from its URL, the interval, the summary.
 */
import { InvalidInput } from "@effect-livechat/core"
import { Sync } from "@effect-livechat/sync"
import { Duration, Effect, Redacted } from "effect"

const invalid = (field: string, detail: string) => new InvalidInput({ operation: "sync", field, detail })

/** `file:PATH` (or a bare path) for SQLite, `postgres://…` for PostgreSQL. */
export const database = (url: string) => {
  if (/^postgres(ql)?:\/\//.test(url)) return Effect.succeed(Sync.layerPg({ url: Redacted.make(url) }))
  const file = url.startsWith("file:") ? url.slice("file:".length) : url
  return file === ""
    ? Effect.fail(invalid("database", "give file:PATH or a postgres:// URL"))
    : Effect.succeed(Sync.layerSqlite(file))
}

const units: { readonly [unit: string]: string } = { s: "seconds", m: "minutes", h: "hours", d: "days" }

/** `15m`, `1h`, `30s`, `2d`, or anything `Duration.decode` reads (`15 minutes`). */
export const interval = (text: string) => {
  const short = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim())
  const input = short === null ? text.trim() : `${short[1]} ${units[short[2]]}`
  return Effect.try({
    try: () => Duration.decode(input as Duration.DurationInput),
    catch: () => invalid("every", `${text} is not an interval (15m, 1h, 30s, "15 minutes")`)
  }).pipe(
    Effect.filterOrFail(
      (d) => Duration.toMillis(d) > 0 && Duration.isFinite(d),
      () => invalid("every", "must be longer than zero")
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
