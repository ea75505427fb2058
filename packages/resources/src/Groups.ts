/**
 * Groups: list, read, create, update and remove the agent groups of the license.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Group } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Groups"

const group_id = Fields.NonNegativeInt.annotations({ description: "the id of the group" })

const modifiable_group_id = Fields.PositiveInt.annotations({
  description: "the id of the group; group 0 holds every agent and cannot be modified"
})

const agents = Schema.Array(Fields.Email).pipe(
  Schema.minItems(1, { message: () => "must hold at least one agent login" })
).annotations({ description: "an array of LiveChat users' logins (e-mails)" })

/** The reference's samples write the logins indexed: `agents[0]=jenny.doe@mycompany.com&agents[1]=…`. */
const indexed = ["agents"]

/**
 * The input of {@link create}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const CreateInput = Schema.Struct({
  name: Fields.NonEmpty,
  agents,
  language: Schema.optional(Fields.NonEmpty)
})

/**
 * The input of {@link update}: the group's id and the properties to change.
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateInput = Schema.Struct({
  group_id: modifiable_group_id,
  name: Schema.optional(Fields.NonEmpty),
  agents: Schema.optional(agents),
  language: Schema.optional(Fields.NonEmpty)
})

/**
 * The groups endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns all created groups.",
    method: "GET",
    path: "/groups",
    input: Schema.Struct({}),
    output: Schema.Array(Group.Group)
  }),
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns the group details for the given group id.",
    method: "GET",
    path: "/groups/{group_id}",
    input: Schema.Struct({ group_id }),
    output: Group.Group
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Creates a new group in your license.",
    method: "POST",
    path: "/groups",
    input: CreateInput,
    indexed,
    output: Group.Group
  }),
  update: Endpoint.make({
    group,
    name: "update",
    summary: "Updates the group by setting the values of the parameters passed; the others are left unchanged.",
    method: "PUT",
    path: "/groups/{group_id}",
    input: UpdateInput,
    indexed,
    output: Group.Group
  }),
  remove: Endpoint.make({
    group,
    name: "remove",
    summary: "Removes the group with the given group id.",
    method: "DELETE",
    path: "/groups/{group_id}",
    input: Schema.Struct({ group_id: modifiable_group_id }),
    output: Fields.Result
  })
} as const

/**
 * Returns all created groups, group `0` ("All operators") included; every group but group `0` lists its `agents`.
 *
 * `GET /groups`
 *
 * @example
 * ```ts
 * import { Groups } from "@effect-livechat/resources"
 *
 * const groups = Groups.list()
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Returns the details of a group: name, language, members and status.
 *
 * `GET /groups/<GROUP_ID>`
 *
 * @param input.group_id - the id of the group (`0` included).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)

/**
 * Creates a new group in your license.
 *
 * `POST /groups`
 *
 * @param input.name - required; the group's name.
 * @param input.agents - required; the members' logins (e-mails), at least one (sent as `agents[0]=…`).
 * @param input.language - the group's chat window language; defaults to English.
 *
 * @example
 * ```ts
 * import { Groups } from "@effect-livechat/resources"
 *
 * const hr = Groups.create({ name: "Human Resources", agents: ["jenny.doe@mycompany.com", "john.doe@mycompany.com"] })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Updates a group: the properties given are set, the others left unchanged.
 *
 * `PUT /groups/<GROUP_ID>`
 *
 * @param input.group_id - the group to update (not `0`, which cannot be modified).
 * @param input.name - the group's name.
 * @param input.agents - the members' logins (e-mails); they replace the current members.
 * @param input.language - the group's chat window language.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = Endpoint.call(endpoints.update)

/**
 * Removes the group with the given id.
 *
 * `DELETE /groups/<GROUP_ID>`
 *
 * @param input.group_id - the group to remove (not `0`, which cannot be modified).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.call(endpoints.remove)
