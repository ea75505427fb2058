/**
 * Tags: invalid inputs are refused before sending; the tag is the path, the group the body.
 */
import { Tags } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { refused, sampleLayer, sent } from "./support.js"

describe("Tags", () => {
  it.effect("list: a negative group is refused, nothing sent", () =>
    refused(Tags.list({ group: -3 }), "group").pipe(Effect.provide(sampleLayer("Tags/create.json"))))

  it.effect("create: an author that is not an e-mail is refused, nothing sent", () =>
    refused(Tags.create({ tag: "support", author: "john", group: 1 }), "author").pipe(
      Effect.provide(sampleLayer("Tags/create.json"))
    ))

  it.effect("create: an empty tag is refused, nothing sent", () =>
    refused(Tags.create({ tag: "", author: "john.doe@mycompany.com", group: 1 }), "tag").pipe(
      Effect.provide(sampleLayer("Tags/create.json"))
    ))

  it.effect("create: a missing group is refused, nothing sent", () => {
    const input = { tag: "support", author: "john.doe@mycompany.com" }
    return refused(Tags.create(input as Parameters<typeof Tags.create>[0]), "group").pipe(
      Effect.provide(sampleLayer("Tags/create.json"))
    )
  })

  it.effect("remove: an unsafe tag (../x) is refused, nothing sent", () =>
    refused(Tags.remove({ tag: "../x", group: 1 }), "tag").pipe(Effect.provide(sampleLayer("Tags/create.json"))))

  it.effect("remove: an empty tag is refused, nothing sent", () =>
    refused(Tags.remove({ tag: "", group: 1 }), "tag").pipe(Effect.provide(sampleLayer("Tags/create.json"))))

  it.effect("remove: the tag is encoded in the path and the group sent in the DELETE body", () =>
    Effect.gen(function*() {
      const result = yield* Tags.remove({ tag: "vip customer", group: 2 })
      expect(result.ok).toBe(true)
      const [request] = yield* sent
      expect(request.method).toBe("DELETE")
      expect(request.url.pathname).toBe("/tags/vip%20customer")
      expect(request.url.search).toBe("")
      expect(request.body).toBe("group=2")
    }).pipe(Effect.provide(sampleLayer("Tags/remove.json"))))

  it.effect("list: decodes the tags with their counts", () =>
    Effect.gen(function*() {
      const tags = yield* Tags.list()
      expect(tags.map((tag) => [tag.name, tag.count.inChats, tag.count.inTickets, tag.group])).toEqual([
        ["sales", 4, 1, 1],
        ["support", 0, 2, 1]
      ])
      const [request] = yield* sent
      expect(request.url.search).toBe("")
    }).pipe(Effect.provide(sampleLayer("Tags/list.json"))))
})
