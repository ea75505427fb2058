/**
 * Archive date filters for windows in unix seconds, half-open `[from, to)`, written as the API's
 * inclusive `date_from` / `date_to` in `YYYY-MM-DD HH:MM:SS`.
 */

const text = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")

export const fromParam = (from: number): string => text(from)

export const toParam = (to: number): string => text(to - 1)

/** The start of a `since` filter (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`), in seconds; `undefined` when unreadable. */
export const parseSince = (since: string): number | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(since)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0))
  return Number.isNaN(at) ? undefined : at / 1000
}
