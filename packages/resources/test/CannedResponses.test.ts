/**
 * CannedResponses: invalid inputs are refused before anything is sent; tags are sent as `tags[]`.
 */
import type { LiveChatError } from "@effect-livechat/core"
import { Wire } from "@effect-livechat/core"
import { CannedResponses } from "@effect-livechat/resources"
import { MockTransport } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { clientLayer, readResponse } from "./support.js"

const sent = Effect.flatMap(MockTransport.Transport, (t) => t.requests)

/** Calls an endpoint function with an input its type does not allow, as untyped code could. */
const unchecked = <I, A, E, R>(fn: (input: I) => Effect.Effect<A, E, R>, input: unknown) => fn(input as I)

const refused = <A, R>(effect: Effect.Effect<A, LiveChatError, R>, field: string) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(effect)
    expect(error._tag).toBe("InvalidInput")
    if (error._tag === "InvalidInput") expect(error.field).toBe(field)
    expect(yield* sent).toHaveLength(0)
  })

const layer = (file = "CannedResponses/create.json") => clientLayer(() => ({ body: readResponse(file) }))

describe("CannedResponses", () => {
  it.effect("list: a negative group is refused, nothing sent", () =>
    refused(CannedResponses.list({ group: -1 }), "group").pipe(Effect.provide(layer("CannedResponses/list.json"))))

  it.effect("get: an unsafe id (../x) is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.get, { canned_response_id: "../x" }), "canned_response_id").pipe(
      Effect.provide(layer())
    ))

  it.effect("get: an empty id is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.get, { canned_response_id: "" }), "canned_response_id").pipe(
      Effect.provide(layer())
    ))

  it.effect("create: a missing text is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.create, { tags: ["bye"] }), "text").pipe(Effect.provide(layer())))

  it.effect("create: missing tags are refused, nothing sent", () =>
    refused(unchecked(CannedResponses.create, { text: "Bye." }), "tags").pipe(Effect.provide(layer())))

  it.effect("create: an empty list of tags is refused (it cannot be written as a form), nothing sent", () =>
    refused(CannedResponses.create({ text: "Bye.", tags: [] }), "tags").pipe(Effect.provide(layer())))

  it.effect("create: an empty tag is refused, nothing sent", () =>
    refused(CannedResponses.create({ text: "Bye.", tags: ["bye", ""] }), "tags.1").pipe(Effect.provide(layer())))

  it.effect("update: an empty text is refused, nothing sent", () =>
    refused(CannedResponses.update({ canned_response_id: 3181, text: "" }), "text").pipe(
      Effect.provide(layer("CannedResponses/update.json"))
    ))

  it.effect("update: an unknown property is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.update, { canned_response_id: 3181, tag: ["bye"] }), "tag").pipe(
      Effect.provide(layer("CannedResponses/update.json"))
    ))

  it.effect("remove: a zero id is refused, nothing sent", () =>
    refused(CannedResponses.remove({ canned_response_id: 0 }), "canned_response_id").pipe(
      Effect.provide(layer("CannedResponses/remove.json"))
    ))

  it.effect("create: tags are sent as tags[] in order, with the group, and the answer is decoded", () =>
    Effect.gen(function*() {
      const created = yield* CannedResponses.create({
        text: "Have a great day, goodbye.",
        tags: ["bye", "cu"],
        group: 2
      })
      const [request] = yield* sent
      expect(request.method).toBe("POST")
      expect(request.url.pathname).toBe("/canned_responses")
      expect(Wire.decodePairs(request.body ?? "")).toEqual([
        ["text", "Have a great day, goodbye."],
        ["tags[]", "bye"],
        ["tags[]", "cu"],
        ["group", "2"]
      ])
      expect(created.id).toBe(3181)
      expect(created.modified_by).toBeUndefined()
    }).pipe(Effect.provide(layer())))

  it.effect("list: the group goes to the query; modification fields are read when present", () =>
    Effect.gen(function*() {
      const responses = yield* CannedResponses.list({ group: 1 })
      const [request] = yield* sent
      expect(request.url.search).toBe("?group=1")
      expect(responses.map((r) => r.modified_by)).toEqual([undefined, "jenny.doe@mycompany.com"])
      expect(responses[1].modification_date).toBe(1358864338)
    }).pipe(Effect.provide(layer("CannedResponses/list.json"))))
})
