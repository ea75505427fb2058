/**
 * Tags: list, create and delete the tags of each group, and see how often each is used.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Tag } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Tags"

const GroupId = Fields.NonNegativeInt.annotations({ description: "a group id" })

/**
 * The input of {@link list}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ListInput = Schema.Struct({ group: Schema.optional(GroupId) })

/**
 * The input of {@link create}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const CreateInput = Schema.Struct({
  tag: Fields.NonEmpty,
  author: Fields.Email,
  group: GroupId
})

/**
 * The input of {@link remove}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const RemoveInput = Schema.Struct({
  tag: Fields.NonEmpty.annotations({ description: "the tag's name" }),
  group: GroupId
})

/**
 * The Tags endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns the tags of all groups, or of one group.",
    method: "GET",
    path: "/tags",
    input: ListInput,
    output: Schema.Array(Tag.Tag)
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Adds a new tag to a group (owner and administrators only).",
    method: "POST",
    path: "/tags",
    input: CreateInput,
    output: Tag.Tag
  }),
  remove: Endpoint.make({
    group,
    name: "remove",
    summary: "Deletes a tag from a group; archived chats and tickets keep it.",
    method: "DELETE",
    path: "/tags/{tag}",
    input: RemoveInput,
    output: Fields.Ok
  })
} as const

/**
 * Returns the tags of all groups, each with its author, creation date and how many chats and
 * tickets carry it.
 *
 * `GET /tags`
 *
 * @param input.group - only the tags of this group.
 *
 * @example
 * ```ts
 * import { Tags } from "@effect-livechat/resources"
 *
 * const tags = Tags.list({ group: 1 })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Adds a new tag. Only the owner and the administrators may do this.
 *
 * `POST /tags`
 *
 * @param input.tag - required; the tag's name.
 * @param input.author - required; the login of the agent who creates it.
 * @param input.group - required; the id of the group the tag is added to.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Deletes a tag from a group: agents can no longer tag chats and tickets with it. Archived chats
 * and tickets keep it.
 *
 * `DELETE /tags/<TAG>`
 *
 * @param input.tag - the tag's name (the path segment).
 * @param input.group - required; the id of the group the tag belongs to (sent in the body).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.call(endpoints.remove)
