/**
 * The archive's date filters, as the reference documents them and nothing more: days (see `Days`
 * in core), read by the server in a time zone the client does not know. Windows are written as
 * ranges of day labels, and the server alone decides which records fall in them; the run never
 * compares a record's time with a day, so no time zone can shift anything.
 */
import { Days } from "@effect-livechat/core"

export type Day = Days.Day
export const parse = Days.parse
export const format = Days.format

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
export const latest = (millis: number): Day => Days.ofSeconds(Math.floor(millis / 1000)) + 1
