/**
 * Days as the API's date filters write them (`date_from`, `date_to`: `YYYY-MM-DD`, both
 * inclusive). The reference documents days and nothing finer, read by the server in the license's
 * time zone unless a chat query sends `timezone`. So a day here is a label with no time zone: a
 * whole number of days since 1970-01-01 in the calendar, which is what the arithmetic of date
 * ranges needs (the next day, the middle of a range), and which never moves with a time zone.
 *
 * @since 0.1.0
 */
import { isCalendarDay } from "./schemas/Fields.js"

const dayMillis = 86_400_000

/**
 * A day label: days since 1970-01-01 in the calendar.
 *
 * @since 0.1.0
 * @category models
 */
export type Day = number

/**
 * The label of `YYYY-MM-DD`, or `undefined` when the text is not a day of the calendar
 * (`2024-02-30`, `2024-1-5`, a time of day).
 *
 * @example
 * ```ts
 * import { Days } from "@effect-livechat/core"
 *
 * Days.parse("2024-03-01") // 19783
 * Days.parse("2023-02-29") // undefined
 * ```
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string): Day | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isCalendarDay(text)) return undefined
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)))
  return date.getTime() / dayMillis
}

/**
 * `YYYY-MM-DD` of a label.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (day: Day): string => new Date(day * dayMillis).toISOString().slice(0, 10)

/**
 * The day of a unix time (seconds) in UTC: the day the API reads it in when a chat query sends
 * `timezone: "UTC"`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const ofSeconds = (seconds: number): Day => Math.floor(seconds / 86_400)

/**
 * The first second (unix) of a day in UTC.
 *
 * @since 0.1.0
 * @category conversions
 */
export const startSeconds = (day: Day): number => day * 86_400
