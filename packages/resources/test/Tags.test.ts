/**
 * Tags: invalid inputs are refused before sending; the tag is the path, the group the body.
 */
import type { LiveChatError } from "@effect-livechat/core"
import { Tags } from "@effect-livechat/resources"
import { MockTransport } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { clientLayer, readResponse } from "./support.js"

const sent = Effect.flatMap(MockTransport.Transport, (t) => t.requests)

const layer = () => clientLayer(() => ({ body: readResponse("Tags/create.json") }))

const refused = <A, R>(effect: Effect.Effect<A, LiveChatError, R>, field: string) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(effect)
    expect(error._tag).toBe("InvalidInput")
    if (error._tag === "InvalidInput") expect(error.field).toBe(field)
    expect(yield* sent).toHaveLength(0)
  })

describe("Tags", () => {
  it.effect("list: a negative group is refused, nothing sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Tags.list({ group: -3 }))
      expect(error._tag).toBe("InvalidInput")
      if (error._tag === "InvalidInput") expect(error.field).toBe("group")
      expect(yield* sent).toHaveLength(0)
    }).pipe(Effect.provide(layer())))

  it.effect("create: an author that is not an e-mail is refused, nothing sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Tags.create({ tag: "support", author: "john", group: 1 }))
      expect(error._tag).toBe("InvalidInput")
      if (error._tag === "InvalidInput") expect(error.field).toBe("author")
      expect(yield* sent).toHaveLength(0)
    }).pipe(Effect.provide(layer())))

  it.effect("create: an empty tag is refused, nothing sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Tags.create({ tag: "", author: "john.doe@mycompany.com", group: 1 }))
      expect(error._tag).toBe("InvalidInput")
      if (error._tag === "InvalidInput") expect(error.field).toBe("tag")
      expect(yield* sent).toHaveLength(0)
    }).pipe(Effect.provide(layer())))

  it.effect("create: a missing group is refused, nothing sent", () =>
    Effect.gen(function*() {
      const input = { tag: "support", author: "john.doe@mycompany.com" }
      const error = yield* Effect.flip(Tags.create(input as Parameters<typeof Tags.create>[0]))
      expect(error._tag).toBe("InvalidInput")
      if (error._tag === "InvalidInput") expect(error.field).toBe("group")
      expect(yield* sent).toHaveLength(0)
    }).pipe(Effect.provide(layer())))

  it.effect("remove: an unsafe tag (../x) is refused, nothing sent", () =>
    refused(Tags.remove({ tag: "../x", group: 1 }), "tag").pipe(Effect.provide(layer())))

  it.effect("remove: an empty tag is refused, nothing sent", () =>
    refused(Tags.remove({ tag: "", group: 1 }), "tag").pipe(Effect.provide(layer())))

  it.effect("remove: the tag is encoded in the path and the group sent in the DELETE body", () =>
    Effect.gen(function*() {
      const result = yield* Tags.remove({ tag: "vip customer", group: 2 })
      expect(result.ok).toBe(true)
      const [request] = yield* sent
      expect(request.method).toBe("DELETE")
      expect(request.url.pathname).toBe("/tags/vip%20customer")
      expect(request.url.search).toBe("")
      expect(request.body).toBe("group=2")
    }).pipe(Effect.provide(clientLayer(() => ({ body: readResponse("Tags/remove.json") })))))

  it.effect("list: decodes the tags with their counts", () =>
    Effect.gen(function*() {
      const tags = yield* Tags.list()
      expect(tags.map((tag) => [tag.name, tag.count.inChats, tag.count.inTickets, tag.group])).toEqual([
        ["sales", 4, 1, 1],
        ["support", 0, 2, 1]
      ])
      const [request] = yield* sent
      expect(request.url.search).toBe("")
    }).pipe(Effect.provide(clientLayer(() => ({ body: readResponse("Tags/list.json") })))))
})
