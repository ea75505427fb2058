/**
 * Webhooks: list, create and delete the webhooks LiveChat sends to your integrations.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Webhook } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Webhooks"

/**
 * The input of {@link create}. Every data type must be supported by the event type (see
 * `Webhook.supportedDataTypes`).
 *
 * @since 0.1.0
 * @category inputs
 */
export const CreateInput = Schema.Struct({
  event_type: Webhook.EventType,
  data_types: Schema.Array(Webhook.DataType).pipe(
    Schema.minItems(1, { message: () => "must hold at least one data type" })
  ),
  url: Fields.Url
}).pipe(
  Schema.filter((input) => {
    const supported = Webhook.supportedDataTypes[input.event_type]
    const unsupported = input.data_types.filter((type) => !supported.includes(type))
    return unsupported.length === 0 || {
      path: ["data_types"],
      message: `${unsupported.join(", ")} not supported by ${input.event_type} (supported: ${supported.join(", ")})`
    }
  })
)

/**
 * The input of {@link remove}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const RemoveInput = Schema.Struct({
  id: Fields.NonEmpty.annotations({ description: "the webhook's id" })
})

/**
 * The Webhooks endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns the webhooks created in the LiveChat account.",
    method: "GET",
    path: "/webhooks",
    input: Schema.Struct({}),
    output: Webhook.Events
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Creates a new webhook.",
    method: "POST",
    path: "/webhooks",
    input: CreateInput,
    output: Webhook.Events
  }),
  remove: Endpoint.make({
    group,
    name: "remove",
    summary: "Deletes the webhook with the given id.",
    method: "DELETE",
    path: "/webhooks/{id}",
    input: RemoveInput,
    output: Fields.Result
  })
} as const

/**
 * Returns the webhooks that have been created in the LiveChat account.
 *
 * `GET /webhooks`
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-livechat/resources"
 *
 * const webhooks = Webhooks.list()
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Creates a new webhook. The answer lists the license's webhooks (`events`).
 *
 * `POST /webhooks`
 *
 * @param input.event_type - required; when the webhook is sent: `chat_started`, `chat_ended`,
 * `chat_changed` (the chat is tagged), `visitor_queued`, `ticket_created` or `canned_response_changed`.
 * @param input.data_types - required; what it contains, one or more of `chat` (chat_started,
 * chat_changed, chat_ended), `visitor` (chat_started, chat_ended, chat_changed, visitor_queued),
 * `pre_chat_survey` (chat_started, chat_ended), `ticket` (ticket_created), `canned_response`
 * (canned_response_changed); a type the event does not support is refused.
 * @param input.url - required; the address the webhook is sent to.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-livechat/resources"
 *
 * const created = Webhooks.create({
 *   event_type: "chat_started",
 *   data_types: ["chat", "visitor"],
 *   url: "https://my-company.com/parse_webhook.php"
 * })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Deletes the webhook with the given id.
 *
 * `DELETE /webhooks/<ID>`
 *
 * @param input.id - the webhook's id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.call(endpoints.remove)
