/**
 * End to end on 127.0.0.1: `LiveChatFake` delivering the webhooks registered through its own
 * `POST /webhooks` to the receiver served by `WebhookServer`. The fake writes its bodies from the
 * reference's words, without the receiver's Schemas: decoding them here cross-checks both. Each
 * fault knob of the deliveries, and a receiver that fails or is down for a while.
 */
import { Archives, CannedResponses, Tickets, Webhooks } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Redacted } from "effect"
import { Effect, Exit, Scope } from "effect"
import type { WebhookEvent } from "../src/index.js"
import { type Receiver } from "../src/index.js"
import { WebhookServer } from "../src/node.js"
import { options, password, username } from "./support.js"

type DataType = "chat" | "visitor" | "pre_chat_survey" | "ticket" | "canned_response"

const fakeLayer = (webhooks: LiveChatFake.Options["webhooks"] = {}) =>
  LiveChatFake.layer({
    seed: { chats: 20, tickets: 5 },
    webhooks: { retry: { initial: "10 millis", max: "100 millis" }, ...webhooks },
    client: { retry: false }
  })

/** Waits (polling) until `check` holds, failing after ~5 s. */
const eventually = (check: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 500 && !check(); i++) yield* Effect.sleep("10 millis")
    expect(check()).toBe(true)
  })

/** A receiver on 127.0.0.1 recording what it hands over, and helpers to register webhooks to it. */
const receiver = (port = 0, state = { failing: 0 }) =>
  Effect.gen(function*() {
    const events: Array<WebhookEvent.Event> = []
    const receipts: Array<Receiver.Receipt> = []
    const served = yield* WebhookServer.serve({
      ...options,
      host: "127.0.0.1",
      port,
      onReceipt: (receipt) => Effect.sync(() => receipts.push(receipt))
    }, (event) => {
      if (state.failing > 0) {
        state.failing--
        return Effect.fail("the handler is down")
      }
      return Effect.sync(() => events.push(event))
    })
    const url = (pass = password) => `http://${username}:${encodeURIComponent(pass)}@127.0.0.1:${served.port}/hooks`
    const register = (event_type: WebhookEvent.EventType, data_types: ReadonlyArray<DataType>, pass?: string) =>
      Webhooks.create({ event_type, data_types: [...data_types], url: url(pass) })
    return { ...served, events, receipts, state, register }
  })

const idsOf = (events: ReadonlyArray<WebhookEvent.Event>) =>
  events.map((e) => (e as { readonly chat?: WebhookEvent.Chat }).chat?.id ?? "")

