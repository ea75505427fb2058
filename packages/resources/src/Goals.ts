/**
 * Goals: list, read, create, update and remove the goals of the license, and mark a goal as reached
 * by a visitor.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Goal } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Goals"

const goal_id = Fields.PositiveInt.annotations({ description: "the id of the goal (from the goals list)" })

const active = Schema.optional(Fields.Flag.annotations({ description: "whether the goal is enabled (`0/1`)" }))

/**
 * The input of {@link create}, by `type`: `custom_variable` needs `custom_variable_name` and
 * `custom_variable_value`; `url` needs `url` and may have `match_type`; `api` has no other fields.
 *
 * @since 0.1.0
 * @category inputs
 */
export const CreateInput = Schema.Union(
  Schema.Struct({
    name: Fields.NonEmpty,
    type: Schema.Literal("custom_variable"),
    custom_variable_name: Fields.NonEmpty,
    custom_variable_value: Fields.NonEmpty,
    active
  }),
  Schema.Struct({
    name: Fields.NonEmpty,
    type: Schema.Literal("url"),
    url: Fields.NonEmpty,
    match_type: Schema.optional(Goal.MatchType),
    active
  }),
  Schema.Struct({
    name: Fields.NonEmpty,
    type: Schema.Literal("api"),
    active
  })
)

/**
 * @since 0.1.0
 * @category inputs
 */
export type CreateInput = typeof CreateInput.Type

const fieldsOfType: { readonly [T in Goal.GoalType]: ReadonlyArray<string> } = {
  custom_variable: ["custom_variable_name", "custom_variable_value"],
  url: ["url", "match_type"],
  api: []
}

const requiredOfType: { readonly [T in Goal.GoalType]: ReadonlyArray<string> } = {
  custom_variable: ["custom_variable_name", "custom_variable_value"],
  url: ["url"],
  api: []
}

const goalTypes: ReadonlyArray<Goal.GoalType> = ["custom_variable", "url", "api"]

