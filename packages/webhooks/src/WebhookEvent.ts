/**
 * The webhooks LiveChat delivers, as Schemas: one per data type (`chat`, `visitor`,
 * `pre_chat_survey`, `ticket`, `canned_response`) and one per event type (`chat_started`,
 * `chat_ended`, `chat_changed`, `visitor_queued`, `ticket_created`, `canned_response_changed`),
 * and {@link Event}, their union, told apart by `event_type`.
 *
 * Written from LiveChat's webhooks reference (v2), which shows fewer fields than deliveries carry:
 *
 * - every object keeps the fields the reference does not show, as sent (an unknown field is never a
 *   reason to refuse a delivery: LiveChat would send it again and again);
 * - a data type the event type does not support (a `ticket` in a `chat_started`) is such a field;
 * - the fields that identify a record (`id`) and those the reference lists for every record are
 *   required; those a record can lack (a running chat's end, a visitor's e-mail, an unassigned
 *   ticket's assignee) are optional;
 * - numbers may come as numeric strings and ids as numbers (as elsewhere in the API);
 * - a ticket's event dates are ISO 8601 strings (`2014-08-18T10:05:05Z`) decoded to `Date` (unix
 *   seconds, the REST ticket's style, are read too), and its `groups` are `{ id, name }` objects
 *   (plain ids are read too);
 * - `token` and `license_id` are credentials: they decode to `Redacted` values, which print as
 *   `<redacted>` in logs, errors and `JSON.stringify`.
 *
 * @since 0.1.0
 */
import { Fields, Webhook } from "@effect-livechat/core"
import { Schema } from "effect"

