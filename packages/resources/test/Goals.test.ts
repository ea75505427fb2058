/**
 * Goals: invalid inputs (missing type-specific fields included) are refused before anything is
 * sent; a goal's details are read by `type`.
 */
import { Goal, Wire } from "@effect-livechat/core"
import { Goals } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { refused, sampleLayer, sent, unchecked } from "./support.js"

describe("Goals", () => {
  it.effect("get: an unsafe id (../x) is refused, nothing sent", () =>
    refused(unchecked(Goals.get, { goal_id: "../x" }), "goal_id").pipe(Effect.provide(sampleLayer("Goals/get.json"))))

  it.effect("remove: a negative id is refused, nothing sent", () =>
    refused(Goals.remove({ goal_id: -5 }), "goal_id").pipe(Effect.provide(sampleLayer("Goals/remove.json"))))

  it.effect("create: a missing name is refused, nothing sent", () =>
    refused(unchecked(Goals.create, { type: "api" }), "name").pipe(Effect.provide(sampleLayer("Goals/create.json"))))

  it.effect("create: an unknown type is refused, nothing sent", () =>
    refused(unchecked(Goals.create, { name: "x", type: "page" }), "type").pipe(
      Effect.provide(sampleLayer("Goals/create.json"))
    ))

  it.effect("create: type url without url is refused, nothing sent", () =>
    refused(unchecked(Goals.create, { name: "x", type: "url", match_type: "exact" }), "url").pipe(
      Effect.provide(sampleLayer("Goals/create.json"))
    ))

  it.effect("create: type custom_variable without custom_variable_value is refused, nothing sent", () =>
    refused(
      unchecked(Goals.create, { name: "x", type: "custom_variable", custom_variable_name: "cart" }),
      "custom_variable_value"
    ).pipe(Effect.provide(sampleLayer("Goals/create.json"))))

  it.effect("create: a url field with type api is refused, nothing sent", () =>
    refused(unchecked(Goals.create, { name: "x", type: "api", url: "thank_you" }), "url").pipe(
      Effect.provide(sampleLayer("Goals/create.json"))
    ))

  it.effect("create: a wrong match_type is refused, nothing sent", () =>
    refused(unchecked(Goals.create, { name: "x", type: "url", url: "thank_you", match_type: "prefix" }), "match_type")
      .pipe(Effect.provide(sampleLayer("Goals/create.json"))))

  it.effect("update: type url without url is refused, nothing sent", () =>
    refused(Goals.update({ goal_id: 2231, type: "url" }), "url").pipe(Effect.provide(sampleLayer("Goals/update.json"))))

  it.effect("update: a field of another type than the one given is refused, nothing sent", () =>
    refused(Goals.update({ goal_id: 2231, type: "api", match_type: "exact" }), "match_type").pipe(
      Effect.provide(sampleLayer("Goals/update.json"))
    ))

  it.effect("update: fields of two types are refused, nothing sent", () =>
    refused(Goals.update({ goal_id: 2231, url: "thank_you", custom_variable_name: "cart" }), "url")
      .pipe(Effect.provide(sampleLayer("Goals/update.json"))))

  it.effect("update: a flag other than 0/1 is refused, nothing sent", () =>
    refused(unchecked(Goals.update, { goal_id: 2231, active: 2 }), "active").pipe(
      Effect.provide(sampleLayer("Goals/update.json"))
    ))

  it.effect("markAsSuccessful: a missing visitor_id is refused, nothing sent", () =>
    refused(unchecked(Goals.markAsSuccessful, { goal_id: 1181 }), "visitor_id").pipe(
      Effect.provide(sampleLayer("Goals/markAsSuccessful.json"))
    ))

  it.effect("markAsSuccessful: a price with a comma is refused, nothing sent", () =>
    refused(Goals.markAsSuccessful({ goal_id: 1181, visitor_id: "S1", order_price: "199,00" }), "order_price").pipe(
      Effect.provide(sampleLayer("Goals/markAsSuccessful.json"))
    ))

  it.effect("update: only the url (for an existing url goal) is accepted and sent", () =>
    Effect.gen(function*() {
      const goal = yield* Goals.update({ goal_id: 2231, url: "checkout/done", active: 1 })
      const [request] = yield* sent
      expect(request.method).toBe("PUT")
      expect(request.url.pathname).toBe("/goals/2231")
      expect(Wire.decodeForm(request.body ?? "")).toEqual({ url: "checkout/done", active: "1" })
      expect(goal).toBeInstanceOf(Goal.UrlGoal)
    }).pipe(Effect.provide(sampleLayer("Goals/update.json"))))

  it.effect("markAsSuccessful: the order details are sent with the visitor", () =>
    Effect.gen(function*() {
      const result = yield* Goals.markAsSuccessful({
        goal_id: 1181,
        visitor_id: "S1281361958.2238ee3bd3",
        order_id: "AP723HVCA721",
        order_description: "Nike shoes",
        order_price: "199.00",
        order_currency: "USD"
      })
      const [request] = yield* sent
      expect(request.url.pathname).toBe("/goals/1181/mark_as_successful")
      expect(Wire.decodeForm(request.body ?? "")).toEqual({
        visitor_id: "S1281361958.2238ee3bd3",
        order_id: "AP723HVCA721",
        order_description: "Nike shoes",
        order_price: "199.00",
        order_currency: "USD"
      })
      expect(result.result).toBe("goal marked as successful")
    }).pipe(Effect.provide(sampleLayer("Goals/markAsSuccessful.json"))))

  it.effect("get: the details are read by type", () =>
    Effect.gen(function*() {
      const goal = yield* Goals.get({ goal_id: 1181 })
      expect(goal).toBeInstanceOf(Goal.CustomVariableGoal)
      if (goal.type === "custom_variable") {
        expect(goal.custom_variable_name).toBe("nike_shoes")
        expect(goal.custom_variable_value).toBe("true")
      }
    }).pipe(Effect.provide(sampleLayer("Goals/get.json"))))
})
