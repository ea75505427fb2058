/**
 * The sync's push mode against the served fake, on SQLite: the fake delivers its webhooks (lost,
 * duplicated and out of order) to the receiver `Push.listen` serves; what is delivered is in the
 * mirror without a poll, and after the next poll the mirror equals the server. Forged deliveries
 * write nothing the server does not hold; registration is idempotent; no password is stored.
 */
import { Archives, CannedResponses, Tickets, Webhooks } from "@effect-livechat/resources"
import { Push, Sync } from "@effect-livechat/sync"
import type { LiveChatFake } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Layer, Redacted } from "effect"
import { database, expectExact, rowsOf, served } from "./support.js"

const username = "mirror"
const password = "push mode password 7f1c"

const setup = (faults: LiveChatFake.WebhookFaults) =>
  Effect.gen(function*() {
    const { client, fake } = yield* served({
      seed: { chats: 30, tickets: 8, from: "2026-01-01", to: "2026-01-20" },
      webhooks: { retry: { initial: "10 millis", max: "100 millis" }, faults }
    })
    const db = yield* database("sqlite")
    const pushes: Array<Push.Pushed> = []
    const listening = yield* Deferred.make<string>()
    const firstPoll = yield* Deferred.make<void>()
    const context = Layer.succeedContext(client).pipe(Layer.merge(Layer.succeedContext(db.context)))
    const fiber = yield* Push.listen({
      receiver: {
        username,
        password: Redacted.make(password),
        licenseId: fake.credentials.licenseId,
        host: "127.0.0.1"
      },
      register: {},
      interval: "1 hour",
      onListening: (server) => Deferred.succeed(listening, server.url),
      onPush: (pushed) => Effect.sync(() => pushes.push(pushed)),
      onPoll: () => Deferred.succeed(firstPoll, undefined)
    }).pipe(Effect.provide(context), Effect.forkScoped)
    const url = yield* Deferred.await(listening)
    yield* Deferred.await(firstPoll)
    return { client: context, db, fake, fiber, pushes, url }
  })

describe("push mode", () => {
  it.scopedLive("lost, duplicated and out-of-order deliveries: pushed rows are the server's, and the next poll makes it exact", () =>
    Effect.gen(function*() {
      const { client, db, fake, pushes } = yield* setup({ dropRate: 0.3, duplicateRate: 0.3, reorderRate: 0.3 })
      yield* expectExact(db.sql, fake)
      // Things happen in LiveChat.
      const chats = yield* fake.addChats(12)
      yield* Effect.gen(function*() {
        for (const chat of chats.slice(0, 3)) yield* Archives.updateTags({ chat_id: chat.id, tag: ["pushed"] })
        for (let i = 0; i < 3; i++) {
          yield* Tickets.create({ message: `help ${i}`, requester: { mail: `r${i}@example.com` } })
        }
        const a = yield* CannedResponses.create({ text: "A", tags: ["a"] })
        const b = yield* CannedResponses.create({ text: "B", tags: ["b"] })
        yield* CannedResponses.update({ canned_response_id: a.id, text: "A2" })
        yield* CannedResponses.remove({ canned_response_id: b.id })
      }).pipe(Effect.provide(client))
      yield* fake.webhooks.settled
      const attempts = yield* fake.webhooks.attempts
      // The knobs did their work.
      expect(attempts.some((a) => a.outcome === "dropped")).toBe(true)
      expect(attempts.some((a) => a.duplicate && a.outcome === 200)).toBe(true)

      // Without a poll: every chat whose chat_ended was delivered is in the mirror, as the server has
      // it (but for the three whose tags changed: a lost chat_changed leaves their old tags until the poll).
      const rows = yield* rowsOf(db.sql, "livechat_chats", "id")
      const delivered = new Set(
        attempts.filter((a) => a.eventType === "chat_ended" && a.outcome === 200).map((a) => a.record.slice(5))
      )
      expect(delivered.size).toBeGreaterThan(0)
      for (const chat of chats.slice(3).filter((c) => delivered.has(c.id))) {
        const server = fake.state.chats.get(fake.state.chats.find(chat.id)!)
        expect(rows.get(chat.id)?.record).toEqual(JSON.parse(JSON.stringify(server)))
      }
      expect(pushes.filter((p) => p.outcome === "written").length).toBeGreaterThan(0)
      // A lost delivery left its record out until the next poll.
      const lost = chats.filter((c) =>
        !delivered.has(c.id) && !attempts.some((a) => a.record === `chat/${c.id}` && a.outcome === 200)
      )
      for (const chat of lost) expect(rows.has(chat.id)).toBe(false)

      // The next poll: exact.
      yield* Sync.run().pipe(Effect.provide(client), Effect.provide(db.context))
      yield* expectExact(db.sql, fake)
    }))

  it.scopedLive("forged deliveries write nothing the server does not hold", () =>
    Effect.gen(function*() {
      const { db, fake, url } = yield* setup({})
      const existing = fake.chatAt(5)
      const forge = (body: unknown) =>
        Effect.promise(() =>
          fetch(url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`
            },
            body: JSON.stringify(body)
          }).then((r) => r.status)
        )
      const credentials = { token: "forged", license_id: String(fake.credentials.licenseId) }
      expect(
        yield* forge({
          ...credentials,
          event_type: "chat_changed",
          chat: { id: existing.id, started_timestamp: 1, messages: [], tags: ["forged"] }
        })
      ).toBe(200)
      expect(
        yield* forge({
          ...credentials,
          event_type: "chat_ended",
          chat: { id: "NOSUCHCHAT", started_timestamp: 1, messages: [], tags: [] }
        })
      ).toBe(200)
      expect(
        yield* forge({
          ...credentials,
          event_type: "canned_response_changed",
          canned_response: { id: 999_999, group: 0, text: "forged", tags: [] }
        })
      ).toBe(200)
      // Still exactly the server's data.
      yield* expectExact(db.sql, fake)
    }))

  it.scopedLive("registration is idempotent, and the mirror never stores the URL's password", () =>
    Effect.gen(function*() {
      const { client, db, fake, url } = yield* setup({})
      const registered = Push.withCredentials(url, { username, password })
      expect(yield* Push.register(registered).pipe(Effect.provide(client))).toBe(0)
      const list = (yield* Webhooks.list().pipe(Effect.provide(client))).events
      expect(list.filter((w) => w.url === registered).map((w) => w.event_type).sort()).toEqual(
        Push.webhooks.map((w) => w.event_type).sort()
      )
      yield* Sync.run({ resources: ["webhooks"] }).pipe(Effect.provide(client), Effect.provide(db.context))
      const rows = yield* db.sql<{ url: string; record: string }>`SELECT url, record FROM livechat_webhooks`
      expect(rows.length).toBe(fake.state.webhooks.size)
      expect(JSON.stringify(rows)).not.toContain(encodeURIComponent(password))
      expect(JSON.stringify(rows)).not.toContain(password)
    }))
})
