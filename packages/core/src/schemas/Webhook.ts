/**
 * Webhooks: the events LiveChat pushes to your URL, and the data they carry.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Int } from "./Fields.js"

/**
 * When a webhook is sent: `chat_started`, `chat_ended`, `chat_changed` (the chat is tagged),
 * `visitor_queued` (the visitor enters the queue before a chat), `ticket_created`,
 * `canned_response_changed` (a canned response is created, modified or deleted).
 *
 * @since 0.1.0
 * @category literals
 */
export const EventType = Schema.Literal(
  "chat_started",
  "chat_ended",
  "chat_changed",
  "visitor_queued",
  "ticket_created",
  "canned_response_changed"
)

/**
 * @since 0.1.0
 * @category literals
 */
export type EventType = typeof EventType.Type

/**
 * What a webhook contains: `chat`, `visitor`, `pre_chat_survey`, `ticket`, `canned_response`.
 * Each is supported by some event types only (see {@link supportedDataTypes}).
 *
 * @since 0.1.0
 * @category literals
 */
export const DataType = Schema.Literal("chat", "visitor", "pre_chat_survey", "ticket", "canned_response")

/**
 * @since 0.1.0
 * @category literals
 */
export type DataType = typeof DataType.Type

/**
 * The data types each event type supports, as the reference documents them.
 *
 * @since 0.1.0
 * @category constants
 */
export const supportedDataTypes: { readonly [E in EventType]: ReadonlyArray<DataType> } = {
  chat_started: ["chat", "visitor", "pre_chat_survey"],
  chat_ended: ["chat", "visitor", "pre_chat_survey"],
  chat_changed: ["chat", "visitor"],
  visitor_queued: ["visitor"],
  ticket_created: ["ticket"],
  canned_response_changed: ["canned_response"]
}

/**
 * A configured webhook. `token` (a `Redacted`) is the secret sent with each webhook.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Webhook extends Schema.Class<Webhook>("@effect-livechat/core/Webhook/Webhook")({
  id: Schema.String,
  /** The license number (spelled `licence` on the wire). */
  licence: Int,
  event_type: EventType,
  data_types: Schema.Array(DataType),
  url: Schema.String,
  verified: Schema.Boolean,
  token: Schema.Redacted(Schema.String)
}) {}

/**
 * The answer of `GET /webhooks` and `POST /webhooks`: the webhooks of the license.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Events = Schema.Struct({ events: Schema.Array(Webhook) })

/**
 * @since 0.1.0
 * @category schemas
 */
export type Events = typeof Events.Type
