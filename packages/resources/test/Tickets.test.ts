/**
 * Tickets: invalid inputs are refused before sending; the requester, source and groups are written
 * PHP-style; a ticket decodes in the documented shape and in the live-server shape (ISO dates,
 * groups as objects).
 */
import type { LiveChatClient, LiveChatError } from "@effect-livechat/core"
import { Wire } from "@effect-livechat/core"
import { Tickets } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { refused as expectRefused, sampleLayer, sent } from "./support.js"

/** The shared `refused` for a Tickets operation, over the list sample. */
const refused = <A>(effect: Effect.Effect<A, LiveChatError, LiveChatClient.LiveChatClient>, field: string) =>
  expectRefused(effect, field, /^Tickets\./).pipe(Effect.provide(sampleLayer("Tickets/list.json")))

const requester = { mail: "mary.brown@email.com", name: "Mary Brown" }

describe("Tickets", () => {
  it.effect("list: a status outside the documented values is refused, nothing sent", () =>
    refused(Tickets.list({ status: "closed" } as unknown as Tickets.ListInput), "status"))

  it.effect("list: an order other than desc/asc is refused, nothing sent", () =>
    refused(Tickets.list({ order: "newest" } as unknown as Tickets.ListInput), "order"))

  it.effect("list: a source outside the documented values is refused, nothing sent", () =>
    refused(Tickets.list({ source: "phone" } as unknown as Tickets.ListInput), "source"))

  it.effect("list: a date that is not YYYY-MM-DD is refused, nothing sent", () =>
    refused(Tickets.list({ date_to: "2013-1-5" }), "date_to"))

  it.effect("list: date_to before date_from is refused, nothing sent", () =>
    refused(Tickets.list({ date_from: "2013-11-15", date_to: "2013-11-01" }), "date_to"))

  it.effect("list: a requester mail that is not an e-mail is refused, nothing sent", () =>
    refused(Tickets.list({ requester: { mail: "mary" } }), "requester.mail"))

  it.effect("get: an unsafe ticket id (../x) is refused, nothing sent", () =>
    refused(Tickets.get({ ticket_id: "../x" }), "ticket_id"))

  it.effect("get: an empty ticket id is refused, nothing sent", () =>
    refused(Tickets.get({ ticket_id: "" }), "ticket_id"))

  it.effect("create: a missing message is refused, nothing sent", () =>
    refused(Tickets.create({ requester } as Parameters<typeof Tickets.create>[0]), "message"))

  it.effect("create: a missing requester is refused, nothing sent", () =>
    refused(Tickets.create({ message: "Hi" } as Parameters<typeof Tickets.create>[0]), "requester"))

  it.effect("create: a requester mail that is not an e-mail is refused, nothing sent", () =>
    refused(Tickets.create({ message: "Hi", requester: { mail: "mary" } }), "requester.mail"))

  it.effect("create: a source type outside chat-window/mail/lc2 is refused, nothing sent", () =>
    refused(
      Tickets.create({ message: "Hi", requester, source: { type: "facebook" } } as unknown as Tickets.CreateInput),
      "source.type"
    ))

  it.effect("create: source.url without source.type chat-window is refused, nothing sent", () =>
    refused(
      Tickets.create({ message: "Hi", requester, source: { type: "mail", url: "https://shop.example.com" } }),
      "source.url"
    ))

  it.effect("create: a negative group id is refused, nothing sent", () =>
    refused(Tickets.create({ message: "Hi", requester, group: [0, -1] }), "group.1"))

  it.effect("updateTags: an empty tag list is refused (a form cannot carry it), nothing sent", () =>
    refused(Tickets.updateTags({ ticket_id: "5FUED", tag: [] }), "tag"))

  it.effect("updateTags: a ticket id with a slash is refused, nothing sent", () =>
    refused(Tickets.updateTags({ ticket_id: "5FUED/tags", tag: ["sales"] }), "ticket_id"))

  it.effect("create: the body is PHP-style (requester[mail], source[url], group[]); the live answer decodes", () =>
    Effect.gen(function*() {
      const ticket = yield* Tickets.create({
        subject: "I have a problem",
        message: "Hi, my shoes are broken.",
        requester,
        assignee: { id: "jane.doe@mycompany.com" },
        source: { type: "chat-window", url: "https://shop.example.com/contact" },
        group: [0, 2]
      })
      const [request] = yield* sent
      expect(request.method).toBe("POST")
      expect(request.url.pathname).toBe("/tickets")
      expect(request.url.search).toBe("")
      expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded")
      expect(Wire.decodePairs(request.body ?? "")).toEqual([
        ["subject", "I have a problem"],
        ["message", "Hi, my shoes are broken."],
        ["requester[mail]", "mary.brown@email.com"],
        ["requester[name]", "Mary Brown"],
        ["assignee[id]", "jane.doe@mycompany.com"],
        ["source[type]", "chat-window"],
        ["source[url]", "https://shop.example.com/contact"],
        ["group[]", "0"],
        ["group[]", "2"]
      ])
      // The Postman example: ISO dates kept as sent, groups as objects.
      expect(ticket.id).toBe("8PQRU")
      expect(ticket.modified).toBe("2018-03-02T13:51:30Z")
      expect(ticket.groups).toEqual([{ id: 0, name: "All operators" }])
      expect(ticket.currentGroup).toEqual({ id: 0, name: "All operators" })
      expect(ticket.requester.ip).toBe("194.181.146.130")
      expect(ticket.assignee).toBeUndefined()
    }).pipe(Effect.provide(sampleLayer("Tickets/create.postman-example.json"))))

  it.effect("list: filters go to the query (requester[mail], flags as 1/0); the documented page decodes", () =>
    Effect.gen(function*() {
      const page = yield* Tickets.list({
        date_from: "2013-11-15",
        page: 3,
        status: "open",
        assigned: 0,
        requester: { mail: "mary.brown@email.com" }
      })
      const [request] = yield* sent
      expect(request.method).toBe("GET")
      expect(request.body).toBeUndefined()
      const query = Object.fromEntries(Wire.decodePairs(request.url.search))
      expect(query).toEqual({
        date_from: "2013-11-15",
        page: "3",
        status: "open",
        assigned: "0",
        "requester[mail]": "mary.brown@email.com"
      })
      expect(page.total).toBe(15)
      const [ticket] = page.tickets
      expect(ticket.groups).toEqual([0])
      expect(ticket.modified).toBe(1384790802)
      expect(ticket.events.map((event) => event.type)).toEqual(["message", "assignee_changed", "message"])
      expect(ticket.events[1].to?.id).toBe("jane.doe@mycompany.com")
      expect(ticket.tags).toEqual(["sales", "support", "feedback"])
    }).pipe(Effect.provide(sampleLayer("Tickets/list.json"))))

  it.effect("updateTags: PUT to the ticket's tags with tag[] in the form body", () =>
    Effect.gen(function*() {
      yield* Tickets.updateTags({ ticket_id: "5FUED", tag: ["sales", "support", "feedback"] })
      const [request] = yield* sent
      expect(request.method).toBe("PUT")
      expect(request.url.pathname).toBe("/tickets/5FUED/tags")
      expect(request.body).toBe("tag[]=sales&tag[]=support&tag[]=feedback")
    }).pipe(Effect.provide(sampleLayer("Tickets/updateTags.json"))))
})
