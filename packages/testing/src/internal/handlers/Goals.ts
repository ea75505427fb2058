/**
 * The fake's goals: the list holds summaries, details keep their type's fields, updates merge (a
 * new type replaces the type's fields), successes are recorded, removal makes them 404.
 */
import { Goal } from "@effect-livechat/core"
import type { Goals } from "@effect-livechat/resources"
import { Effect } from "effect"
import { badRequest, type Failure, type GroupHandlers, notFound } from "../handler.js"
import type { State } from "../state.js"

const find = (state: State, id: number) => {
  const goal = state.goals.get(id)
  return goal === undefined ? Effect.fail(notFound(`Goal ${id}`)) : Effect.succeed(goal)
}

/** The type-specific fields a goal may carry (all optional), as create and update take them. */
interface TypeFields {
  readonly custom_variable_name?: string | undefined
  readonly custom_variable_value?: string | undefined
  readonly url?: string | undefined
  readonly match_type?: Goal.MatchType | undefined
}

/** Makes a goal's details from its common fields, its type and that type's fields. */
const build = (
  common: { readonly id: number; readonly name: string; readonly active: 0 | 1 },
  type: Goal.GoalType,
  fields: TypeFields
): Effect.Effect<Goal.Details, Failure> => {
  switch (type) {
    case "custom_variable":
      return fields.custom_variable_name === undefined || fields.custom_variable_value === undefined
        ? Effect.fail(badRequest(
          `${
            fields.custom_variable_name === undefined ? "custom_variable_name" : "custom_variable_value"
          }: is required when type is custom_variable`
        ))
        : Effect.succeed(
          new Goal.CustomVariableGoal({
            ...common,
            type,
            custom_variable_name: fields.custom_variable_name,
            custom_variable_value: fields.custom_variable_value
          })
        )
    case "url":
      return fields.url === undefined
        ? Effect.fail(badRequest("url: is required when type is url"))
        : Effect.succeed(
          new Goal.UrlGoal({ ...common, type, url: fields.url, match_type: fields.match_type ?? "substring" })
        )
    case "api":
      return Effect.succeed(new Goal.ApiGoal({ ...common, type }))
  }
}

/** The names of each type's fields. */
const fieldsOfType: { readonly [T in Goal.GoalType]: ReadonlyArray<string> } = {
  custom_variable: ["custom_variable_name", "custom_variable_value"],
  url: ["url", "match_type"],
  api: []
}

/** The type-specific fields of a goal's details. */
const fieldsOf = (goal: Goal.Details): TypeFields => {
  switch (goal.type) {
    case "custom_variable":
      return { custom_variable_name: goal.custom_variable_name, custom_variable_value: goal.custom_variable_value }
    case "url":
      return { url: goal.url, match_type: goal.match_type }
    case "api":
      return {}
  }
}

/** The type-specific fields given in an update, without the absent ones. */
const givenFields = (input: typeof Goals.UpdateInput.Type) =>
  Object.fromEntries(
    (["custom_variable_name", "custom_variable_value", "url", "match_type"] as const)
      .filter((field) => input[field] !== undefined)
      .map((field) => [field, input[field]])
  ) as TypeFields

export const handlers: GroupHandlers<"Goals"> = {
  list: (_, { state }) =>
    Effect.succeed(
      Array.from(state.goals.values()).map((goal) =>
        new Goal.Summary({ id: goal.id, name: goal.name, active: goal.active })
      )
    ),
  get: (input, { state }) => find(state, input.goal_id),
  create: (input, { state }) =>
    Effect.gen(function*() {
      const id = state.nextId("goal", Math.max(0, ...state.goals.keys()) + 1)
      const fields: TypeFields = input.type === "custom_variable"
        ? { custom_variable_name: input.custom_variable_name, custom_variable_value: input.custom_variable_value }
        : input.type === "url"
        ? { url: input.url, match_type: input.match_type }
        : {}
      const goal = yield* build({ id, name: input.name, active: input.active ?? 1 }, input.type, fields)
      state.goals.set(goal.id, goal)
      return goal
    }),
  update: (input, { state }) =>
    Effect.gen(function*() {
      const goal = yield* find(state, input.goal_id)
      const given = givenFields(input)
      const type = input.type ?? goal.type
      // Without a new type, the fields given must be the goal's type's (and merge with its own);
      // a new type replaces the fields of the old one.
      if (type === goal.type) {
        const stray = Object.keys(given).find((field) => !fieldsOfType[goal.type].includes(field))
        if (stray !== undefined) return yield* badRequest(`${stray}: is not a field of type ${goal.type}`)
      }
      const fields = type === goal.type ? { ...fieldsOf(goal), ...given } : given
      const updated = yield* build(
        { id: goal.id, name: input.name ?? goal.name, active: input.active ?? goal.active },
        type,
        fields
      )
      state.goals.set(updated.id, updated)
      return updated
    }),
  markAsSuccessful: (input, { now, state }) =>
    Effect.map(find(state, input.goal_id), (goal) => {
      const successes = state.goalSuccesses.get(goal.id) ?? []
      successes.push({ visitor_id: input.visitor_id, at: now })
      state.goalSuccesses.set(goal.id, successes)
      return { result: "goal marked as successful" }
    }),
  remove: (input, { state }) =>
    Effect.map(find(state, input.goal_id), (goal) => {
      state.goals.delete(goal.id)
      return { result: "goal removed successfully" }
    })
}

/** Seeds three goals, one of each type, with the ids the seeded chats refer to (71, 72, 73). */
export const initialize = (state: State): void => {
  const goals: ReadonlyArray<Goal.Details> = [
    new Goal.UrlGoal({
      id: 71,
      name: "purchase",
      active: 1,
      type: "url",
      url: "https://www.mycompany.com/checkout/thank_you",
      match_type: "exact"
    }),
    new Goal.CustomVariableGoal({
      id: 72,
      name: "nike shoes variable",
      active: 1,
      type: "custom_variable",
      custom_variable_name: "nike_shoes",
      custom_variable_value: "true"
    }),
    new Goal.ApiGoal({ id: 73, name: "newsletter signup", active: 0, type: "api" })
  ]
  for (const goal of goals) state.goals.set(goal.id, goal)
}
