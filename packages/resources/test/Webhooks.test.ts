/**
 * Webhooks: invalid inputs are refused before sending (including data types the event type does
 * not support); the webhook token is redacted.
 */
import { Webhooks } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { refused, sampleLayer, sent, unchecked } from "./support.js"

const url = "https://my-company.com/parse_webhook.php"

/** The shared `refused` for `Webhooks.create` with `input` (unchecked), over the create sample. */
const refusedCreate = (input: unknown, field: string) =>
  refused(unchecked(Webhooks.create, input), field).pipe(Effect.provide(sampleLayer("Webhooks/create.json")))

describe("Webhooks", () => {
  it.effect("create: an unknown event type is refused, nothing sent", () =>
    refusedCreate({ event_type: "chat_rated", data_types: ["chat"], url }, "event_type"))

  it.effect("create: an unknown data type is refused, nothing sent", () =>
    refusedCreate({ event_type: "chat_started", data_types: ["chat", "agent"], url }, "data_types.1"))

  it.effect("create: no data types is refused, nothing sent", () =>
    refusedCreate({ event_type: "chat_started", data_types: [], url }, "data_types"))

  it.effect("create: a data type the event does not support is refused, nothing sent", () =>
    refusedCreate({ event_type: "ticket_created", data_types: ["ticket", "visitor"], url }, "data_types"))

  it.effect("create: a missing url is refused, nothing sent", () =>
    refusedCreate({ event_type: "chat_started", data_types: ["chat"] }, "url"))

  it.effect("create: a url that is not http(s) is refused, nothing sent", () =>
    refusedCreate({ event_type: "chat_started", data_types: ["chat"], url: "my-company.com/hook" }, "url"))

  it.effect("remove: an unsafe id is refused, nothing sent", () =>
    Effect.gen(function*() {
      for (const id of ["../x", "", "a/b"]) {
        const error = yield* Effect.flip(Webhooks.remove({ id }))
        expect(error._tag).toBe("InvalidInput")
        if (error._tag === "InvalidInput") expect(error.field).toBe("id")
      }
      expect(yield* sent).toHaveLength(0)
    }).pipe(Effect.provide(sampleLayer("Webhooks/create.json"))))

  it.effect("create: data types are sent as data_types[], and the answer's token is redacted", () =>
    Effect.gen(function*() {
      const created = yield* Webhooks.create({ event_type: "chat_started", data_types: ["chat", "visitor"], url })
      const [request] = yield* sent
      expect(request.method).toBe("POST")
      expect(request.url.pathname).toBe("/webhooks")
      expect(decodeURIComponent(request.body ?? "")).toBe(
        `event_type=chat_started&data_types[]=chat&data_types[]=visitor&url=${url}`
      )
      const [webhook] = created.events
      expect(webhook.id).toBe("39612eee5f1b431217aafb9de19c1e32")
      expect(String(webhook.token)).toBe("<redacted>")
      expect(JSON.stringify(created)).not.toContain("0adec158e423091d5a36c9fce95775db")
      expect(Redacted.value(webhook.token)).toBe("0adec158e423091d5a36c9fce95775db")
    }).pipe(Effect.provide(sampleLayer("Webhooks/create.json"))))
})