/**
 * The input of {@link update}: the goal's id and the properties to change. When `type` is given,
 * the fields that type requires must be given too, and no field of another type may be.
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateInput = Schema.Struct({
  goal_id,
  name: Schema.optional(Fields.NonEmpty),
  type: Schema.optional(Goal.GoalType),
  custom_variable_name: Schema.optional(Fields.NonEmpty),
  custom_variable_value: Schema.optional(Fields.NonEmpty),
  url: Schema.optional(Fields.NonEmpty),
  match_type: Schema.optional(Goal.MatchType),
  active
}).pipe(Schema.filter((input) => {
  const fieldsGiven: Readonly<Record<string, unknown>> = input
  const given = (field: string) => fieldsGiven[field] !== undefined
  if (input.type !== undefined) {
    const type = input.type
    const missing = requiredOfType[type].find((field) => !given(field))
    if (missing !== undefined) return { path: [missing], message: `is required when type is ${type}` }
  }
  // The type-specific fields given must all belong to one type (the given one, if any).
  const types = input.type === undefined ? goalTypes : [input.type]
  const fields = goalTypes.flatMap((type) => fieldsOfType[type]).filter(given)
  const fits = types.some((type) => fields.every((field) => fieldsOfType[type].includes(field)))
  if (fits) return undefined
  const stray = fields.find((field) => !fieldsOfType[types[0]].includes(field)) ?? fields[0]
  return {
    path: [stray],
    message: input.type === undefined
      ? "belongs to another goal type than the other fields given"
      : `is not a field of type ${input.type}`
  }
}))

/**
 * The input of {@link markAsSuccessful}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const MarkAsSuccessfulInput = Schema.Struct({
  goal_id,
  visitor_id: Fields.NonEmpty.annotations({
    description: "obtained using the JavaScript API: LC_API.get_visitor_id()"
  }),
  order_id: Schema.optional(Schema.String),
  order_description: Schema.optional(Schema.String),
  order_price: Schema.optional(
    Schema.String.pipe(Schema.pattern(/^\d+(\.\d+)?$/, {
      message: () => "must be an amount with a period as the only separator, like 199.00"
    }))
  ),
  order_currency: Schema.optional(Schema.String)
})

/**
 * The goals endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns all currently set goals.",
    method: "GET",
    path: "/goals",
    input: Schema.Struct({}),
    output: Schema.Array(Goal.Summary)
  }),
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns the goal details for the given goal id.",
    method: "GET",
    path: "/goals/{goal_id}",
    input: Schema.Struct({ goal_id }),
    output: Goal.Details
  }),
  markAsSuccessful: Endpoint.make({
    group,
    name: "markAsSuccessful",
    summary: "Marks a goal as successful for a visitor, optionally with order details.",
    method: "POST",
    path: "/goals/{goal_id}/mark_as_successful",
    input: MarkAsSuccessfulInput,
    output: Fields.Result
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Creates a new goal.",
    method: "POST",
    path: "/goals",
    input: CreateInput,
    output: Goal.Details
  }),
  update: Endpoint.make({
    group,
    name: "update",
    summary: "Updates the goal by setting the values of the parameters passed; the others are left unchanged.",
    method: "PUT",
    path: "/goals/{goal_id}",
    input: UpdateInput,
    output: Goal.Details
  }),
  remove: Endpoint.make({
    group,
    name: "remove",
    summary: "Removes the goal with the given goal id.",
    method: "DELETE",
    path: "/goals/{goal_id}",
    input: Schema.Struct({ goal_id }),
    output: Fields.Result
  })
} as const

/**
 * Returns all currently set goals; `active` tells whether a goal is enabled.
 *
 * `GET /goals`
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Returns the details of a goal: a {@link Goal.CustomVariableGoal}, {@link Goal.UrlGoal} or
 * {@link Goal.ApiGoal}, by `type`.
 *
 * `GET /goals/<GOAL_ID>`
 *
 * @param input.goal_id - the id of the goal, from {@link list}.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)

/**
 * Marks a goal as successful for a visitor. The optional order details are stored with it and can
 * only be read through the API.
 *
 * `POST /goals/<GOAL_ID>/mark_as_successful`
 *
 * @param input.goal_id - the id of the goal, from {@link list}.
 * @param input.visitor_id - required; obtained with the JavaScript API: `LC_API.get_visitor_id()`.
 * @param input.order_id - e.g. `AP723HVCA721`.
 * @param input.order_description - e.g. `Nike shoes`.
 * @param input.order_price - e.g. `199.00`; only the period is allowed as a separator.
 * @param input.order_currency - e.g. `USD`.
 *
 * @example
 * ```ts
 * import { Goals } from "@effect-livechat/resources"
 *
 * const sold = Goals.markAsSuccessful({
 *   goal_id: 1181,
 *   visitor_id: "S1281361958.2238ee3bd3",
 *   order_price: "199.00",
 *   order_currency: "USD"
 * })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const markAsSuccessful = Endpoint.call(endpoints.markAsSuccessful)

/**
 * Creates a new goal.
 *
 * `POST /goals`
 *
 * @param input.name - required.
 * @param input.type - required: `custom_variable`, `url` or `api`.
 * @param input.custom_variable_name - required with type `custom_variable`.
 * @param input.custom_variable_value - required with type `custom_variable`.
 * @param input.url - required with type `url`.
 * @param input.match_type - with type `url`: `substring` (default) or `exact`.
 * @param input.active - whether the goal is enabled (`0/1`).
 *
 * @example
 * ```ts
 * import { Goals } from "@effect-livechat/resources"
 *
 * const thankYou = Goals.create({
 *   name: "new goal",
 *   type: "url",
 *   url: "http://www.mystore.com/checkout/thank_you",
 *   match_type: "exact"
 * })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Updates a goal: the properties given are set, the others left unchanged.
 *
 * `PUT /goals/<GOAL_ID>`
 *
 * @param input.goal_id - the goal to update.
 * @param input.name - the goal's name.
 * @param input.type - `custom_variable`, `url` or `api`; the fields it requires must be given with it,
 * as in {@link create}.
 * @param input.custom_variable_name - for type `custom_variable`.
 * @param input.custom_variable_value - for type `custom_variable`.
 * @param input.url - for type `url`.
 * @param input.match_type - for type `url`: `substring` or `exact`.
 * @param input.active - whether the goal is enabled (`0/1`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = Endpoint.call(endpoints.update)

/**
 * Removes the goal with the given id.
 *
 * `DELETE /goals/<GOAL_ID>`
 *
 * @param input.goal_id - the goal to remove.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.call(endpoints.remove)
