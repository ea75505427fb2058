/**
 * The building blocks of every entity and input Schema: tolerant decoders for the ways the API
 * varies (numbers sent as strings, `0/1` flags, two date styles) and the shared literals.
 *
 * Naming rule: every Schema field mirrors its wire name (`max_chats_count`, `login_status`), so the
 * reference stays usable as documentation of the types.
 *
 * Decoding rule: tolerant where the reference shows a field varies, strict where it does not; the
 * decoded (`Type`) side is always normalised (a number is a `number`, a flag is `0 | 1`), and
 * encoding writes the normal wire form.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A number that the API may send as a JSON number or as a numeric string (`"199"`, `"15"`).
 * Decodes to `number`; encodes to a JSON number.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Num: Schema.Schema<number, number | string> = Schema.Union(Schema.Number, Schema.NumberFromString)

/**
 * A whole number, tolerant like {@link Num}.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Int: Schema.Schema<number, number | string> = Schema.Union(
  Schema.Int,
  Schema.compose(Schema.NumberFromString, Schema.Int)
)

/**
 * A positive whole number (ids, counts from 1), tolerant like {@link Num}.
 *
 * @since 0.1.0
 * @category primitives
 */
export const PositiveInt: Schema.Schema<number, number | string> = Schema.Union(
  Schema.Int.pipe(Schema.positive()),
  Schema.compose(Schema.NumberFromString, Schema.Int.pipe(Schema.positive()))
)

/**
 * A whole number of at least zero, tolerant like {@link Num}.
 *
 * @since 0.1.0
 * @category primitives
 */
export const NonNegativeInt: Schema.Schema<number, number | string> = Schema.Union(
  Schema.Int.pipe(Schema.nonNegative()),
  Schema.compose(Schema.NumberFromString, Schema.Int.pipe(Schema.nonNegative()))
)

const FlagFromString = Schema.transform(Schema.Literal("0", "1"), Schema.Literal(0, 1), {
  strict: true,
  decode: (s) => (s === "1" ? 1 : 0),
  encode: (n) => (n === 1 ? "1" : "0")
})

const FlagFromBoolean = Schema.transform(Schema.Boolean, Schema.Literal(0, 1), {
  strict: true,
  decode: (b) => (b ? 1 : 0),
  encode: (n) => n === 1
})

/**
 * A `0/1` flag, as the API writes them; also read from `"0"/"1"` and `true/false`.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Flag: Schema.Schema<0 | 1, 0 | 1 | "0" | "1" | boolean> = Schema.Union(
  Schema.Literal(0, 1),
  FlagFromString,
  FlagFromBoolean
)

/**
 * A string id that the API may also send as a number. Ids longer than JavaScript's safe integers
 * (survey ids) are strings on the wire and stay strings.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Id: Schema.Schema<string, string | number> = Schema.Union(
  Schema.String,
  Schema.transform(Schema.Number, Schema.String, {
    strict: true,
    decode: (n) => String(n),
    encode: (s) => Number(s)
  })
)

/**
 * A unix timestamp in seconds.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Timestamp: Schema.Schema<number, number | string> = Num

/**
 * A date as the API formats it for people (`"Wed, 01/23/13 11:40:53 am"`); some fields send unix
 * seconds instead. Kept as sent: `string | number`.
 *
 * @since 0.1.0
 * @category primitives
 */
export const DateValue = Schema.Union(Schema.String, Schema.Number)

/**
 * Whether a text starting `YYYY-MM-DD` names a day that exists (February 29 only in leap years,
 * no April 31).
 *
 * @since 0.1.0
 * @category primitives
 */
export const isCalendarDay = (text: string): boolean => {
  const year = Number(text.slice(0, 4))
  const month = Number(text.slice(5, 7))
  const day = Number(text.slice(8, 10))
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const length = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
  return month >= 1 && month <= 12 && day >= 1 && day <= length
}

