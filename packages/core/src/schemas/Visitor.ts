/**
 * Visitors: the people currently on the pages that have the tracking code installed.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { DateValue, Id, Int, Num, Timestamp } from "./Fields.js"

/**
 * A visitor's state, as the list returns it: `browsing`, `chatting`, `logging into chat`,
 * `queued`, `invited`, `refused invitation`, `chat closed`.
 *
 * @since 0.1.0
 * @category literals
 */
export const State = Schema.Literal(
  "browsing",
  "chatting",
  "logging into chat",
  "queued",
  "invited",
  "refused invitation",
  "chat closed"
)

/**
 * @since 0.1.0
 * @category literals
 */
export type State = typeof State.Type

/**
 * A custom variable set by the tracking code.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomVariable = Schema.Struct({ key: Schema.String, value: Schema.String })

/**
 * @since 0.1.0
 * @category schemas
 */
export type CustomVariable = typeof CustomVariable.Type

/**
 * One answer of the pre-chat survey (the shape of a chat's `prechat_survey` entries; the visitors
 * sample elides them).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SurveyAnswer = Schema.Struct({
  key: Schema.String,
  value: Schema.String,
  id: Schema.optional(Id)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type SurveyAnswer = typeof SurveyAnswer.Type

/**
 * One page of a visitor's path through the site.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VisitedPage = Schema.Struct({
  /** The invitation shown on that page (empty when none). */
  invitation: Schema.String,
  page: Schema.String,
  title: Schema.String,
  /** `YYYY-MM-DD HH:MM:SS`. */
  time: DateValue,
  time_ref: Timestamp,
  time_ts: Timestamp
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type VisitedPage = typeof VisitedPage.Type

/**
 * An object whose members the reference does not document (it elides them as `(...)`); kept as sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Undocumented = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A visitor as `GET /visitors` lists it. The chat fields are present while the visitor chats;
 * `prechat_survey` only while the visitor chats, `custom_variables` only when the tracking code
 * defines them. Times are `YYYY-MM-DD HH:MM:SS` with a unix-seconds twin (`*_ts`).
 *
 * @since 0.1.0
 * @category schemas
 */
export class Visitor extends Schema.Class<Visitor>("@effect-livechat/core/Visitor/Visitor")({
  id: Schema.String,
  name: Schema.String,
  state: State,
  group: Int,
  ip: Schema.String,
  host: Schema.String,
  browser: Schema.String,
  language: Schema.String,
  city: Schema.String,
  region: Schema.String,
  country: Schema.String,
  country_code: Schema.String,
  timezone: Schema.String,
  latitude: Num,
  longitude: Num,
  referrer: Schema.String,
  invitation: Schema.String,
  chats: Int,
  visits: Int,
  page_views: Int,
  greetings_all: Int,
  greetings_accepted: Int,
  greetings_refused: Int,
  last_visit: DateValue,
  last_visit_ts: Timestamp,
  page_address: Schema.String,
  page_current: Schema.String,
  page_title: Schema.String,
  page_entered: DateValue,
  page_entered_ts: Timestamp,
  page_time: DateValue,
  page_time_ts: Timestamp,
  visit_path: Schema.Array(VisitedPage),
  chat: Schema.optional(Undocumented),
  chat_id: Schema.optional(Schema.String),
  chat_start_time: Schema.optional(DateValue),
  chat_start_time_ts: Schema.optional(Timestamp),
  queue_start_time: Schema.optional(Num),
  operators: Schema.optional(Schema.Array(Undocumented)),
  prechat_survey: Schema.optional(Schema.Array(SurveyAnswer)),
  custom_variables: Schema.optional(Schema.Array(CustomVariable))
}) {}
