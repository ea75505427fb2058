/** Contract: the chat archive — pagination, filters, get, tags, transcripts. */
import { Archives } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Archives: pages of 25, newest first, with total and pages", () =>
    Effect.gen(function*() {
      const first = yield* Archives.list()
      expect(first.total).toBe(120)
      expect(first.pages).toBe(5)
      expect(first.chats).toHaveLength(25)
      const last = yield* Archives.list({ page: 5 })
      expect(last.chats).toHaveLength(20)
      const all = [...first.chats, ...(yield* Archives.list({ page: 2 })).chats]
      for (let i = 1; i < all.length; i++) {
        expect(all[i - 1].started_timestamp).toBeGreaterThanOrEqual(all[i].started_timestamp)
      }
      expect(new Set(all.map((c) => c.id)).size).toBe(all.length)
      expect((yield* Archives.list({ page: 6 })).chats).toHaveLength(0)
    }))

  it.effect("Archives: get a chat; an unknown id is 404", () =>
    Effect.gen(function*() {
      const [chat] = (yield* Archives.list()).chats
      expect(yield* Archives.get({ chat_id: chat.id })).toEqual(chat)
      expect((yield* Effect.flip(Archives.get({ chat_id: "NOPE" })))._tag).toBe("NotFound")
    }))

  it.effect("Archives: tags added to a chat show in the chat and in the tag filter", () =>
    Effect.gen(function*() {
      const [chat] = (yield* Archives.list({ page: 3 })).chats
      const updated = yield* Archives.updateTags({ chat_id: chat.id, tag: ["vip", "refund"] })
      expect(updated.chats[0].tags).toEqual(["vip", "refund"])
      expect((yield* Archives.get({ chat_id: chat.id })).tags).toEqual(["vip", "refund"])
      const tagged = yield* Archives.list({ tag: ["vip"] })
      expect(tagged.chats.map((c) => c.id)).toEqual([chat.id])
    }))

  it.effect("Archives: filters (dates, agent, group, rate, has_goal, tagged, query, visitor_id)", () =>
    Effect.gen(function*() {
      const all = (yield* Effect.forEach([1, 2, 3, 4, 5], (page) => Archives.list({ page }))).flatMap((p) => p.chats)
      const count = (predicate: (c: (typeof all)[number]) => boolean) => all.filter(predicate).length

      const agent = all[0].agents[0].email
      expect((yield* Archives.list({ agent })).total).toBe(count((c) => c.agents[0].email === agent))
      expect((yield* Archives.list({ group: 1 })).total).toBe(count((c) => c.group[0] === 1))
      expect((yield* Archives.list({ rate: "rated_good" })).total).toBe(count((c) => c.rate === "rated_good"))
      expect((yield* Archives.list({ rate: "rated" })).total).toBe(count((c) => c.rate !== "not_rated"))
      expect((yield* Archives.list({ has_goal: 1 })).total).toBe(count((c) => (c.goals?.length ?? 0) > 0))
      expect((yield* Archives.list({ tagged: 0 })).total).toBe(count((c) => c.tags.length === 0))
      expect((yield* Archives.list({ visitor_id: all[7].visitor.id })).chats.map((c) => c.id)).toEqual([all[7].id])
      const word = all[0].messages[0].text.split(" ")[0]
      expect((yield* Archives.list({ query: word })).total).toBe(
        count((c) => c.messages.some((m) => m.text.toLowerCase().includes(word.toLowerCase())))
      )
      // Days of the license's time zone (the fake's default, America/Phoenix: UTC−7 all year).
      const dayOf = (seconds: number) => new Date((seconds - 7 * 3600) * 1000).toISOString().slice(0, 10)
      const day = dayOf(all[60].started_timestamp)
      const onDay = yield* Archives.list({ date_from: day, date_to: day })
      expect(onDay.total).toBe(count((c) => dayOf(c.started_timestamp) === day))
      expect(onDay.total).toBeGreaterThan(0)
    }))

  it.effect("Archives: sendTranscript answers as the reference; an unknown chat is 404", () =>
    Effect.gen(function*() {
      const [chat] = (yield* Archives.list()).chats
      const sent = yield* Archives.sendTranscript({ chat_id: chat.id, to: "john.doe@mycompany.com" })
      expect(sent.result).toBe("E-mail has been sent to john.doe@mycompany.com.")
      expect((yield* Effect.flip(Archives.sendTranscript({ chat_id: "NOPE", to: "a@b.c" })))._tag).toBe("NotFound")
    }))
}
