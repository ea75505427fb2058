/**
 * The fake's greetings: listed (all, or one group's), created active with the rules given (each
 * given an id, `condition: "and"`, and the default `equals` operator when none is given), updated
 * (name, properties such as the message, the active flag, rules replaced), removal makes them 404.
 */
import { Greeting } from "@effect-livechat/core"
import type { Greetings } from "@effect-livechat/resources"
import { Effect } from "effect"
import { badRequest, type GroupHandlers, notFound } from "../handler.js"
import type { State } from "../state.js"

/** The message of a greeting created without one (the reference's samples show this one). */
const defaultMessage = "Hello, would you like to talk about our products?"

const find = (state: State, id: number) => {
  const greeting = state.greetings.get(id)
  return greeting === undefined ? Effect.fail(notFound(`Greeting ${id}`)) : Effect.succeed(greeting)
}

/** A rule as stored: the rule given, with a new id, `condition: "and"` and its operators defaulted. */
const ruleOf = (state: State, rule: typeof Greetings.RuleInput.Type): Greeting.Rule => {
  const id = state.nextId("greeting_rule")
  return rule.type === "url_funnel"
    ? {
      id,
      condition: "and",
      type: rule.type,
      urls: rule.urls.map((url) => ({ url: url.url, operator: url.operator ?? "equals" }))
    }
    : { ...rule, id, condition: "and", operator: rule.operator ?? "equals" }
}

/** `properties.active` as the API writes it (`"1"`, `"0"`). */
const flag = (active: boolean) => (active ? "1" : "0")

export const handlers: GroupHandlers<"Greetings"> = {
  list: (input, { state }) =>
    Effect.succeed(
      Array.from(state.greetings.values()).filter((g) => input.group === undefined || (g.group ?? 0) === input.group)
    ),
  get: (input, { state }) => find(state, input.greeting_id),
  create: (input, { state }) =>
    Effect.gen(function*() {
      const group = input.group ?? 0
      if (!state.groups.has(group)) return yield* badRequest(`group: unknown group ${group}`)
      const greeting = new Greeting.Greeting({
        id: state.nextId("greeting", Math.max(0, ...state.greetings.keys()) + 1),
        name: input.name,
        active: true,
        group,
        rules: input.rules.map((rule) => ruleOf(state, rule)),
        properties: { active: flag(true), "greeting-message_text": defaultMessage }
      })
      state.greetings.set(greeting.id, greeting)
      return greeting
    }),
  update: (input, { state }) =>
    Effect.map(find(state, input.greeting_id), (greeting) => {
      const properties: Record<string, string | number> = { ...greeting.properties, ...input.properties }
      // `active` may come as the flag or as a property; both are kept in step.
      const active = input.active !== undefined
        ? input.active === 1
        : input.properties?.active !== undefined
        ? String(input.properties.active) === "1"
        : greeting.active
      properties.active = flag(active)
      const updated = new Greeting.Greeting({
        ...greeting,
        name: input.name ?? greeting.name,
        active,
        rules: input.rules === undefined ? greeting.rules : input.rules.map((rule) => ruleOf(state, rule)),
        properties
      })
      state.greetings.set(updated.id, updated)
      return updated
    }),
  remove: (input, { state }) =>
    Effect.map(find(state, input.greeting_id), (greeting) => {
      state.greetings.delete(greeting.id)
      return { ok: true }
    })
}

/**
 * Seeds the reference's two greetings: "Time on site: 5 sec" (group 0) and "Returning visitor"
 * (group 1 when it exists).
 */
export const initialize = (state: State): void => {
  const seeded = [
    {
      name: "Time on site: 5 sec",
      group: 0,
      rule: { type: "visit_time_site", value: 5 } as const,
      message: "Hello, how may I help you?"
    },
    {
      name: "Returning visitor",
      group: state.groups.has(1) ? 1 : 0,
      rule: { type: "visits_number", value: 2, operator: "greater_or_equal" } as const,
      message: "Hello again!"
    }
  ]
  for (const entry of seeded) {
    const greeting = new Greeting.Greeting({
      id: state.nextId("greeting"),
      name: entry.name,
      active: true,
      group: entry.group,
      rules: [ruleOf(state, entry.rule)],
      properties: { active: flag(true), "greeting-message_text": entry.message }
    })
    state.greetings.set(greeting.id, greeting)
  }
}
