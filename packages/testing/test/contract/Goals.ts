/** Contract: goals — summaries and details by type, create → get → update → mark → remove → 404. */
import { Goals } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Goals: the list holds summaries; details keep their type's fields", () =>
    Effect.gen(function*() {
      const list = yield* Goals.list()
      // The seeded goals carry the ids the archived chats refer to.
      expect(list.map((g) => g.id)).toEqual(expect.arrayContaining([71, 72, 73]))
      expect(Object.keys(list[0]).sort()).toEqual(["active", "id", "name"])
      expect(yield* Goals.get({ goal_id: 72 })).toMatchObject({
        type: "custom_variable",
        custom_variable_name: "nike_shoes",
        custom_variable_value: "true"
      })
      expect(yield* Goals.get({ goal_id: 71 })).toMatchObject({ type: "url", match_type: "exact" })
      expect((yield* Goals.get({ goal_id: 73 })).type).toBe("api")
    }))

  it.effect("Goals: create → get → update → markAsSuccessful → list → remove → 404", () =>
    Effect.gen(function*() {
      const created = yield* Goals.create({
        name: "new goal",
        type: "url",
        url: "http://www.mystore.com/checkout/thank_you",
        match_type: "exact"
      })
      expect(created).toMatchObject({
        name: "new goal",
        active: 1,
        type: "url",
        url: "http://www.mystore.com/checkout/thank_you",
        match_type: "exact"
      })
      const id = created.id
      expect(yield* Goals.get({ goal_id: id })).toEqual(created)

      // Updates merge.
      const paused = yield* Goals.update({ goal_id: id, name: "new goal paused", active: 0 })
      expect(paused).toMatchObject({ id, name: "new goal paused", active: 0, type: "url", match_type: "exact" })
      const moved = yield* Goals.update({ goal_id: id, url: "http://www.mystore.com/done" })
      expect(moved).toMatchObject({ url: "http://www.mystore.com/done", match_type: "exact", name: "new goal paused" })
      // A field of another type without the type is refused.
      const stray = yield* Effect.flip(
        Goals.update({ goal_id: id, custom_variable_name: "a", custom_variable_value: "b" })
      )
      expect(stray._tag).toBe("BadRequest")
      expect(stray.message).toContain("custom_variable_name")
      // A new type replaces the type's fields.
      const retyped = yield* Goals.update({
        goal_id: id,
        type: "custom_variable",
        custom_variable_name: "cart",
        custom_variable_value: "full"
      })
      expect(retyped).toEqual(
        expect.objectContaining({ id, type: "custom_variable", custom_variable_name: "cart", active: 0 })
      )
      expect("url" in retyped).toBe(false)
      expect(yield* Goals.get({ goal_id: id })).toEqual(retyped)
      const api = yield* Goals.update({ goal_id: id, type: "api" })
      expect(Object.keys(api).sort()).toEqual(["active", "id", "name", "type"])

      const marked = yield* Goals.markAsSuccessful({
        goal_id: id,
        visitor_id: "S1281361958.2238ee3bd3",
        order_price: "199.00",
        order_currency: "USD"
      })
      expect(marked.result).toBe("goal marked as successful")
      const fake = yield* LiveChatFake.LiveChatFake
      expect(fake.state.goalSuccesses.get(id)?.map((s) => s.visitor_id)).toEqual(["S1281361958.2238ee3bd3"])

      expect((yield* Goals.list()).find((g) => g.id === id)).toEqual(
        expect.objectContaining({ id, name: "new goal paused", active: 0 })
      )
      expect((yield* Goals.remove({ goal_id: id })).result).toBe("goal removed successfully")
      expect((yield* Effect.flip(Goals.get({ goal_id: id })))._tag).toBe("NotFound")
      expect((yield* Effect.flip(Goals.update({ goal_id: id, name: "x" })))._tag).toBe("NotFound")
      expect((yield* Effect.flip(Goals.markAsSuccessful({ goal_id: id, visitor_id: "S1" })))._tag).toBe("NotFound")
      expect((yield* Goals.list()).map((g) => g.id)).not.toContain(id)
    }))

  it.effect("Goals: a url goal matches substrings by default; api goals have no other fields", () =>
    Effect.gen(function*() {
      const url = yield* Goals.create({ name: "cart", type: "url", url: "/cart" })
      expect(url).toMatchObject({ type: "url", url: "/cart", match_type: "substring", active: 1 })
      const api = yield* Goals.create({ name: "api", type: "api", active: 0 })
      expect(api).toMatchObject({ type: "api", active: 0 })
      expect(api.id).not.toBe(url.id)
      yield* Goals.remove({ goal_id: url.id })
      yield* Goals.remove({ goal_id: api.id })
    }))
}
