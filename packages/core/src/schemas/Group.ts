/**
 * Groups of agents.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { AgentStatus, Int } from "./Fields.js"

/**
 * The status of a group: `accepting chats` (at least one of its agents is logged in and accepting
 * chats), `not accepting chats` (agents are logged in, none accepting chats) or `offline` (all are offline).
 *
 * @since 0.1.0
 * @category literals
 */
export const GroupStatus = AgentStatus

/**
 * @since 0.1.0
 * @category literals
 */
export type GroupStatus = typeof GroupStatus.Type

/**
 * A group (`GET /groups`, `GET /groups/<GROUP_ID>`, and the answer of create and update).
 * The group with id `0` always holds every agent of the license and has no `agents` list.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Group extends Schema.Class<Group>("@effect-livechat/core/Group/Group")({
  id: Int,
  name: Schema.String,
  /** The chat window language of the group (`en`). */
  language: Schema.optional(Schema.String),
  /** The logins of the group's members; absent for group `0`. */
  agents: Schema.optional(Schema.Array(Schema.String)),
  status: GroupStatus
}) {}
