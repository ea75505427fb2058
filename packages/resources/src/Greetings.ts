/**
 * Greetings: list, read, create, update and remove the greetings (chat invitations) of the license
 * and their rules.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Greeting } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Greetings"

const greeting_id = Fields.PositiveInt.annotations({
  description: "the id of the greeting (from the list of all greetings)"
})

const operator = Schema.optional(Greeting.Operator.annotations({ description: "defaults to `equals`" }))

const numericRule = <const T extends typeof Greeting.NumericRuleType.Type>(type: T) =>
  Schema.Struct({ type: Schema.Literal(type), value: Fields.NonNegativeInt, operator })

const textRule = <const T extends typeof Greeting.TextRuleType.Type>(type: T) =>
  Schema.Struct({ type: Schema.Literal(type), value: Fields.NonEmpty, operator })

/**
 * The rules with a numeric value (`visit_time_site`, `visit_time_page`, `pages_view_number`,
 * `visits_number`): `{ type: "visit_time_page", value: 15, operator: "greater_than" }`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const NumericRuleInput = Schema.Union(
  numericRule("visit_time_site"),
  numericRule("visit_time_page"),
  numericRule("pages_view_number"),
  numericRule("visits_number")
)

/**
 * The rules with a text value (`url_current`, `url_visited`, `url_referrer`, `geolocation`,
 * `search_keyword`): `{ type: "url_current", value: "shoes", operator: "contains" }`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const TextRuleInput = Schema.Union(
  textRule("url_current"),
  textRule("url_visited"),
  textRule("url_referrer"),
  textRule("geolocation"),
  textRule("search_keyword")
)

/**
 * A `custom_variable` rule: met when the variable `variable_name` compares to `variable_value`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const CustomVariableRuleInput = Schema.Struct({
  type: Schema.Literal("custom_variable"),
  variable_name: Fields.NonEmpty,
  variable_value: Schema.String,
  operator
})

/**
 * A `url_funnel` rule: met when the visitor has visited the `urls` in sequence (each with an
 * optional `operator`, default `equals`).
 *
 * @since 0.1.0
 * @category inputs
 */
export const UrlFunnelRuleInput = Schema.Struct({
  type: Schema.Literal("url_funnel"),
  urls: Schema.Array(Schema.Struct({ url: Fields.NonEmpty, operator })).pipe(
    Schema.minItems(1, { message: () => "must hold at least one URL" })
  )
})

/**
 * A greeting rule as sent to create or update a greeting, by `type`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const RuleInput = Schema.Union(
  ...NumericRuleInput.members,
  ...TextRuleInput.members,
  CustomVariableRuleInput,
  UrlFunnelRuleInput
)

/**
 * @since 0.1.0
 * @category inputs
 */
export type RuleInput = typeof RuleInput.Type

const Rules = Schema.Array(RuleInput).pipe(
  Schema.minItems(1, { message: () => "must hold at least one rule" })
).annotations({ description: "the conditions that must all be met for the greeting to be displayed" })

/**
 * A greeting's properties to set, by name (sent as `properties[greeting-message_text]=Hello`).
 *
 * @since 0.1.0
 * @category inputs
 */
export const PropertiesInput = Schema.Struct(
  { "greeting-message_text": Schema.optional(Schema.String) },
  Schema.Record({ key: Fields.FormKey, value: Schema.Union(Schema.String, Fields.FiniteNumber) })
)

/**
 * The input of {@link list}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ListInput = Schema.Struct({
  group: Schema.optional(Fields.NonNegativeInt)
})

/**
 * The input of {@link create}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const CreateInput = Schema.Struct({
  name: Fields.NonEmpty,
  rules: Rules,
  group: Schema.optional(Fields.NonNegativeInt)
})

/**
 * The input of {@link update}: the greeting's id and the properties to change.
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateInput = Schema.Struct({
  greeting_id,
  name: Schema.optional(Fields.NonEmpty),
  properties: Schema.optional(PropertiesInput),
  active: Schema.optional(Fields.Flag),
  rules: Schema.optional(Rules)
})

/**
 * The greetings endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns the list of all greetings, or those of a given group.",
    method: "GET",
    path: "/greetings",
    input: ListInput,
    output: Schema.Array(Greeting.Greeting)
  }),
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns the specified greeting.",
    method: "GET",
    path: "/greetings/{greeting_id}",
    input: Schema.Struct({ greeting_id }),
    output: Greeting.Greeting
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Creates a new greeting with one or more rules.",
    method: "POST",
    path: "/greetings",
    input: CreateInput,
    output: Greeting.Greeting,
    // The reference's sample sends the group in the query: `POST /greetings?group=1`.
    inQuery: ["group"]
  }),
  update: Endpoint.make({
    group,
    name: "update",
    summary: "Changes the name, message, activity or rules of a greeting.",
    method: "PUT",
    path: "/greetings/{greeting_id}",
    input: UpdateInput,
    output: Greeting.Greeting
  }),
  remove: Endpoint.make({
    group,
    name: "remove",
    summary: "Removes a greeting.",
    method: "DELETE",
    path: "/greetings/{greeting_id}",
    input: Schema.Struct({ greeting_id }),
    output: Fields.Ok
  })
} as const

/**
 * Returns the list of all greetings, or only those of a group.
 *
 * `GET /greetings`
 *
 * @param input.group - the group whose greetings are listed; without it, all greetings are returned.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Returns the specified greeting: whether it is `active`, its `rules` and its `properties`.
 *
 * `GET /greetings/<GREETING_ID>`
 *
 * @param input.greeting_id - the id of the greeting, from {@link list}.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)

/**
 * Creates a new greeting, displayed when all its rules are met.
 *
 * `POST /greetings`
 *
 * @param input.name - required; the greeting's name in the LiveChat settings (not shown to visitors).
 * @param input.rules - required; at least one rule: `visit_time_site`, `visit_time_page`, `url_current`,
 * `url_visited`, `pages_view_number`, `url_referrer`, `geolocation`, `visits_number`, `search_keyword`
 * (each with a `value`), `custom_variable` (with `variable_name` and `variable_value`) or `url_funnel`
 * (with `urls`); each may have an `operator` (`equals` by default). Sent as `rules[0][type]=…`.
 * @param input.group - show the greeting in this group only; defaults to `0`.
 *
 * @example
 * ```ts
 * import { Greetings } from "@effect-livechat/resources"
 *
 * const invitation = Greetings.create({
 *   name: "my custom invitation",
 *   rules: [
 *     { type: "visit_time_page", value: 15, operator: "greater_than" },
 *     { type: "url_funnel", urls: [{ url: "mystore.com/shoes" }, { url: "cart", operator: "contains" }] }
 *   ]
 * })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Changes a greeting: its name or message, whether it is active, or its rules.
 *
 * `PUT /greetings/<GREETING_ID>`
 *
 * @param input.greeting_id - the greeting to change, from {@link list}.
 * @param input.name - the greeting's name.
 * @param input.properties - properties by name, e.g. `{ "greeting-message_text": "Hello" }` (the message).
 * @param input.active - `1` to activate the greeting, `0` to deactivate it.
 * @param input.rules - the new rules, as in {@link create}.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = Endpoint.call(endpoints.update)

/**
 * Removes a greeting.
 *
 * `DELETE /greetings/<GREETING_ID>`
 *
 * @param input.greeting_id - the greeting to remove.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.call(endpoints.remove)
