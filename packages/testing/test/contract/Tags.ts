/** Contract: tags — counts computed from the chats and tickets; create → list → remove → 404. */
import { Archives, Tags, Tickets } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { expect } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import type { Section } from "./harness.js"

const owner = "john.doe@mycompany.com"

/** Every chat and ticket of the archives, read page by page through the API. */
const everything = Effect.gen(function*() {
  const pages = (n: number) => Array.from({ length: n }, (_, i) => i + 1)
  const firstChats = yield* Archives.list()
  const chats = (yield* Effect.forEach(pages(firstChats.pages), (page) => Archives.list({ page }))).flatMap((p) =>
    p.chats
  )
  const firstTickets = yield* Tickets.list()
  const tickets = (yield* Effect.forEach(pages(firstTickets.pages), (page) => Tickets.list({ page }))).flatMap((p) =>
    p.tickets
  )
  expect(chats).toHaveLength(firstChats.total)
  expect(tickets).toHaveLength(firstTickets.total)
  return { chats, tickets }
})

/** The expected count of a tag: group 0 counts every chat and ticket, another group its own. */
const expected = (
  all: Effect.Effect.Success<typeof everything>,
  name: string,
  group: number
) => ({
  inChats: all.chats.filter((c) => c.tags.includes(name) && (group === 0 || c.group[0] === group)).length,
  inTickets: all.tickets.filter((t) => {
    const own = typeof t.groups[0] === "number" ? t.groups[0] : t.groups[0]?.id
    return (t.tags ?? []).includes(name) && (group === 0 || own === group)
  }).length
})

export const section: Section = (it) => {
  it.effect("Tags: the seeded tags, with counts computed from the chats and tickets", () =>
    Effect.gen(function*() {
      const all = yield* everything
      const tags = yield* Tags.list()
      expect(tags.filter((t) => t.group === 0).map((t) => t.name)).toEqual(
        expect.arrayContaining(["sales", "support", "feedback"])
      )
      for (const tag of tags) expect(tag.count).toEqual(expected(all, tag.name, tag.group))
      const sales = tags.find((t) => t.name === "sales" && t.group === 0)!
      expect(sales.count.inChats).toBeGreaterThan(0)
      expect(sales.count.inTickets).toBeGreaterThan(0)
      expect(sales.author).toBe(owner)

      const group1 = yield* Tags.list({ group: 1 })
      expect(group1.length).toBeGreaterThan(0)
      expect(group1.every((t) => t.group === 1)).toBe(true)
      const sales1 = group1.find((t) => t.name === "sales")!
      expect(sales1.count.inChats).toBeLessThan(sales.count.inChats)
    }))

  it.effect("Tags: create → list → remove → 404; duplicates are 400", () =>
    Effect.gen(function*() {
      const created = yield* Tags.create({ tag: "shipping", author: owner, group: 1 })
      expect(created).toMatchObject({ name: "shipping", author: owner, group: 1, count: { inChats: 0, inTickets: 0 } })
      expect((yield* Tags.list({ group: 1 })).map((t) => t.name)).toContain("shipping")
      expect((yield* Tags.list({ group: 2 })).map((t) => t.name)).not.toContain("shipping")

      const duplicate = yield* Effect.flip(Tags.create({ tag: "shipping", author: owner, group: 1 }))
      expect(duplicate._tag).toBe("BadRequest")
      expect(duplicate.message).toContain("already exists")
      // The same name in another group is another tag.
      yield* Tags.create({ tag: "shipping", author: owner, group: 2 })

      expect((yield* Tags.remove({ tag: "shipping", group: 1 })).ok).toBe(true)
      expect((yield* Tags.list({ group: 1 })).map((t) => t.name)).not.toContain("shipping")
      expect((yield* Tags.list({ group: 2 })).map((t) => t.name)).toContain("shipping")
      expect((yield* Effect.flip(Tags.remove({ tag: "shipping", group: 1 })))._tag).toBe("NotFound")
      yield* Tags.remove({ tag: "shipping", group: 2 })
    }))

  it.effect("Tags: a new tag counts the chats and tickets that already carry its name", () =>
    Effect.gen(function*() {
      // A chat that has tags (the update cannot restore an empty list).
      const chat = (yield* Archives.list({ page: 2 })).chats.find((c) => c.tags.length > 0)!
      yield* Archives.updateTags({ chat_id: chat.id, tag: [...chat.tags, "priority"] })
      const created = yield* Tags.create({ tag: "priority", author: owner, group: 0 })
      expect(created.count).toEqual(expected(yield* everything, "priority", 0))
      expect(created.count.inChats).toBeGreaterThanOrEqual(1)
      yield* Tags.remove({ tag: "priority", group: 0 })
      yield* Archives.updateTags({ chat_id: chat.id, tag: chat.tags })
    }))

  it.effect("Tags: only the owner and administrators may add tags; unknown groups and authors are 400", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const normal = Array.from(fake.state.agents.values()).find((a) => a.permission === "normal")!
      const response = yield* fake.handle({
        method: "POST",
        url: new URL("http://127.0.0.1/tags"),
        headers: {
          authorization: `Basic ${btoa(`${normal.login}:${Redacted.value(normal.api_key!)}`)}`,
          "content-type": "application/x-www-form-urlencoded",
          "x-api-version": "2"
        },
        body: `tag=forbidden&author=${encodeURIComponent(normal.login)}&group=1`
      })
      expect(response.status).toBe(403)
      expect((yield* Tags.list({ group: 1 })).map((t) => t.name)).not.toContain("forbidden")
      expect((yield* Effect.flip(Tags.create({ tag: "x", author: owner, group: 77 })))._tag).toBe("BadRequest")
      expect((yield* Effect.flip(Tags.create({ tag: "x", author: "nobody@x.y", group: 1 })))._tag).toBe("BadRequest")
    }))
}
