/**
 * Dates as the API writes them, time zones, and the bounds of the `date_from` / `date_to` filters.
 */

const pad = (n: number) => String(n).padStart(2, "0")
const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

/** `Wed, 01/23/13 11:40:53 am`, in UTC. */
export const humanDate = (seconds: number): string => {
  const d = new Date(seconds * 1000)
  const hours = d.getUTCHours()
  const h12 = hours % 12 === 0 ? 12 : hours % 12
  return `${weekdays[d.getUTCDay()]}, ${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${
    pad(d.getUTCFullYear() % 100)
  } ${pad(h12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hours < 12 ? "am" : "pm"}`
}

/** `YYYY-MM-DD`, in UTC. */
export const day = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10)

/** `YYYY-MM-DD HH:MM:SS`, in UTC. */
export const dateTime = (seconds: number): string =>
  new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")

/** `2018-03-02T10:11:12Z`, as tickets write their dates. */
export const iso = (seconds: number): string => `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`

/** A ticket date (ISO text or unix seconds) in unix seconds, `undefined` when unreadable. */
export const ticketDate = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined
  if (typeof value !== "string") return undefined
  const millis = Date.parse(value)
  return Number.isNaN(millis) ? undefined : Math.floor(millis / 1000)
}

// ---------------------------------------------------------------------------------------------
// Time zones

/** A time zone: the offset from UTC at an instant (seconds), and the conversions it allows. */
export interface Zone {
  /** The IANA name it was made from. */
  readonly name: string
  /** The wall-clock time at `t` (unix seconds), as if that wall clock were UTC. */
  readonly local: (t: number) => number
  /** The unix seconds of a wall-clock time in this zone (a time a clock change skips: the instant after it). */
  readonly utc: (local: number) => number
}

const utcZone: Zone = { name: "UTC", local: (t) => t, utc: (l) => l }

/** A zone whose offset never changes (`offset` seconds east of UTC). */
const fixedZone = (name: string, offset: number): Zone => ({
  name,
  local: (t) => t + offset,
  utc: (local) => local - offset
})

/** Zones made so far, by name (`undefined`: not a zone): each formatter is made once. */
const zones = new Map<string, Zone | undefined>()

/**
 * The zone of an IANA name (`America/Phoenix`, `Asia/Kolkata`, `UTC`), `undefined` when the name
 * is not one. Offsets are read with `Intl.DateTimeFormat` (one formatter per zone, kept) and
 * memoised per quarter hour (real zones change offset on quarter hours); a zone whose offset is the
 * same in January and July of the years the fake covers is taken as fixed (no `Intl` call after
 * that).
 */
export const zoneOf = (name: string): Zone | undefined => {
  if (zones.has(name)) return zones.get(name)
  const made = makeZone(name)
  zones.set(name, made)
  return made
}

const makeZone = (name: string): Zone | undefined => {
  if (name === "UTC" || name === "Etc/UTC") return utcZone
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    })
  } catch {
    return undefined
  }
  const offsetAt = (t: number): number => {
    const parts: Record<string, number> = {}
    for (const part of format.formatToParts(new Date(t * 1000))) parts[part.type] = Number(part.value)
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second) / 1000
    return wall - t
  }
  // No clock change in 1990-2040 (America/Phoenix, Asia/Kolkata, …): a fixed offset.
  const samples: Array<number> = []
  for (let year = 1990; year <= 2040; year++) {
    samples.push(offsetAt(Date.UTC(year, 0, 15) / 1000), offsetAt(Date.UTC(year, 6, 15) / 1000))
  }
  if (samples.every((offset) => offset === samples[samples.length - 1])) {
    return fixedZone(name, samples[samples.length - 1])
  }
  const memo = new Map<number, number>()
  const offset = (t: number): number => {
    const slot = Math.floor(t / 900)
    const known = memo.get(slot)
    if (known !== undefined) return known
    const value = offsetAt(slot * 900)
    if (memo.size > 4096) memo.clear()
    memo.set(slot, value)
    return value
  }
  return {
    name,
    local: (t) => t + offset(t),
    utc: (local) => local - offset(local - offset(local))
  }
}

/** The day (`YYYY-MM-DD`) of an instant (unix seconds) in a zone. */
export const dayIn = (zone: Zone, seconds: number): string => day(zone.local(seconds))

// ---------------------------------------------------------------------------------------------
// Date filters

/**
 * How the fake reads `date_from` / `date_to`: `days` (documented: a time of day is ignored),
 * `times` (a time of day is honoured to the second) or `refuse-times` (a time of day is a 400).
 */
export type DatesMode = "days" | "times" | "refuse-times"

const dateFormat = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/

/** A filter date read: its day's midnight as wall-clock seconds, and the time of day if any. */
interface Read {
  readonly midnight: number
  readonly time: number | undefined
}

const read = (text: string): Read | undefined => {
  const match = dateFormat.exec(text)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number)
  const midnight = Date.UTC(y, mo - 1, d) / 1000
  // An impossible day (2024-02-30) is no day: Date.UTC would roll it over.
  if (Number.isNaN(midnight) || day(midnight) !== text.slice(0, 10)) return undefined
  if (match[4] === undefined) return { midnight, time: undefined }
  if (h > 23 || mi > 59 || s > 59) return undefined
  return { midnight, time: h * 3600 + mi * 60 + s }
}

/**
 * The inclusive unix seconds `[from, to]` of a `date_from` / `date_to` filter, read in `zone`: a
 * day covers the whole day there (`date_to` inclusive); a time of day is honoured (`times`),
 * ignored (`days`) or refused (`refuse-times`). Without `date_from`, the beginning of time; without
 * `date_to`, everything up to the newest record ("today", including what just arrived). A string
 * naming what is wrong when the dates cannot be read or are refused.
 */
export const filterRange = (
  input: { readonly date_from?: string | undefined; readonly date_to?: string | undefined },
  mode: DatesMode,
  zone: Zone
): readonly [number, number] | string => {
  const bound = (field: "date_from" | "date_to"): number | string => {
    const text = input[field]
    if (text === undefined) return field === "date_from" ? 0 : Number.MAX_SAFE_INTEGER
    const date = read(text)
    if (date === undefined) return `${field}: must be a day of the calendar as YYYY-MM-DD (got ${text})`
    if (date.time !== undefined && mode === "times") return zone.utc(date.midnight + date.time)
    if (date.time !== undefined && mode === "refuse-times") {
      return `${field}: must be a day as YYYY-MM-DD, without a time of day (got ${text})`
    }
    return field === "date_from" ? zone.utc(date.midnight) : zone.utc(date.midnight + 86_400) - 1
  }
  const from = bound("date_from")
  if (typeof from === "string") return from
  const to = bound("date_to")
  if (typeof to === "string") return to
  return [from, to]
}
