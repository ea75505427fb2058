/**
 * Greetings: the invitations to chat that LiveChat shows visitors when the greeting's rules are met.
 *
 * A rule is a union discriminated by `type`: numeric rules ({@link NumericRule}), text rules
 * ({@link TextRule}), {@link CustomVariableRule} and {@link UrlFunnelRule}.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Int, Num } from "./Fields.js"

/**
 * The operator of a greeting rule (default `equals`).
 *
 * @since 0.1.0
 * @category literals
 */
export const Operator = Schema.Literal(
  "equals",
  "doesnt_equal",
  "lower_than",
  "lower_or_equal",
  "greater_than",
  "greater_or_equal",
  "contains",
  "doesnt_contain"
)

/**
 * @since 0.1.0
 * @category literals
 */
export type Operator = typeof Operator.Type

/**
 * The rules whose value is a number: `visit_time_site` and `visit_time_page` (seconds spent on the
 * site or page), `pages_view_number` (pages seen), `visits_number` (returning visitors).
 *
 * @since 0.1.0
 * @category literals
 */
export const NumericRuleType = Schema.Literal(
  "visit_time_site",
  "visit_time_page",
  "pages_view_number",
  "visits_number"
)

/**
 * The rules whose value is text: `url_current`, `url_visited`, `url_referrer` (pages), `geolocation`
 * (countries or cities), `search_keyword`.
 *
 * @since 0.1.0
 * @category literals
 */
export const TextRuleType = Schema.Literal(
  "url_current",
  "url_visited",
  "url_referrer",
  "geolocation",
  "search_keyword"
)

/**
 * Every greeting rule type of the reference.
 *
 * @since 0.1.0
 * @category literals
 */
export const RuleType = Schema.Literal(
  ...NumericRuleType.literals,
  ...TextRuleType.literals,
  "custom_variable",
  "url_funnel"
)

/**
 * @since 0.1.0
 * @category literals
 */
export type RuleType = typeof RuleType.Type

const ruleFields = {
  id: Int,
  /** How the rule combines with the others (`and` in every sample; not documented). */
  condition: Schema.optional(Schema.String)
}

/**
 * A rule with a numeric value (sent back as a string, `"15"`; decoded to a number).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NumericRule = Schema.Struct({
  ...ruleFields,
  type: NumericRuleType,
  value: Num,
  operator: Schema.optional(Operator)
})

/**
 * A rule with a text value (`url_current` containing `shoes`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TextRule = Schema.Struct({
  ...ruleFields,
  type: TextRuleType,
  value: Schema.String,
  operator: Schema.optional(Operator)
})

/**
 * A rule met when a custom variable has a value.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomVariableRule = Schema.Struct({
  ...ruleFields,
  type: Schema.Literal("custom_variable"),
  variable_name: Schema.String,
  variable_value: Schema.String,
  operator: Schema.optional(Operator)
})

/**
 * One page of a URL funnel.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FunnelUrl = Schema.Struct({
  url: Schema.String,
  operator: Schema.optional(Operator)
})

/**
 * A rule met when the visitor has visited a sequence of pages.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UrlFunnelRule = Schema.Struct({
  ...ruleFields,
  type: Schema.Literal("url_funnel"),
  urls: Schema.Array(FunnelUrl)
})

/**
 * A greeting rule, by `type`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Rule = Schema.Union(NumericRule, TextRule, CustomVariableRule, UrlFunnelRule)

/**
 * @since 0.1.0
 * @category schemas
 */
export type Rule = typeof Rule.Type

/**
 * A greeting's properties, by name (`greeting-message_text`: the message; `active`: `"0"/"1"`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Properties = Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number) })

/**
 * @since 0.1.0
 * @category schemas
 */
export type Properties = typeof Properties.Type

/**
 * A greeting (`GET /greetings`, `GET /greetings/<GREETING_ID>`, and the answer of create and update).
 *
 * @since 0.1.0
 * @category schemas
 */
export class Greeting extends Schema.Class<Greeting>("@effect-livechat/core/Greeting/Greeting")({
  id: Int,
  name: Schema.String,
  /** Whether the greeting is enabled. */
  active: Schema.Boolean,
  /** The group the greeting is shown in; not in the reference's samples. */
  group: Schema.optional(Int),
  /** Every rule of the greeting (all must be met). */
  rules: Schema.Array(Rule),
  properties: Properties
}) {}
