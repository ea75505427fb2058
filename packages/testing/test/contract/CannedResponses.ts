/** Contract: canned responses — listed by group, create → get → update → list → remove → 404. */
import { CannedResponses } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

const owner = "john.doe@mycompany.com"

export const section: Section = (it) => {
  it.effect("CannedResponses: create → get → update → list → remove → 404", () =>
    Effect.gen(function*() {
      const created = yield* CannedResponses.create({ text: "Have a great day, goodbye.", tags: ["bye", "cu"] })
      expect(created).toMatchObject({
        group: 0,
        text: "Have a great day, goodbye.",
        tags: ["bye", "cu"],
        created_by: owner
      })
      // The fake's clock starts at the seed's end (2026-01-01).
      expect(created.creation_date).toBeGreaterThanOrEqual(Date.parse("2026-01-01T00:00:00Z") / 1000)
      expect(created.modification_date).toBeUndefined()
      expect(created.modified_by).toBeUndefined()
      const id = created.id
      expect(yield* CannedResponses.get({ canned_response_id: id })).toEqual(created)

      const updated = yield* CannedResponses.update({ canned_response_id: id, tags: ["bye"] })
      expect(updated).toMatchObject({ id, text: "Have a great day, goodbye.", tags: ["bye"], modified_by: owner })
      expect(updated.creation_date).toBe(created.creation_date)
      expect(updated.modification_date).toBeGreaterThanOrEqual(created.creation_date)
      expect(yield* CannedResponses.get({ canned_response_id: id })).toEqual(updated)

      // Without a group, the list is group 0's.
      expect((yield* CannedResponses.list()).map((r) => r.id)).toContain(id)
      expect((yield* CannedResponses.list({ group: 1 })).map((r) => r.id)).not.toContain(id)

      expect((yield* CannedResponses.remove({ canned_response_id: id })).result).toBe(
        "Canned response removed successfully"
      )
      expect((yield* Effect.flip(CannedResponses.get({ canned_response_id: id })))._tag).toBe("NotFound")
      expect((yield* Effect.flip(CannedResponses.remove({ canned_response_id: id })))._tag).toBe("NotFound")
      expect((yield* CannedResponses.list()).map((r) => r.id)).not.toContain(id)
    }))

  it.effect("CannedResponses: seeded per group; a group's responses; an unknown group is 400", () =>
    Effect.gen(function*() {
      const all = yield* CannedResponses.list()
      expect(all.length).toBeGreaterThanOrEqual(2)
      expect(all.every((r) => r.group === 0)).toBe(true)
      const sales = yield* CannedResponses.list({ group: 1 })
      expect(sales).toHaveLength(1)
      expect(sales[0]).toMatchObject({ group: 1, text: "What product are you interested in?", created_by: owner })
      expect(sales[0].modified_by).toBeDefined()
      expect(sales[0].modification_date).toBeGreaterThan(sales[0].creation_date)

      const created = yield* CannedResponses.create({ text: "Hi from sales", tags: ["hi"], group: 1 })
      expect((yield* CannedResponses.list({ group: 1 })).map((r) => r.id)).toEqual([sales[0].id, created.id])
      yield* CannedResponses.remove({ canned_response_id: created.id })

      const error = yield* Effect.flip(CannedResponses.create({ text: "x", tags: ["x"], group: 99 }))
      expect(error._tag).toBe("BadRequest")
      expect(error.message).toContain("99")
    }))
}
