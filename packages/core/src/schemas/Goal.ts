/**
 * Goals: the conversions LiveChat tracks (a URL reached, a custom variable set, or a call to the API).
 *
 * The details of a goal are a union discriminated by `type` — {@link CustomVariableGoal},
 * {@link UrlGoal}, {@link ApiGoal} — because each type has its own fields; the list returns only
 * the {@link Summary} of each goal.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Flag, Int } from "./Fields.js"

/**
 * The type of a goal: `custom_variable`, `url` or `api`.
 *
 * @since 0.1.0
 * @category literals
 */
export const GoalType = Schema.Literal("custom_variable", "url", "api")

/**
 * @since 0.1.0
 * @category literals
 */
export type GoalType = typeof GoalType.Type

/**
 * How a `url` goal's URL is matched: `substring` (the default) or `exact`.
 *
 * @since 0.1.0
 * @category literals
 */
export const MatchType = Schema.Literal("substring", "exact")

/**
 * @since 0.1.0
 * @category literals
 */
export type MatchType = typeof MatchType.Type

/**
 * A goal as `GET /goals` lists it. The list's sample has no `type`; it is read when present.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Summary extends Schema.Class<Summary>("@effect-livechat/core/Goal/Summary")({
  id: Int,
  name: Schema.String,
  /** Whether the goal is enabled (`0/1`). */
  active: Flag,
  type: Schema.optional(GoalType)
}) {}

/**
 * A goal reached when a custom variable has a given value.
 *
 * @since 0.1.0
 * @category schemas
 */
export class CustomVariableGoal
  extends Schema.Class<CustomVariableGoal>("@effect-livechat/core/Goal/CustomVariableGoal")({
    id: Int,
    name: Schema.String,
    /** Whether the goal is enabled (`0/1`). */
    active: Flag,
    type: Schema.Literal("custom_variable"),
    custom_variable_name: Schema.String,
    custom_variable_value: Schema.String
  })
{}

/**
 * A goal reached when a visitor opens a URL.
 *
 * @since 0.1.0
 * @category schemas
 */
export class UrlGoal extends Schema.Class<UrlGoal>("@effect-livechat/core/Goal/UrlGoal")({
  id: Int,
  name: Schema.String,
  /** Whether the goal is enabled (`0/1`). */
  active: Flag,
  type: Schema.Literal("url"),
  url: Schema.String,
  match_type: MatchType
}) {}

/**
 * A goal marked as reached through the API (`POST /goals/<GOAL_ID>/mark_as_successful`).
 *
 * @since 0.1.0
 * @category schemas
 */
export class ApiGoal extends Schema.Class<ApiGoal>("@effect-livechat/core/Goal/ApiGoal")({
  id: Int,
  name: Schema.String,
  /** Whether the goal is enabled (`0/1`). */
  active: Flag,
  type: Schema.Literal("api")
}) {}

/**
 * A goal's details (`GET /goals/<GOAL_ID>`, and the answer of create and update), by `type`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Details = Schema.Union(CustomVariableGoal, UrlGoal, ApiGoal)

/**
 * @since 0.1.0
 * @category schemas
 */
export type Details = typeof Details.Type
