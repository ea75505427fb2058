/**
 * The fake's webhooks: listed as `{ events }`, created unverified with a generated id and token
 * (the answer lists every webhook, as the reference's sample does), deleted by id. Those created
 * through the API are delivered to (see `internal/webhooks.ts`); the seeded one is only listed.
 */
import { Webhook } from "@effect-livechat/core"
import { Effect, Redacted } from "effect"
import { type GroupHandlers, notFound } from "../handler.js"
import { hash } from "../random.js"
import type { State } from "../state.js"

const hex = (n: number) => n.toString(16).padStart(8, "0")

/** 32 hex digits derived from the seed, a purpose and a number (ids and tokens). */
const hex32 = (state: State, purpose: number, n: number) =>
  [0, 1, 2, 3].map((k) => hex(hash(state.seed.seed, purpose, n, k))).join("")

/** Every webhook, as the list and create answer it. */
const events = (state: State) => ({ events: Array.from(state.webhooks.values()) })

/** A new webhook (the n-th made by this fake). */
const make = (
  state: State,
  fields: Pick<Webhook.Webhook, "event_type" | "data_types" | "url" | "verified">
): Webhook.Webhook => {
  const n = state.nextId("webhook")
  return new Webhook.Webhook({
    ...fields,
    id: hex32(state, 40, n),
    licence: state.licenseId,
    token: Redacted.make(hex32(state, 41, n))
  })
}

export const handlers: GroupHandlers<"Webhooks"> = {
  list: (_, { state }) => Effect.succeed(events(state)),
  create: (input, { state }) =>
    Effect.sync(() => {
      const webhook = make(state, {
        event_type: input.event_type,
        data_types: [...new Set(input.data_types)],
        url: input.url,
        verified: false
      })
      state.webhooks.set(webhook.id, webhook)
      // Registered through the API: deliveries are sent to it (the seeded one is only listed).
      state.deliverable.add(webhook.id)
      return events(state)
    }),
  remove: (input, { state }) =>
    Effect.gen(function*() {
      if (!state.webhooks.has(input.id)) return yield* notFound(`Webhook ${input.id}`)
      state.webhooks.delete(input.id)
      state.deliverable.delete(input.id)
      return { result: "Push notification removed successfully" }
    })
}

/** Seeds the reference's webhook: a verified `chat_started` webhook with chats and visitors. */
export const initialize = (state: State): void => {
  const webhook = make(state, {
    event_type: "chat_started",
    data_types: ["chat", "visitor"],
    url: "https://my-company.com/parse_webhook.php",
    verified: true
  })
  state.webhooks.set(webhook.id, webhook)
}
