/**
 * Agents: list, read, create, update and remove the agents of the license, and reset their API keys.
 *
 * @since 0.1.0
 */
import { Agent, Endpoint, Fields } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Agents"

const login = Fields.NonEmpty.annotations({ description: "the agent's login (e-mail address)" })

const Groups = Schema.Array(Fields.Int).annotations({ description: "list of group IDs" })

/**
 * The input of {@link create}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const CreateInput = Schema.Struct({
  login: Fields.Email,
  name: Fields.NonEmpty,
  job_title: Schema.optional(Schema.String),
  login_status: Schema.optional(Fields.LoginStatus),
  password: Schema.optional(
    Schema.String.pipe(Schema.minLength(5, { message: () => "must be at least 5 characters" }))
  ),
  permission: Schema.optional(Schema.Literal("administrator", "normal")),
  groups: Schema.optional(Groups),
  notifications: Schema.optional(Schema.Struct({
    new_visitor: Fields.Flag,
    incoming_chat: Fields.Flag,
    returning_visitor: Fields.Flag,
    queued_visitor: Fields.Flag,
    visitor_is_typing: Fields.Flag,
    new_goal: Fields.Flag
  })),
  daily_summary: Schema.optional(Fields.Flag),
  max_chats_count: Schema.optional(Fields.PositiveInt)
})

/**
 * The input of {@link update}: the agent's `login` and the properties to change.
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateInput = Schema.Struct({
  login,
  job_title: Schema.optional(Schema.String),
  name: Schema.optional(Fields.NonEmpty),
  login_status: Schema.optional(Fields.LoginStatus),
  password: Schema.optional(
    Schema.String.pipe(Schema.minLength(5, { message: () => "must be at least 5 characters" }))
  ),
  current_password: Schema.optional(Schema.String),
  permission: Schema.optional(Schema.Literal("administrator", "normal")),
  status: Schema.optional(Fields.AgentStatus),
  groups: Schema.optional(Groups),
  notifications: Schema.optional(Schema.Struct({
    new_visitor: Schema.optional(Fields.Flag),
    returning_visitor: Schema.optional(Fields.Flag),
    queued_visitor: Schema.optional(Fields.Flag),
    visitor_is_typing: Schema.optional(Fields.Flag)
  })),
  daily_summary: Schema.optional(Fields.Flag),
  max_chats_count: Schema.optional(Fields.PositiveInt),
  work_scheduler: Schema.optional(Agent.WorkScheduler)
})

/**
 * The agents endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns all LiveChat agents, optionally only those with a given status.",
    method: "GET",
    path: "/agents",
    input: Schema.Struct({ status: Schema.optional(Fields.AgentStatus) }),
    output: Schema.Array(Agent.Summary)
  }),
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns complete details of the agent for the given login.",
    method: "GET",
    path: "/agents/{login}",
    input: Schema.Struct({ login }),
    output: Agent.Details
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Creates a new agent in your license.",
    method: "POST",
    path: "/agents",
    input: CreateInput,
    output: Agent.Details
  }),
  update: Endpoint.make({
    group,
    name: "update",
    summary: "Updates the agent by setting the values of the parameters passed; the others are left unchanged.",
    method: "PUT",
    path: "/agents/{login}",
    input: UpdateInput,
    output: Agent.Details
  }),
  resetApiKey: Endpoint.make({
    group,
    name: "resetApiKey",
    summary: "Resets the API key of the agent with the given login.",
    method: "POST",
    path: "/agents/{login}/reset_api_key",
    input: Schema.Struct({ login }),
    output: Agent.Details
  }),
  remove: Endpoint.make({
    group,
    name: "remove",
    summary: "Removes an agent; archived chats stay, the agent's statistics are lost.",
    method: "DELETE",
    path: "/agents/{login}",
    input: Schema.Struct({ login }),
    output: Fields.Result
  })
} as const

/**
 * Returns all LiveChat agents.
 *
 * `GET /agents`
 *
 * @param input.status - only agents with this status: `accepting chats`, `not accepting chats` or `offline`.
 *
 * @example
 * ```ts
 * import { Agents } from "@effect-livechat/resources"
 *
 * const online = Agents.list({ status: "accepting chats" })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Returns complete details of the agent for the given login. `api_key` (a `Redacted`) is present
 * for the caller's own account only.
 *
 * `GET /agents/<LOGIN>`
 *
 * @param input.login - the agent's login (e-mail address).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)

/**
 * Creates a new agent in your license.
 *
 * `POST /agents`
 *
 * @param input.login - required; a correct e-mail address.
 * @param input.name - required.
 * @param input.job_title - defaults to `Support Agent`.
 * @param input.login_status - `accepting chats` or `not accepting chats`: the status right after login.
 * @param input.password - at least 5 characters; without it, an e-mail with an activation link is sent.
 * @param input.permission - `administrator` or `normal` (default).
 * @param input.groups - the group ids the agent belongs to.
 * @param input.notifications - all of `new_visitor`, `incoming_chat`, `returning_visitor`, `queued_visitor`, `visitor_is_typing`, `new_goal` as `0/1`.
 * @param input.daily_summary - `0` or `1` (default).
 * @param input.max_chats_count - defaults to 6.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Updates an agent: the properties given are set, the others left unchanged.
 *
 * `PUT /agents/<LOGIN>`
 *
 * @param input.login - the agent to update.
 * @param input.current_password - needed to change a password (yours or another agent's).
 * @param input.status - `accepting chats`, `not accepting chats` or `offline`.
 * @param input.work_scheduler - enterprise plans only.
 *
 * Also `job_title`, `name`, `login_status`, `password`, `permission`, `groups`, `notifications`
 * (`new_visitor`, `returning_visitor`, `queued_visitor`, `visitor_is_typing`), `daily_summary` and
 * `max_chats_count`, as in {@link create}.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = Endpoint.call(endpoints.update)

/**
 * Resets the API key of the agent with the given login; the answer holds the new key (`Redacted`).
 *
 * `POST /agents/<LOGIN>/reset_api_key`
 *
 * @param input.login - the agent whose key is reset.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const resetApiKey = Endpoint.call(endpoints.resetApiKey)

/**
 * Removes an agent. Archived chats are kept, but the agent's statistics are lost; the agent is told by e-mail.
 *
 * `DELETE /agents/<LOGIN>`
 *
 * @param input.login - the agent to remove.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.call(endpoints.remove)