/**
 * A day, `YYYY-MM-DD` (report and archive filters), that exists in the calendar.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Day = Schema.String.pipe(
  Schema.pattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: () => "must be a date as YYYY-MM-DD"
  }),
  Schema.filter((text) => isCalendarDay(text) || "must be a day of the calendar (not 2023-02-29 or 2024-04-31)")
)

/**
 * A day (`YYYY-MM-DD`) or a second (`YYYY-MM-DD HH:MM:SS`), for the archive filters. The reference
 * documents days; the streams narrow a window below a day, in the second form, only when a single
 * day holds more records than the archive's cap (and to fix a run's end at the second it starts).
 *
 * @since 0.1.0
 * @category primitives
 */
export const DayOrTime = Schema.String.pipe(
  Schema.pattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])( ([01]\d|2[0-3]):[0-5]\d:[0-5]\d)?$/, {
    message: () => "must be a date as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"
  }),
  Schema.filter((text) => isCalendarDay(text) || "must be a day of the calendar (not 2023-02-29 or 2024-04-31)")
)

/**
 * An e-mail address (agent logins, recipients). Checked loosely: something@something.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Email = Schema.String.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+$/, { message: () => "must be an e-mail address" })
)

/**
 * A string that must not be empty.
 *
 * @since 0.1.0
 * @category primitives
 */
export const NonEmpty = Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" }))

/**
 * A key chosen by the user in a map that is sent as a form (`properties[<key>]=…`): not empty,
 * without brackets (a form would read `a[b]` as a deeper structure) or control characters.
 *
 * @since 0.1.0
 * @category primitives
 */
export const FormKey = Schema.String.pipe(
  Schema.minLength(1, { message: () => "must not be empty" }),
  Schema.pattern(/^[^[\]\u0000-\u001f\u007f]+$/, {
    message: () => "must not contain brackets ([ or ]) or control characters"
  })
)

/**
 * A number that is finite (not `NaN` or `Infinity`), for values the user sends.
 *
 * @since 0.1.0
 * @category primitives
 */
export const FiniteNumber = Schema.Number.pipe(
  Schema.finite({ message: () => "must be a finite number (not NaN or Infinity)" })
)

/**
 * A URL (`http://` or `https://`).
 *
 * @since 0.1.0
 * @category primitives
 */
export const Url = Schema.String.pipe(
  Schema.pattern(/^https?:\/\/\S+$/, { message: () => "must be an http:// or https:// URL" })
)

/**
 * Agent availability: `accepting chats`, `not accepting chats`, `offline`.
 *
 * @since 0.1.0
 * @category literals
 */
export const AgentStatus = Schema.Literal("accepting chats", "not accepting chats", "offline")

/**
 * The status an agent gets right after logging in.
 *
 * @since 0.1.0
 * @category literals
 */
export const LoginStatus = Schema.Literal("accepting chats", "not accepting chats")

/**
 * Agent permission.
 *
 * @since 0.1.0
 * @category literals
 */
export const Permission = Schema.Literal("owner", "administrator", "normal")

/**
 * A chat's rating status (also the `rate` filter).
 *
 * @since 0.1.0
 * @category literals
 */
export const Rate = Schema.Literal("rated", "not_rated", "rated_good", "rated_bad")

/**
 * How report data is grouped.
 *
 * @since 0.1.0
 * @category literals
 */
export const GroupBy = Schema.Literal("day", "hour", "month")

/**
 * A weekday as the reports write it.
 *
 * @since 0.1.0
 * @category literals
 */
export const Weekday = Schema.Literal("mon", "tue", "wed", "thu", "fri", "sat", "sun")

/**
 * A `{ "result": "..." }` acknowledgement.
 *
 * @since 0.1.0
 * @category acknowledgements
 */
export const Result = Schema.Struct({ result: Schema.String })

/**
 * @since 0.1.0
 * @category acknowledgements
 */
export type Result = typeof Result.Type

/**
 * A `{ "ok": true }` acknowledgement.
 *
 * @since 0.1.0
 * @category acknowledgements
 */
export const Ok = Schema.Struct({ ok: Schema.Boolean })

/**
 * @since 0.1.0
 * @category acknowledgements
 */
export type Ok = typeof Ok.Type
