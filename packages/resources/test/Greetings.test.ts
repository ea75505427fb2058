/**
 * Greetings: invalid inputs (and invalid rules) are refused before anything is sent; rules and
 * properties are written with PHP-style brackets and round-trip.
 */
import { Wire } from "@effect-livechat/core"
import { Greetings } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { refused, sampleLayer, sent, unchecked } from "./support.js"

const name = "my custom invitation"

describe("Greetings", () => {
  it.effect("list: a group that is not a whole number is refused, nothing sent", () =>
    refused(Greetings.list({ group: 1.5 }), "group").pipe(Effect.provide(sampleLayer("Greetings/list.json"))))

  it.effect("get: an unsafe id (../x) is refused, nothing sent", () =>
    refused(unchecked(Greetings.get, { greeting_id: "../x" }), "greeting_id").pipe(
      Effect.provide(sampleLayer("Greetings/get.json"))
    ))

  it.effect("create: missing rules are refused, nothing sent", () =>
    refused(unchecked(Greetings.create, { name }), "rules").pipe(
      Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))
    ))

  it.effect("create: an empty list of rules is refused, nothing sent", () =>
    refused(Greetings.create({ name, rules: [] }), "rules").pipe(
      Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))
    ))

  it.effect("create: an unknown rule type is refused, nothing sent", () =>
    refused(unchecked(Greetings.create, { name, rules: [{ type: "time_on_site", value: 5 }] }), "rules.0.type").pipe(
      Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))
    ))

  it.effect("create: a wrong operator is refused, nothing sent", () =>
    refused(
      unchecked(Greetings.create, { name, rules: [{ type: "visits_number", value: 2, operator: "at_least" }] }),
      "rules.0.operator"
    ).pipe(Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))))

  it.effect("create: a numeric rule with a text value is refused, nothing sent", () =>
    refused(
      unchecked(Greetings.create, { name, rules: [{ type: "visit_time_page", value: "a while" }] }),
      "rules.0.value"
    ).pipe(Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))))

  it.effect("create: a custom_variable rule without variable_name is refused, nothing sent", () =>
    refused(
      unchecked(Greetings.create, { name, rules: [{ type: "custom_variable", variable_value: "true" }] }),
      "rules.0.variable_name"
    ).pipe(Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))))

  it.effect("create: a url_funnel rule without urls is refused, nothing sent", () =>
    refused(Greetings.create({ name, rules: [{ type: "url_funnel", urls: [] }] }), "rules.0.urls").pipe(
      Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))
    ))

  it.effect("create: a funnel URL without url is refused, nothing sent", () =>
    refused(
      unchecked(Greetings.create, {
        name,
        rules: [{ type: "url_funnel", urls: [{ url: "a" }, { operator: "equals" }] }]
      }),
      "rules.0.urls.1.url"
    ).pipe(Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))))

  it.effect("update: a flag other than 0/1 is refused, nothing sent", () =>
    refused(unchecked(Greetings.update, { greeting_id: 2491, active: 5 }), "active").pipe(
      Effect.provide(sampleLayer("Greetings/update.change-rules.json"))
    ))

  it.effect("remove: a zero id is refused, nothing sent", () =>
    refused(Greetings.remove({ greeting_id: 0 }), "greeting_id").pipe(
      Effect.provide(sampleLayer("Greetings/remove.json"))
    ))

  it.effect("update: properties with dashed names are written properties[greeting-message_text] and read back", () =>
    Effect.gen(function*() {
      yield* Greetings.update({
        greeting_id: 2491,
        name: "athletic shoes",
        properties: { "greeting-message_text": "Hello, runner!" }
      })
      const [request] = yield* sent
      expect(request.method).toBe("PUT")
      expect(request.url.pathname).toBe("/greetings/2491")
      expect(request.body).toBe("name=athletic+shoes&properties[greeting-message_text]=Hello%2C+runner!")
      const wire = Wire.decodeForm(request.body ?? "")
      expect(Schema.decodeUnknownSync(Greetings.UpdateInput)({ ...wire, greeting_id: "2491" })).toEqual({
        greeting_id: 2491,
        name: "athletic shoes",
        properties: { "greeting-message_text": "Hello, runner!" }
      })
    }).pipe(Effect.provide(sampleLayer("Greetings/update.change-rules.json"))))

  it.effect("create: rules are written indexed, funnel URLs nested, numbers as text", () =>
    Effect.gen(function*() {
      yield* Greetings.create({
        name,
        rules: [
          { type: "visit_time_page", value: 15, operator: "greater_than" },
          { type: "url_funnel", urls: [{ url: "mystore.com/shoes" }, { url: "cart", operator: "contains" }] }
        ]
      })
      const [request] = yield* sent
      expect(Wire.decodePairs(request.body ?? "")).toEqual([
        ["name", name],
        ["rules[0][type]", "visit_time_page"],
        ["rules[0][value]", "15"],
        ["rules[0][operator]", "greater_than"],
        ["rules[1][type]", "url_funnel"],
        ["rules[1][urls][0][url]", "mystore.com/shoes"],
        ["rules[1][urls][1][url]", "cart"],
        ["rules[1][urls][1][operator]", "contains"]
      ])
    }).pipe(Effect.provide(sampleLayer("Greetings/create.greeting-rules.json"))))

  it.effect("get: rule values sent as text (\"15\") are read as numbers for numeric rules", () =>
    Effect.gen(function*() {
      const greeting = yield* Greetings.get({ greeting_id: 2471 })
      expect(greeting.rules.map((rule) => rule.type)).toEqual(["custom_variable", "visit_time_site", "url_current"])
      const [, time, url] = greeting.rules
      expect(time.type === "visit_time_site" ? time.value : undefined).toBe(15)
      expect(url.type === "url_current" ? url.value : undefined).toBe("shoes")
      expect(greeting.properties["greeting-message_text"]).toBe("Hello, would you like to talk about our products?")
    }).pipe(Effect.provide(sampleLayer("Greetings/create.multiple-rules.json"))))
})
