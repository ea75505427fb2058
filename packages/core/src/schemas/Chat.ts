/**
 * Chats of the archives: a chat as `GET /chats` lists it (and `GET /chats/<CHAT_ID>` returns it),
 * its parts, and a page of the list.
 *
 * Per the reference, `goals`, `referrer`, `custom_variables`, `integration_variables` and `queue`
 * appear only sometimes; a chat that has not ended yet (`include_pending=1`) has `pending: true`
 * and no end. Those fields, and the ones a chat can plausibly lack (surveys, supervisors), are
 * optional; the rest are required.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { DateValue, Id, Int, NonNegativeInt, Num, Rate, Timestamp } from "./Fields.js"

/**
 * Fields beyond the documented ones, kept as sent (so that nothing of an unknown event is lost).
 */
const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * The visitor of a chat. The geolocation fields (`city`, `region`, `country`, `country_code`,
 * `timezone`) are there for chats since May 11, 2015.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Visitor = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  ip: Schema.optional(Schema.String),
  city: Schema.optional(Schema.String),
  region: Schema.optional(Schema.String),
  country: Schema.optional(Schema.String),
  country_code: Schema.optional(Schema.String),
  timezone: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Visitor = typeof Visitor.Type

/**
 * An agent (or supervisor) who took part in a chat.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AgentRef = Schema.Struct({
  display_name: Schema.String,
  email: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type AgentRef = typeof AgentRef.Type

/**
 * One answer of a pre-chat or post-chat survey. The `id`s are longer than JavaScript's safe
 * integers (`"135893763480606511"`): they stay strings.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SurveyField = Schema.Struct({
  key: Schema.String,
  value: Schema.String,
  id: Schema.optional(Id)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type SurveyField = typeof SurveyField.Type

/**
 * A `{ key, value }` pair: a custom variable (from the tracking code) or an integration variable
 * (`facebook.id`, `facebook.email`, … when the visitor logs in with Facebook).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Variable = Schema.Struct({
  key: Schema.String,
  value: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Variable = typeof Variable.Type

/**
 * The order of a reached goal or tracked sale. Every field may be missing (`"order": {}`);
 * `price` is sent as a string (`"199"`) or a number and decodes to a number.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Order = Schema.Struct({
  id: Schema.optional(Id),
  description: Schema.optional(Schema.String),
  price: Schema.optional(Num),
  currency: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Order = typeof Order.Type

/**
 * A goal reached (or a sale tracked, `type: "sales_tracker"`) during a chat.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Goal = Schema.Struct({
  id: Int,
  name: Schema.String,
  type: Schema.optional(Schema.String),
  date: Schema.optional(DateValue),
  timestamp: Schema.optional(Timestamp),
  order: Schema.optional(Order)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Goal = typeof Goal.Type

/**
 * How long the visitor waited in the queue, in seconds (only for chats started from the queue).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Queue = Schema.Struct({ duration: Int })

/**
 * @since 0.1.0
 * @category schemas
 */
export type Queue = typeof Queue.Type

/**
 * A message of a chat's transcript (`messages[]`). `user_type` is `agent`, `supervisor` or
 * `visitor` in the samples; `agent_id` is the login of the agent who wrote it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Message = Schema.Struct({
  author_name: Schema.String,
  text: Schema.String,
  date: DateValue,
  timestamp: Timestamp,
  user_type: Schema.String,
  agent_id: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Message = typeof Message.Type

/**
 * An event of a chat (`events[]`), told apart by `type`: `message` (the fields of a
 * {@link Message}), `attachment` (with the URLs of the uploaded `files`), `event` (a system event,
 * such as "Mary Brown closed the chat."). Other types are accepted as they come: every documented
 * field is optional and any other field is kept as sent, so an unknown event never fails a page.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Event = Schema.Struct(
  {
    type: Schema.String,
    author_name: Schema.optional(Schema.String),
    text: Schema.optional(Schema.String),
    date: Schema.optional(DateValue),
    timestamp: Schema.optional(Timestamp),
    user_type: Schema.optional(Schema.String),
    agent_id: Schema.optional(Schema.String),
    files: Schema.optional(Schema.Array(Schema.String))
  },
  Rest
)

/**
 * @since 0.1.0
 * @category schemas
 */
export type Event = typeof Event.Type

/**
 * How a chat started: `auto_invite` (automatic invitation), `manual_invite` (manual invitation)
 * or `immediate_start` (the visitor started it).
 *
 * @since 0.1.0
 * @category literals
 */
export const Engagement = Schema.Literal("auto_invite", "manual_invite", "immediate_start")

/**
 * @since 0.1.0
 * @category literals
 */
export type Engagement = typeof Engagement.Type

/**
 * A chat of the archives. `id` identifies it (and de-duplicates it across pages). `started` and
 * `ended` are dates for people (`"Wed, 01/23/13 11:40:53 am"`); `started_timestamp` and
 * `ended_timestamp` the same moments in unix seconds; `duration` is in seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Chat extends Schema.Class<Chat>("@effect-livechat/core/Chat/Chat")({
  /** `chat` in the samples; any other value is kept as sent. */
  type: Schema.String,
  id: Schema.String,
  visitor: Visitor,
  agents: Schema.Array(AgentRef),
  supervisors: Schema.optional(Schema.Array(AgentRef)),
  rate: Rate,
  duration: Schema.optional(Int),
  chat_start_url: Schema.optional(Schema.String),
  referrer: Schema.optional(Schema.String),
  group: Schema.Array(Int),
  started: DateValue,
  started_timestamp: Timestamp,
  ended: Schema.optional(DateValue),
  ended_timestamp: Schema.optional(Timestamp),
  pending: Schema.optional(Schema.Boolean),
  prechat_survey: Schema.optional(Schema.Array(SurveyField)),
  postchat_survey: Schema.optional(Schema.Array(SurveyField)),
  custom_variables: Schema.optional(Schema.Array(Variable)),
  integration_variables: Schema.optional(Schema.Array(Variable)),
  goals: Schema.optional(Schema.Array(Goal)),
  queue: Schema.optional(Queue),
  tags: Schema.Array(Schema.String),
  timezone: Schema.optional(Schema.String),
  messages: Schema.Array(Message),
  events: Schema.Array(Event),
  engagement: Schema.optional(Engagement)
}) {}

/**
 * A page of `GET /chats`: up to 25 chats, the `total` number of chats that match, and the number
 * of `pages` (the first page is 1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Page = Schema.Struct({
  chats: Schema.Array(Chat),
  total: NonNegativeInt,
  pages: NonNegativeInt
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Page = typeof Page.Type
