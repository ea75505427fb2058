/** Contract: greetings — listed by group; create → get → update (name, message, active, rules) → remove → 404. */
import { Greetings } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Greetings: create → get → update → list → remove → 404", () =>
    Effect.gen(function*() {
      const created = yield* Greetings.create({
        name: "my custom invitation",
        group: 1,
        rules: [
          { type: "visit_time_page", value: 15, operator: "greater_than" },
          { type: "custom_variable", variable_name: "empty_cart", variable_value: "true" },
          { type: "url_funnel", urls: [{ url: "mystore.com/shoes" }, { url: "cart", operator: "contains" }] }
        ]
      })
      expect(created).toMatchObject({
        name: "my custom invitation",
        active: true,
        group: 1,
        rules: [
          { type: "visit_time_page", value: 15, operator: "greater_than", condition: "and" },
          // The operator defaults to `equals`.
          { type: "custom_variable", variable_name: "empty_cart", variable_value: "true", operator: "equals" },
          {
            type: "url_funnel",
            urls: [{ url: "mystore.com/shoes", operator: "equals" }, { url: "cart", operator: "contains" }]
          }
        ],
        properties: { active: "1", "greeting-message_text": "Hello, would you like to talk about our products?" }
      })
      const ruleIds = created.rules.map((r) => r.id)
      expect(new Set(ruleIds).size).toBe(3)
      const id = created.id
      expect(yield* Greetings.get({ greeting_id: id })).toEqual(created)

      const renamed = yield* Greetings.update({
        greeting_id: id,
        name: "athletic shoes",
        properties: { "greeting-message_text": "Hi, are you looking for some athletic shoes" }
      })
      expect(renamed).toMatchObject({
        name: "athletic shoes",
        active: true,
        properties: { active: "1", "greeting-message_text": "Hi, are you looking for some athletic shoes" }
      })
      expect(renamed.rules).toEqual(created.rules)

      const inactive = yield* Greetings.update({ greeting_id: id, active: 0 })
      expect(inactive).toMatchObject({ active: false, name: "athletic shoes", properties: { active: "0" } })

      const ruled = yield* Greetings.update({
        greeting_id: id,
        rules: [{ type: "custom_variable", variable_name: "athletic_shoes", variable_value: "true" }]
      })
      expect(ruled.rules).toHaveLength(1)
      expect(ruled.rules[0]).toMatchObject({
        type: "custom_variable",
        variable_name: "athletic_shoes",
        operator: "equals"
      })
      expect(ruleIds).not.toContain(ruled.rules[0].id)
      expect(ruled).toMatchObject({ active: false, name: "athletic shoes" })
      expect(yield* Greetings.get({ greeting_id: id })).toEqual(ruled)

      expect((yield* Greetings.list({ group: 1 })).map((g) => g.id)).toContain(id)
      expect((yield* Greetings.list({ group: 0 })).map((g) => g.id)).not.toContain(id)
      expect((yield* Greetings.list()).map((g) => g.id)).toContain(id)

      expect((yield* Greetings.remove({ greeting_id: id })).ok).toBe(true)
      expect((yield* Effect.flip(Greetings.get({ greeting_id: id })))._tag).toBe("NotFound")
      expect((yield* Effect.flip(Greetings.update({ greeting_id: id, active: 1 })))._tag).toBe("NotFound")
      expect((yield* Greetings.list()).map((g) => g.id)).not.toContain(id)
    }))

  it.effect("Greetings: the seeded greetings; without a group every greeting is listed", () =>
    Effect.gen(function*() {
      const all = yield* Greetings.list()
      expect(all.map((g) => g.name)).toEqual(expect.arrayContaining(["Time on site: 5 sec", "Returning visitor"]))
      const returning = all.find((g) => g.name === "Returning visitor")!
      expect(returning.rules[0]).toMatchObject({ type: "visits_number", value: 2, operator: "greater_or_equal" })
      expect(returning.properties["greeting-message_text"]).toBe("Hello again!")
      const inGroup1 = yield* Greetings.list({ group: 1 })
      expect(inGroup1.every((g) => g.group === 1)).toBe(true)
      expect(inGroup1.map((g) => g.id)).toContain(returning.id)
      const error = yield* Effect.flip(
        Greetings.create({ name: "x", group: 42, rules: [{ type: "visits_number", value: 1 }] })
      )
      expect(error._tag).toBe("BadRequest")
    }))
}
