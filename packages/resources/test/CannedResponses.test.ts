/**
 * CannedResponses: invalid inputs are refused before anything is sent; tags are sent as `tags[]`.
 */
import { Wire } from "@effect-livechat/core"
import { CannedResponses } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { refused, sampleLayer, sent, unchecked } from "./support.js"

describe("CannedResponses", () => {
  it.effect("list: a negative group is refused, nothing sent", () =>
    refused(CannedResponses.list({ group: -1 }), "group").pipe(
      Effect.provide(sampleLayer("CannedResponses/list.json"))
    ))

  it.effect("get: an unsafe id (../x) is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.get, { canned_response_id: "../x" }), "canned_response_id").pipe(
      Effect.provide(sampleLayer("CannedResponses/create.json"))
    ))

  it.effect("get: an empty id is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.get, { canned_response_id: "" }), "canned_response_id").pipe(
      Effect.provide(sampleLayer("CannedResponses/create.json"))
    ))

  it.effect("create: a missing text is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.create, { tags: ["bye"] }), "text").pipe(
      Effect.provide(sampleLayer("CannedResponses/create.json"))
    ))

  it.effect("create: missing tags are refused, nothing sent", () =>
    refused(unchecked(CannedResponses.create, { text: "Bye." }), "tags").pipe(
      Effect.provide(sampleLayer("CannedResponses/create.json"))
    ))

  it.effect("create: an empty list of tags is refused (it cannot be written as a form), nothing sent", () =>
    refused(CannedResponses.create({ text: "Bye.", tags: [] }), "tags").pipe(
      Effect.provide(sampleLayer("CannedResponses/create.json"))
    ))

  it.effect("create: an empty tag is refused, nothing sent", () =>
    refused(CannedResponses.create({ text: "Bye.", tags: ["bye", ""] }), "tags.1").pipe(
      Effect.provide(sampleLayer("CannedResponses/create.json"))
    ))

  it.effect("update: an empty text is refused, nothing sent", () =>
    refused(CannedResponses.update({ canned_response_id: 3181, text: "" }), "text").pipe(
      Effect.provide(sampleLayer("CannedResponses/update.json"))
    ))

  it.effect("update: an unknown property is refused, nothing sent", () =>
    refused(unchecked(CannedResponses.update, { canned_response_id: 3181, tag: ["bye"] }), "tag").pipe(
      Effect.provide(sampleLayer("CannedResponses/update.json"))
    ))

  it.effect("remove: a zero id is refused, nothing sent", () =>
    refused(CannedResponses.remove({ canned_response_id: 0 }), "canned_response_id").pipe(
      Effect.provide(sampleLayer("CannedResponses/remove.json"))
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
    }).pipe(Effect.provide(sampleLayer("CannedResponses/create.json"))))

  it.effect("list: the group goes to the query; modification fields are read when present", () =>
    Effect.gen(function*() {
      const responses = yield* CannedResponses.list({ group: 1 })
      const [request] = yield* sent
      expect(request.url.search).toBe("?group=1")
      expect(responses.map((r) => r.modified_by)).toEqual([undefined, "jenny.doe@mycompany.com"])
      expect(responses[1].modification_date).toBe(1358864338)
    }).pipe(Effect.provide(sampleLayer("CannedResponses/list.json"))))
})
