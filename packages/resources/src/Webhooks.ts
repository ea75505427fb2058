/**
 * Webhooks: list, create and delete the webhooks LiveChat sends to your integrations.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, type LiveChatClient, type LiveChatError, Webhook } from "@effect-livechat/core"
import { Effect, Redacted, Schema } from "effect"

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

/**
 * `url` with HTTP Basic credentials in it (`https://user:password@host/path`): what to register,
 * so that LiveChat sends them to a receiver that checks them (the only protection the webhooks
 * have).
 *
 * @since 0.1.0
 * @category utils
 */
export const withCredentials = (
  url: string,
  credentials: { readonly username: string; readonly password: string | Redacted.Redacted<string> }
): string => {
  const parsed = new URL(url)
  parsed.username = credentials.username
  parsed.password = Redacted.isRedacted(credentials.password)
    ? Redacted.value(credentials.password)
    : credentials.password
  return parsed.toString()
}

/**
 * Registers a webhook to `url` for each of `hooks`, idempotently: one of the same event type and
 * URL that carries the data types asked for is not created again (the API would take a second
 * one, and every event would be delivered twice). Returns how many were created.
 *
 * @since 0.1.0
 * @category utils
 */
export const ensure = (
  url: string,
  hooks: ReadonlyArray<{
    readonly event_type: Webhook.EventType
    readonly data_types: ReadonlyArray<Webhook.DataType>
  }>
): Effect.Effect<number, LiveChatError, LiveChatClient.LiveChatClient> =>
  Effect.gen(function*() {
    const existing = (yield* list()).events
    let created = 0
    for (const wanted of hooks) {
      const found = existing.some((webhook) =>
        webhook.event_type === wanted.event_type && webhook.url === url &&
        wanted.data_types.every((type) => webhook.data_types.includes(type))
      )
      if (found) continue
      yield* create({ event_type: wanted.event_type, data_types: [...wanted.data_types], url })
      created++
    }
    return created
  })
