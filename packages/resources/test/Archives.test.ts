/**
 * Archives: invalid inputs are refused before sending; filters and tags are written the documented
 * way; chats decode tolerantly (long survey ids kept as strings, prices as numbers, unknown events kept).
 */
import type { LiveChatClient, LiveChatError } from "@effect-livechat/core"
import { Wire } from "@effect-livechat/core"
import { Archives } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { clientLayer, refused as expectRefused, sampleLayer, sent } from "./support.js"

const byName = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) => a[0].localeCompare(b[0])

/** The shared `refused` for an Archives operation, over the list sample. */
const refused = <A>(effect: Effect.Effect<A, LiveChatError, LiveChatClient.LiveChatClient>, field: string) =>
  expectRefused(effect, field, /^Archives\./).pipe(Effect.provide(sampleLayer("Archives/list.json")))

describe("Archives", () => {
  it.effect("list: a date that is not YYYY-MM-DD is refused, nothing sent", () =>
    refused(Archives.list({ date_from: "23/01/2013" }), "date_from"))

  it.effect("list: date_to before date_from is refused, nothing sent", () =>
    refused(Archives.list({ date_from: "2013-01-23", date_to: "2013-01-22" }), "date_to"))

  it.effect("list: a rate outside the documented values is refused, nothing sent", () =>
    refused(Archives.list({ rate: "good" } as unknown as Archives.ListInput), "rate"))

  it.effect("list: page 0 is refused (pages start at 1), nothing sent", () =>
    refused(Archives.list({ page: 0 }), "page"))

  it.effect("list: a flag other than 0/1 is refused, nothing sent", () =>
    refused(Archives.list({ has_goal: 2 } as unknown as Archives.ListInput), "has_goal"))

  it.effect("get: an unsafe chat id (../x) is refused, nothing sent", () =>
    refused(Archives.get({ chat_id: "../x" }), "chat_id"))

  it.effect("get: an empty chat id is refused, nothing sent", () => refused(Archives.get({ chat_id: "" }), "chat_id"))

  it.effect("sendTranscript: a receiver that is not an e-mail is refused, nothing sent", () =>
    refused(Archives.sendTranscript({ chat_id: "MH022RD0K5", to: "john" }), "to"))

  it.effect("sendTranscript: a missing receiver is refused, nothing sent", () =>
    refused(
      Archives.sendTranscript({ chat_id: "MH022RD0K5" } as Parameters<typeof Archives.sendTranscript>[0]),
      "to"
    ))

  it.effect("updateTags: a missing tag list is refused, nothing sent", () =>
    refused(Archives.updateTags({ chat_id: "MH022RD0K5" } as Parameters<typeof Archives.updateTags>[0]), "tag"))

  it.effect("updateTags: an empty tag list is refused (a form cannot carry it), nothing sent", () =>
    refused(Archives.updateTags({ chat_id: "MH022RD0K5", tag: [] }), "tag"))

  it.effect("updateTags: a chat id with a slash is refused, nothing sent", () =>
    refused(Archives.updateTags({ chat_id: "MH022RD0K5/tags", tag: ["sales"] }), "chat_id"))

  it.effect("list: filters go to the query, tags as tag[], flags as 1/0; the page decodes", () =>
    Effect.gen(function*() {
      const page = yield* Archives.list({
        date_from: "2013-01-01",
        date_to: "2013-01-31",
        page: 2,
        tag: ["sales", "vip customer"],
        tagged: 1,
        include_pending: 0,
        rate: "rated_good",
        group: 0
      })
      const [request] = yield* sent
      expect(request.method).toBe("GET")
      expect(request.url.pathname).toBe("/chats")
      expect(request.body).toBeUndefined()
      // Distinct names may come in any order; the tags keep theirs.
      expect([...Wire.decodePairs(request.url.search)].sort(byName)).toEqual([
        ["date_from", "2013-01-01"],
        ["date_to", "2013-01-31"],
        ["page", "2"],
        ["tag[]", "sales"],
        ["tag[]", "vip customer"],
        ["tagged", "1"],
        ["include_pending", "0"],
        ["rate", "rated_good"],
        ["group", "0"]
      ].sort(byName))
      expect(page.total).toBe(2)
      expect(page.pages).toBe(1)
      const [chat] = page.chats
      expect(chat.id).toBe("MH022RD0K5")
      // Survey ids exceed the safe integers: they stay exact strings.
      expect(chat.prechat_survey?.map((field) => field.id)).toEqual(["13589376348060238", "135893763480606511"])
      // Prices are sent as strings and decode to numbers.
      expect(chat.goals?.map((goal) => goal.order?.price)).toEqual([199, 0])
      expect(chat.events.map((event) => event.type)).toEqual(["message", "attachment", "message", "message", "event"])
      expect(chat.events[1].files).toEqual(["https://static.livechatinc.com/.../hello.JPG"])
      expect(chat.engagement).toBe("immediate_start")
    }).pipe(Effect.provide(sampleLayer("Archives/list.json"))))

  it.effect("updateTags: PUT to the encoded chat path with the tags as tag[] in the form body", () =>
    Effect.gen(function*() {
      const page = yield* Archives.updateTags({ chat_id: "MH022RD0K5", tag: ["sales", "support"] })
      expect(page.chats[0].tags).toEqual(["tag1", "tag2", "tag3"])
      const [request] = yield* sent
      expect(request.method).toBe("PUT")
      expect(request.url.pathname).toBe("/chats/MH022RD0K5/tags")
      expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded")
      expect(request.body).toBe("tag[]=sales&tag[]=support")
    }).pipe(Effect.provide(sampleLayer("Archives/updateTags.json"))))

  it.effect("get: a pending chat with an event of an undocumented type decodes, the event kept whole", () =>
    Effect.gen(function*() {
      const chat = yield* Archives.get({ chat_id: "PENDING01" })
      expect(chat.pending).toBe(true)
      expect(chat.ended).toBeUndefined()
      const [, rating] = chat.events
      expect(rating.type).toBe("rating")
      expect(rating["rate"]).toBe("rated_good")
      const [request] = yield* sent
      expect(request.url.pathname).toBe("/chats/PENDING01")
    }).pipe(Effect.provide(clientLayer(() => ({
      body: {
        type: "chat",
        id: "PENDING01",
        pending: true,
        visitor: { id: "S1", name: "Client" },
        agents: [{ display_name: "John Doe", email: "john.doe@mycompany.com" }],
        rate: "not_rated",
        group: ["0"],
        started: "Wed, 01/23/13 11:40:53 am",
        started_timestamp: "1358937653",
        tags: [],
        messages: [],
        events: [
          { type: "message", text: "Hello", author_name: "John Doe", user_type: "agent", timestamp: 1358937653 },
          { type: "rating", rate: "rated_good", timestamp: 1358937700 }
        ]
      }
    })))))
})
