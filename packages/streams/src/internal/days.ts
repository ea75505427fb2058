/**
 * The archive's date filters, as the reference documents them and nothing more: `date_from` and
 * `date_to` are days (`YYYY-MM-DD`, both inclusive), read by the server in a time zone the client
 * does not know (the license's, unless a chat query sends `timezone`). So a day here is a label,
 * not an instant: a whole number of days since 1970-01-01 in the calendar, with no zone. Windows
 * are written as ranges of labels, and the server alone decides which records fall in them; the
 * run never compares a record's time with a day, so no time zone can shift anything.
 */
import { Fields } from "@effect-livechat/core"

const dayMillis = 86_400_000

/** A day label: days since 1970-01-01 in the calendar. */
export type Day = number

/** The label of `YYYY-MM-DD`, or `undefined` when it is not a day of the calendar. */
export const parse = (text: string): Day | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !Fields.isCalendarDay(text)) return undefined
  return Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10))) / dayMillis
}

/** `YYYY-MM-DD` of a label. */
export const format = (day: Day): string => new Date(day * dayMillis).toISOString().slice(0, 10)

/**
 * Where planning starts looking when a run has no `date_from` (the reference's "beginning of
 * time"): the run's oldest window still leaves `date_from` out, so older records are not lost; this
 * only places the first split.
 */
export const earliest: Day = parse("2000-01-01")!

/**
 * The newest label that can be "today" in some time zone when the clock reads `millis` (time
 * zones run to UTC+14). Planning splits below it; the run's newest window leaves `date_to` out
 * when the run has none, so a clock that is wrong loses nothing either.
 */
export const latest = (millis: number): Day => Math.floor(millis / dayMillis) + 1