describe("the fake delivers to the receiver", () => {
  it.scopedLive("every kind of event, with the data types asked for and the fake's credentials", () =>
    Effect.gen(function*() {
      const r = yield* receiver()
      const fake = yield* LiveChatFake.LiveChatFake
      yield* r.register("chat_started", ["chat", "visitor", "pre_chat_survey"])
      yield* r.register("chat_ended", ["chat"])
      yield* r.register("chat_changed", ["chat", "visitor"])
      yield* r.register("visitor_queued", ["visitor"])
      yield* r.register("ticket_created", ["ticket"])
      yield* r.register("canned_response_changed", ["canned_response"])

      const chats = yield* fake.addChats(2)
      yield* Archives.updateTags({ chat_id: chats[0].id, tag: ["vip", "sales"] })
      const visitor = yield* fake.queueVisitor
      const ticket = yield* Tickets.create({ message: "I lost my password", requester: { mail: "mary@example.com" } })
      const canned = yield* CannedResponses.create({ text: "Hello!", tags: ["hi"] })
      yield* CannedResponses.update({ canned_response_id: canned.id, text: "Hello there!" })
      yield* CannedResponses.remove({ canned_response_id: canned.id })
      yield* fake.webhooks.settled

      const byType = (type: WebhookEvent.EventType) => r.events.filter((e) => e.event_type === type)
      expect(r.receipts).toHaveLength(2 + 2 + 1 + 1 + 1 + 3)
      expect(r.receipts.every((receipt) => receipt.status === 200)).toBe(true)
      // The removal of a canned response carries what its last update carried (the reference shows
      // nothing telling them apart): the receiver takes it for a duplicate of the update.
      expect(r.receipts.filter((receipt) => receipt.outcome === "duplicate")).toEqual([
        {
          outcome: "duplicate",
          status: 200,
          eventType: "canned_response_changed",
          record: `canned_response/${canned.id}`
        }
      ])
      expect(r.events).toHaveLength(2 + 2 + 1 + 1 + 1 + 2)

      const started = byType("chat_started") as ReadonlyArray<WebhookEvent.ChatStarted>
      expect(started.map((e) => e.chat?.id).sort()).toEqual(chats.map((c) => c.id).sort())
      expect(started.every((e) => e.chat?.ended_timestamp === undefined)).toBe(true)
      expect(started.every((e) => e.visitor !== undefined && Array.isArray(e.pre_chat_survey))).toBe(true)

      const ended = byType("chat_ended") as ReadonlyArray<WebhookEvent.ChatEnded>
      for (const chat of chats) {
        const event = ended.find((e) => e.chat?.id === chat.id)!
        expect(event.chat?.ended_timestamp).toBe(chat.ended_timestamp)
        expect(event.chat?.messages.map((m) => m.text)).toEqual(chat.messages.map((m) => m.text))
        // Only the data types asked for.
        expect(event.visitor).toBeUndefined()
        expect(event.pre_chat_survey).toBeUndefined()
      }

      const changed = byType("chat_changed")[0] as WebhookEvent.ChatChanged
      expect(changed.chat?.id).toBe(chats[0].id)
      expect(changed.chat?.tags).toEqual(["vip", "sales"])
      expect(changed.visitor?.id).toBe(chats[0].visitor.id)

      expect((byType("visitor_queued")[0] as WebhookEvent.VisitorQueued).visitor?.id).toBe(visitor.id)

      const created = (byType("ticket_created")[0] as WebhookEvent.TicketCreated).ticket!
      expect(created.id).toBe(ticket.id)
      expect(created.requester.mail).toBe("mary@example.com")
      expect(created.groups.every((g) => typeof g === "object" && typeof g.name === "string")).toBe(true)
      expect(created.events[0].date).toBeInstanceOf(Date)
      expect(created.events[0].date.getTime() / 1000).toBe(
        typeof ticket.events[0].date === "number"
          ? ticket.events[0].date
          : Date.parse(String(ticket.events[0].date)) / 1000
      )

      const responses = byType("canned_response_changed") as ReadonlyArray<WebhookEvent.CannedResponseChanged>
      expect(responses.map((e) => e.canned_response?.text)).toEqual(["Hello!", "Hello there!"])

      for (const event of r.events) {
        expect(Redacted.value(event.token)).toBe(Redacted.value(fake.credentials.token))
        expect(Redacted.value(event.license_id)).toBe(String(fake.credentials.licenseId))
      }
    }).pipe(Effect.provide(fakeLayer())))

  it.scopedLive("a handler that fails gets the delivery again until it succeeds, handed over once", () =>
    Effect.gen(function*() {
      const r = yield* receiver(0, { failing: 3 })
      const fake = yield* LiveChatFake.LiveChatFake
      yield* r.register("chat_ended", ["chat"])
      const [chat] = yield* fake.addChats(1)
      yield* fake.webhooks.settled
      expect(idsOf(r.events)).toEqual([chat.id])
      const attempts = (yield* fake.webhooks.attempts).map((a) => a.outcome)
      expect(attempts).toEqual([500, 500, 500, 200])
    }).pipe(Effect.provide(fakeLayer())))

  it.scopedLive("wrong credentials are refused (and retried) until the webhook is deleted", () =>
    Effect.gen(function*() {
      const r = yield* receiver()
      const fake = yield* LiveChatFake.LiveChatFake
      const created = yield* r.register("chat_ended", ["chat"], "not the password")
      yield* fake.addChats(1)
      yield* eventually(() => Effect.runSync(fake.webhooks.attempts).filter((a) => a.outcome === 401).length >= 3)
      const webhook = created.events.find((w) => w.url.includes("not%20the%20password"))!
      yield* Webhooks.remove({ id: webhook.id })
      yield* fake.webhooks.settled
      expect(r.events).toHaveLength(0)
      expect(r.receipts.every((receipt) => receipt.outcome === "unauthorized")).toBe(true)
    }).pipe(Effect.provide(fakeLayer())))

  it.scopedLive("duplicate deliveries: sent twice, handed over once", () =>
    Effect.gen(function*() {
      const r = yield* receiver()
      const fake = yield* LiveChatFake.LiveChatFake
      yield* r.register("chat_ended", ["chat", "visitor"])
      const chats = yield* fake.addChats(3)
      yield* fake.webhooks.settled
      const attempts = yield* fake.webhooks.attempts
      expect(attempts.filter((a) => a.outcome === 200 && a.duplicate)).toHaveLength(3)
      expect(idsOf(r.events).sort()).toEqual(chats.map((c) => c.id).sort())
      expect(r.receipts.filter((receipt) => receipt.outcome === "duplicate")).toHaveLength(3)
    }).pipe(Effect.provide(fakeLayer({ faults: { duplicateRate: 1 } }))))

  it.scopedLive("out of order: a delivery held back arrives after the next one", () =>
    Effect.gen(function*() {
      const r = yield* receiver()
      const fake = yield* LiveChatFake.LiveChatFake
      yield* r.register("chat_ended", ["chat"])
      const chats = yield* fake.addChats(4)
      yield* fake.webhooks.settled
      const order = idsOf(r.events)
      expect([...order].sort()).toEqual(chats.map((c) => c.id).sort())
      // The first and third were held back until the second and fourth were delivered.
      expect(order.indexOf(chats[0].id)).toBeGreaterThan(order.indexOf(chats[1].id))
      expect(order.indexOf(chats[2].id)).toBeGreaterThan(order.indexOf(chats[3].id))
    }).pipe(Effect.provide(fakeLayer({ faults: { reorderRate: 1 } }))))

  it.scopedLive("delayed deliveries all arrive", () =>
    Effect.gen(function*() {
      const r = yield* receiver()
      const fake = yield* LiveChatFake.LiveChatFake
      yield* r.register("chat_ended", ["chat"])
      const chats = yield* fake.addChats(5)
      yield* fake.webhooks.settled
      expect(idsOf(r.events).sort()).toEqual(chats.map((c) => c.id).sort())
    }).pipe(Effect.provide(fakeLayer({ faults: { delay: { min: "5 millis", max: "60 millis" } } }))))

  it.scopedLive("lost deliveries are never sent", () =>
    Effect.gen(function*() {
      const r = yield* receiver()
      const fake = yield* LiveChatFake.LiveChatFake
      yield* r.register("chat_ended", ["chat"])
      yield* fake.addChats(3)
      yield* fake.webhooks.settled
      expect(r.events).toHaveLength(0)
      expect((yield* fake.webhooks.attempts).map((a) => a.outcome)).toEqual(["dropped", "dropped", "dropped"])
    }).pipe(Effect.provide(fakeLayer({ faults: { dropRate: 1 } }))))

  it.scopedLive("a receiver down for a while gets every delivery once it is back", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      // Up, to learn its port and register; then down.
      const first = yield* Scope.make()
      const up = yield* receiver().pipe(Scope.extend(first))
      yield* up.register("chat_ended", ["chat"])
      yield* Scope.close(first, Exit.void)
      const chats = yield* fake.addChats(2)
      yield* eventually(() =>
        Effect.runSync(fake.webhooks.attempts).filter((a) => a.outcome === "unreachable").length >= 4
      )
      // Back, on the same port.
      const back = yield* receiver(up.port)
      yield* fake.webhooks.settled
      expect(idsOf(back.events).sort()).toEqual(chats.map((c) => c.id).sort())
      expect(up.events).toHaveLength(0)
    }).pipe(Effect.provide(fakeLayer())))

  it.scopedLive("only to this machine, unless told otherwise; the seeded webhook is never sent", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      yield* Webhooks.create({ event_type: "chat_ended", data_types: ["chat"], url: "https://example.com/hooks" })
      yield* fake.addChats(1)
      yield* fake.webhooks.settled
      // The seeded webhook (chat_started, my-company.com) is not delivered to at all.
      expect((yield* fake.webhooks.attempts).map((a) => [a.eventType, a.outcome])).toEqual([["chat_ended", "not sent"]])
    }).pipe(Effect.provide(fakeLayer())))
})
