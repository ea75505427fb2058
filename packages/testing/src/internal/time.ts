/**
 * Dates as the API writes them.
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

/**
 * The bounds of a `date_from` / `date_to` filter in unix seconds: a day covers the whole day, a
 * date-time its second; `date_to` is inclusive. `undefined` when unreadable.
 */
export const filterBound = (text: string, edge: "from" | "to"): number | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) / 1000
  if (Number.isNaN(base)) return undefined
  if (edge === "from") return base
  return h === undefined ? base + 86_400 - 1 : base
}
