/**
 * Time windows of a run, in unix seconds, half-open: `[from, to)`. They are written as the API's
 * `date_from` / `date_to` filters (inclusive): whole days as `YYYY-MM-DD`, anything finer as
 * `YYYY-MM-DD HH:MM:SS`.
 */

export const day = 86_400

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

/** `date_from` for a window starting at `from`. */
export const fromParam = (from: number): string =>
  from % day === 0 ? iso(from).slice(0, 10) : iso(from).slice(0, 19).replace("T", " ")

/** `date_to` (inclusive) for a window ending before `to`. */
export const toParam = (to: number): string =>
  to % day === 0 ? iso(to - day).slice(0, 10) : iso(to - 1).slice(0, 19).replace("T", " ")

/** The start (inclusive) of a `date_from` filter, in seconds; `undefined` when unreadable. */
export const parseFrom = (text: string): number | undefined => parse(text, false)

/** The end (exclusive) of a `date_to` filter, in seconds: a day ends at the next midnight. */
export const parseTo = (text: string): number | undefined => parse(text, true)

const parse = (text: string, end: boolean): number | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) / 1000
  if (Number.isNaN(at)) return undefined
  return end ? at + (h === undefined ? day : 1) : at
}

/**
 * Where to split `[from, to)` in two: the middle, on a day boundary while the window spans
 * several days (so that day-sized windows are written as days).
 */
export const split = (from: number, to: number): number => {
  const middle = from + Math.floor((to - from) / 2)
  if (to - from > 2 * day) {
    const aligned = Math.round(middle / day) * day
    if (aligned > from && aligned < to) return aligned
  }
  return middle
}
