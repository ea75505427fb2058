/** Contract: tickets — create → get → list (filters, order) → tags. */
import { Tickets } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Tickets: create → get → list → updateTags", () =>
    Effect.gen(function*() {
      const created = yield* Tickets.create({
        subject: "I have a problem",
        message: "Hi, I have a problem with my shoes.",
        requester: { mail: "mary.brown@email.com", name: "Mary Brown" }
      })
      expect(created).toMatchObject({
        status: "open",
        subject: "I have a problem",
        requester: { mail: "mary.brown@email.com" }
      })
      expect(yield* Tickets.get({ ticket_id: created.id })).toEqual(created)
      const mine = yield* Tickets.list({ requester: { mail: "mary.brown@email.com" } })
      expect(mine.tickets.map((t) => t.id)).toEqual([created.id])
      const newest = yield* Tickets.list()
      expect(newest.tickets[0].id).toBe(created.id)
      const tagged = yield* Tickets.updateTags({ ticket_id: created.id, tag: ["shoes"] })
      expect(tagged.tickets[0].tags).toEqual(["shoes"])
      expect((yield* Tickets.list({ tag: "shoes" })).tickets.map((t) => t.id)).toEqual([created.id])
      expect((yield* Effect.flip(Tickets.get({ ticket_id: "NOPE" })))._tag).toBe("NotFound")
    }))

  it.effect("Tickets: pages, order and filters", () =>
    Effect.gen(function*() {
      const desc = yield* Tickets.list()
      expect(desc.total).toBeGreaterThanOrEqual(60)
      expect(desc.pages).toBe(Math.ceil(desc.total / 25))
      const asc = yield* Tickets.list({ order: "asc" })
      expect(asc.tickets[0].id).not.toBe(desc.tickets[0].id)
      const all = (yield* Effect.forEach(Array.from({ length: desc.pages }, (_, i) => i + 1), (page) =>
        Tickets.list({ page })))
        .flatMap((p) =>
          p.tickets
        )
      expect(all).toHaveLength(desc.total)
      const count = (predicate: (t: (typeof all)[number]) => boolean) => all.filter(predicate).length
      expect((yield* Tickets.list({ status: "solved" })).total).toBe(count((t) => t.status === "solved"))
      expect((yield* Tickets.list({ assigned: 0 })).total).toBe(count((t) => t.assignee === undefined))
      expect((yield* Tickets.list({ source: "mail" })).total).toBe(count((t) => t.source.type === "mail"))
      const assignee = all.find((t) => t.assignee !== undefined)!.assignee!.id
      expect((yield* Tickets.list({ assignee })).total).toBe(count((t) => t.assignee?.id === assignee))
    }))
}
