/**
 * Agents: the summary the list returns, and the details of one agent.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { AgentStatus, Flag, Int, LoginStatus, Permission, Timestamp } from "./Fields.js"

/**
 * An agent as `GET /agents` lists it.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Summary extends Schema.Class<Summary>("@effect-livechat/core/Agent/Summary")({
  login: Schema.String,
  name: Schema.String,
  permission: Permission,
  avatar: Schema.optional(Schema.String),
  status: AgentStatus
}) {}

/**
 * Which notifications an agent gets (`0/1` each).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Notifications = Schema.Struct({
  new_visitor: Schema.optional(Flag),
  incoming_chat: Schema.optional(Flag),
  returning_visitor: Schema.optional(Flag),
  queued_visitor: Schema.optional(Flag),
  visitor_is_typing: Schema.optional(Flag),
  new_goal: Schema.optional(Flag)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Notifications = typeof Notifications.Type

/**
 * One day of an agent's work schedule.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkDay = Schema.Struct({
  enabled: Flag,
  start: Schema.String,
  end: Schema.String
})

/**
 * An agent's work schedule (enterprise plans), by weekday name (`sunday` … `saturday`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkScheduler = Schema.Struct({
  sunday: Schema.optional(WorkDay),
  monday: Schema.optional(WorkDay),
  tuesday: Schema.optional(WorkDay),
  wednesday: Schema.optional(WorkDay),
  thursday: Schema.optional(WorkDay),
  friday: Schema.optional(WorkDay),
  saturday: Schema.optional(WorkDay)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type WorkScheduler = typeof WorkScheduler.Type

/**
 * A group an agent belongs to.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GroupRef = Schema.Struct({ id: Int, name: Schema.String })

/**
 * An agent's full details (`GET /agents/<LOGIN>`, and the answer of create, update and reset).
 * `api_key` is present for the agent's own account only.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Details extends Schema.Class<Details>("@effect-livechat/core/Agent/Details")({
  login: Schema.String,
  name: Schema.String,
  login_status: Schema.optional(LoginStatus),
  permission: Permission,
  daily_summary: Schema.optional(Flag),
  job_title: Schema.optional(Schema.String),
  avatar: Schema.optional(Schema.String),
  notifications: Schema.optional(Notifications),
  max_chats_count: Schema.optional(Int),
  work_scheduler: Schema.optional(WorkScheduler),
  groups: Schema.optional(Schema.Array(GroupRef)),
  status: AgentStatus,
  last_logout: Schema.optional(Timestamp),
  api_key: Schema.optional(Schema.Redacted(Schema.String))
}) {}