/** Fields beyond the documented ones, kept as sent. */
const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A date sent as an ISO 8601 string (`2014-08-18T10:05:05Z`, the webhooks' style) or as unix
 * seconds (the REST API's); decodes to a `Date`, encodes to an ISO string.
 *
 * @since 0.1.0
 * @category primitives
 */
export const DateTime: Schema.Schema<Date, string | number> = Schema.Union(
  Schema.Date,
  Schema.transform(Schema.Number.pipe(Schema.finite()), Schema.DateFromSelf, {
    strict: true,
    decode: (seconds) => new Date(seconds * 1000),
    encode: (date) => date.getTime() / 1000
  })
)

const Digits = Schema.String.pipe(Schema.pattern(/^\d{1,20}$/))

/**
 * A license id: digits, sent as a string or a number. A credential (with `token` it can call the
 * API for the license): decoded to a `Redacted` string.
 *
 * @since 0.1.0
 * @category primitives
 */

export const LicenseId: Schema.Schema<string, string | number> = Schema.Union(
  Digits,
  Schema.transform(Schema.Int.pipe(Schema.nonNegative()), Digits, {
    strict: true,
    decode: (n) => String(n),
    encode: (s) => Number(s)
  })
)

// ---------------------------------------------------------------------------------------------
// Data types

/**
 * A message of a chat: `user_type` (`agent`, `supervisor` or `visitor` in the reference),
 * `author_name`, `agent_id` (for agents), `text` and `timestamp` (unix seconds).
 *
 * @since 0.1.0
 * @category data types
 */
export const Message = Schema.Struct({
  user_type: Schema.String,
  author_name: Schema.String,
  agent_id: Schema.optional(Schema.String),
  text: Schema.String,
  timestamp: Fields.Timestamp
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Message = typeof Message.Type

/**
 * The `chat` data type: `id`, `started_timestamp`, `ended_timestamp` (unix seconds; missing while
 * the chat runs), `messages` and `tags`. Any other field of the archive's chat is kept as sent.
 *
 * @since 0.1.0
 * @category data types
 */
export const Chat = Schema.Struct({
  id: Fields.Id,
  started_timestamp: Fields.Timestamp,
  ended_timestamp: Schema.optional(Fields.Timestamp),
  messages: Schema.Array(Message),
  tags: Schema.Array(Schema.String)
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Chat = typeof Chat.Type

/**
 * A custom variable of a visitor: `{ key, value }`.
 *
 * @since 0.1.0
 * @category data types
 */
export const Variable = Schema.Struct({ key: Schema.String, value: Schema.String }, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Variable = typeof Variable.Type

/**
 * The `visitor` data type: `id` (such as `S126126161.O136OJPO1`), `name`, `email` and
 * `custom_variables`; an anonymous visitor may lack a name or an e-mail address.
 *
 * @since 0.1.0
 * @category data types
 */
export const Visitor = Schema.Struct({
  id: Fields.Id,
  name: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  custom_variables: Schema.optional(Schema.Array(Variable))
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Visitor = typeof Visitor.Type

/**
 * Whether a choice was chosen: `true`/`false`, also read from `1`/`0` and `"1"`/`"0"`.
 *
 * @since 0.1.0
 * @category primitives
 */
export const Chosen: Schema.Schema<boolean, boolean | 0 | 1 | "0" | "1"> = Schema.Union(
  Schema.Boolean,
  Schema.transform(Schema.Literal(0, 1, "0", "1"), Schema.Boolean, {
    strict: true,
    decode: (flag) => flag === 1 || flag === "1",
    encode: (chosen) => (chosen ? 1 : 0)
  })
)

/**
 * A choice of a survey question: its `label` and whether it was `chosen`.
 *
 * @since 0.1.0
 * @category data types
 */
export const Choice = Schema.Struct({ label: Schema.String, chosen: Chosen }, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Choice = typeof Choice.Type

/**
 * An answer of a choice question of the pre-chat survey: `{ id, type, label, answers }`.
 *
 * @since 0.1.0
 * @category data types
 */
export const ChoiceAnswer = Schema.Struct({
  id: Fields.Id,
  type: Schema.String,
  label: Schema.String,
  answers: Schema.Array(Choice)
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type ChoiceAnswer = typeof ChoiceAnswer.Type

/**
 * An answer of a text field of the pre-chat survey: `{ id, type, label, answer }`.
 *
 * @since 0.1.0
 * @category data types
 */
export const TextAnswer = Schema.Struct({
  id: Fields.Id,
  type: Schema.String,
  label: Schema.String,
  answer: Schema.String
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type TextAnswer = typeof TextAnswer.Type

/**
 * The `pre_chat_survey` data type: the answers, text or choices; empty when the survey was skipped
 * (a chat started from a greeting).
 *
 * @since 0.1.0
 * @category data types
 */
export const PreChatSurvey = Schema.Array(Schema.Union(ChoiceAnswer, TextAnswer))

/**
 * @since 0.1.0
 * @category data types
 */
export type PreChatSurvey = typeof PreChatSurvey.Type

/**
 * A group as a delivered ticket names it: `{ id, name }`.
 *
 * @since 0.1.0
 * @category data types
 */
export const GroupRef = Schema.Struct({ id: Fields.Int, name: Schema.String }, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type GroupRef = typeof GroupRef.Type

/**
 * A person named by a ticket: `id` (login or e-mail address) and `name`.
 *
 * @since 0.1.0
 * @category data types
 */
export const Person = Schema.Struct({ id: Schema.String, name: Schema.String }, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Person = typeof Person.Type

/**
 * Who asked: `mail` and `name`.
 *
 * @since 0.1.0
 * @category data types
 */
export const Requester = Schema.Struct({ mail: Schema.String, name: Schema.optional(Schema.String) }, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Requester = typeof Requester.Type

/**
 * Where a ticket came from: `type`, `url` and `id` (either may be `null`).
 *
 * @since 0.1.0
 * @category data types
 */
export const Source = Schema.Struct({
  type: Schema.String,
  url: Schema.optional(Schema.NullOr(Schema.String)),
  id: Schema.optional(Schema.NullOr(Fields.Id))
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Source = typeof Source.Type

/**
 * An event of a delivered ticket: its `date` (ISO 8601, decoded to a `Date`), and as the REST
 * ticket's events, a `type`, an `author`, a `message`; every other field kept as sent.
 *
 * @since 0.1.0
 * @category data types
 */
export const TicketEvent = Schema.Struct({
  date: DateTime,
  type: Schema.optional(Schema.String),
  author: Schema.optional(Person),
  message: Schema.optional(Schema.String)
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type TicketEvent = typeof TicketEvent.Type

/**
 * The `ticket` data type: `id`, `status` (`open`, `pending`, `solved`, `spam`; another is kept as
 * sent), `subject`, `requester`, `assignee` (missing when unassigned), `groups` as `{ id, name }`
 * objects (unlike the REST ticket's ids; plain ids are read too), `tags`, `source`, and `events`
 * with ISO 8601 dates.
 *
 * @since 0.1.0
 * @category data types
 */
export const Ticket = Schema.Struct({
  id: Fields.Id,
  status: Schema.String,
  subject: Schema.String,
  requester: Requester,
  assignee: Schema.optional(Schema.NullOr(Person)),
  groups: Schema.Array(Schema.Union(GroupRef, Fields.Int)),
  tags: Schema.optional(Schema.Array(Schema.String)),
  source: Schema.optional(Source),
  events: Schema.Array(TicketEvent)
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type Ticket = typeof Ticket.Type

/**
 * The `canned_response` data type: `id`, `group`, `text`, `tags` (the shortcuts) and
 * `modification_date` (unix seconds).
 *
 * @since 0.1.0
 * @category data types
 */
export const CannedResponse = Schema.Struct({
  id: Fields.Int,
  group: Fields.Int,
  text: Schema.String,
  tags: Schema.Array(Schema.String),
  modification_date: Schema.optional(Fields.Timestamp)
}, Rest)

/**
 * @since 0.1.0
 * @category data types
 */
export type CannedResponse = typeof CannedResponse.Type

// ---------------------------------------------------------------------------------------------
// Events

/** The fields of every delivery: the credentials. */
const credentials = {
  /** An API access token of the license: a secret. */
  token: Schema.Redacted(Schema.String),
  /** The license: a credential too. */
  license_id: Schema.Redacted(LicenseId)
}

/**
 * `chat_started`: a chat starts. Carries the data types asked for: `chat`, `visitor`,
 * `pre_chat_survey`.
 *
 * @since 0.1.0
 * @category events
 */
export const ChatStarted = Schema.Struct({
  event_type: Schema.Literal("chat_started"),
  ...credentials,
  chat: Schema.optional(Chat),
  visitor: Schema.optional(Visitor),
  pre_chat_survey: Schema.optional(PreChatSurvey)
}, Rest)

/**
 * @since 0.1.0
 * @category events
 */
export type ChatStarted = typeof ChatStarted.Type

/**
 * `chat_ended`: a chat ends. Carries `chat`, `visitor`, `pre_chat_survey`, as asked.
 *
 * @since 0.1.0
 * @category events
 */
export const ChatEnded = Schema.Struct({
  event_type: Schema.Literal("chat_ended"),
  ...credentials,
  chat: Schema.optional(Chat),
  visitor: Schema.optional(Visitor),
  pre_chat_survey: Schema.optional(PreChatSurvey)
}, Rest)

/**
 * @since 0.1.0
 * @category events
 */
export type ChatEnded = typeof ChatEnded.Type

/**
 * `chat_changed`: the tags of a chat changed (pending or not). Carries `chat`, `visitor`, as asked.
 *
 * @since 0.1.0
 * @category events
 */
export const ChatChanged = Schema.Struct({
  event_type: Schema.Literal("chat_changed"),
  ...credentials,
  chat: Schema.optional(Chat),
  visitor: Schema.optional(Visitor)
}, Rest)

/**
 * @since 0.1.0
 * @category events
 */
export type ChatChanged = typeof ChatChanged.Type

/**
 * `visitor_queued`: a visitor is queued before a chat. Carries `visitor`.
 *
 * @since 0.1.0
 * @category events
 */
export const VisitorQueued = Schema.Struct({
  event_type: Schema.Literal("visitor_queued"),
  ...credentials,
  visitor: Schema.optional(Visitor)
}, Rest)

/**
 * @since 0.1.0
 * @category events
 */
export type VisitorQueued = typeof VisitorQueued.Type

/**
 * `ticket_created`: a ticket is created. Carries `ticket`.
 *
 * @since 0.1.0
 * @category events
 */
export const TicketCreated = Schema.Struct({
  event_type: Schema.Literal("ticket_created"),
  ...credentials,
  ticket: Schema.optional(Ticket)
}, Rest)

/**
 * @since 0.1.0
 * @category events
 */
export type TicketCreated = typeof TicketCreated.Type

/**
 * `canned_response_changed`: a canned response is created, modified or deleted. Carries
 * `canned_response`.
 *
 * @since 0.1.0
 * @category events
 */
export const CannedResponseChanged = Schema.Struct({
  event_type: Schema.Literal("canned_response_changed"),
  ...credentials,
  canned_response: Schema.optional(CannedResponse)
}, Rest)

/**
 * @since 0.1.0
 * @category events
 */
export type CannedResponseChanged = typeof CannedResponseChanged.Type

/**
 * Any delivery, told apart by `event_type`. An unknown event type does not decode.
 *
 * @example
 * ```ts
 * import { WebhookEvent } from "@effect-livechat/webhooks"
 * import { Redacted, Schema } from "effect"
 *
 * const event = Schema.decodeUnknownSync(WebhookEvent.Event)({
 *   event_type: "chat_ended",
 *   token: "0adec158e423091d5a36c9fce95775db",
 *   license_id: "12345",
 *   chat: { id: "MH022RD0K5", started_timestamp: 1358937653, ended_timestamp: 1358937730, messages: [], tags: [] }
 * })
 * if (event.event_type === "chat_ended") console.log(event.chat?.ended_timestamp)
 * console.log(JSON.stringify(event.token)) // "<redacted>"
 * Redacted.value(event.token) // the token itself, to call the API with
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export const Event = Schema.Union(
  ChatStarted,
  ChatEnded,
  ChatChanged,
  VisitorQueued,
  TicketCreated,
  CannedResponseChanged
)

/**
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type

/**
 * The event types, as the REST API's `Webhooks.create` takes them.
 *
 * @since 0.1.0
 * @category events
 */
export const EventType = Webhook.EventType

/**
 * @since 0.1.0
 * @category events
 */
export type EventType = Webhook.EventType

/**
 * The record an event is about, as `<data type>/<id>` (`chat/MH022RD0K5`, `ticket/ABC-123`,
 * `visitor/S1.O2`, `canned_response/3`): the chat for chat events (its visitor when the delivery
 * carries no chat), the visitor for `visitor_queued`, the ticket, the canned response; `""` when
 * the delivery carries none of them (a `chat_started` with only its pre-chat survey).
 *
 * @since 0.1.0
 * @category accessors
 */
export const recordOf = (event: Event): string => {
  switch (event.event_type) {
    case "chat_started":
    case "chat_ended":
    case "chat_changed":
      return event.chat !== undefined
        ? `chat/${event.chat.id}`
        : event.visitor !== undefined
        ? `visitor/${event.visitor.id}`
        : ""
    case "visitor_queued":
      return event.visitor === undefined ? "" : `visitor/${event.visitor.id}`
    case "ticket_created":
      return event.ticket === undefined ? "" : `ticket/${event.ticket.id}`
    case "canned_response_changed":
      return event.canned_response === undefined ? "" : `canned_response/${event.canned_response.id}`
  }
}
