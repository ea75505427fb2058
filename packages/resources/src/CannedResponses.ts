/**
 * Canned responses: list, read, create, update and remove the ready-made answers of the license.
 *
 * @since 0.1.0
 */
import { CannedResponse, Endpoint, Fields } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "CannedResponses"

const canned_response_id = Fields.PositiveInt.annotations({
  description: "the id of the canned response (from the list)"
})

const Tags = Schema.Array(Fields.NonEmpty).pipe(
  Schema.minItems(1, { message: () => "must hold at least one tag" })
).annotations({ description: "array of strings (tags)" })

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
  text: Fields.NonEmpty,
  tags: Tags,
  group: Schema.optional(Fields.NonNegativeInt)
})

/**
 * The input of {@link update}: the canned response's id and the properties to change.
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateInput = Schema.Struct({
  canned_response_id,
  text: Schema.optional(Fields.NonEmpty),
  tags: Schema.optional(Tags)
})

/**
 * The canned responses endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns the list of all currently set canned responses.",
    method: "GET",
    path: "/canned_responses",
    input: ListInput,
    output: Schema.Array(CannedResponse.CannedResponse)
  }),
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns the canned response with the given id.",
    method: "GET",
    path: "/canned_responses/{canned_response_id}",
    input: Schema.Struct({ canned_response_id }),
    output: CannedResponse.CannedResponse
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Creates a new canned response.",
    method: "POST",
    path: "/canned_responses",
    input: CreateInput,
    output: CannedResponse.CannedResponse
  }),
  update: Endpoint.make({
    group,
    name: "update",
    summary:
      "Updates the canned response by setting the values of the parameters passed; the others are left unchanged.",
    method: "PUT",
    path: "/canned_responses/{canned_response_id}",
    input: UpdateInput,
    output: CannedResponse.CannedResponse
  }),
  remove: Endpoint.make({
    group,
    name: "remove",
    summary: "Removes the canned response with the given id.",
    method: "DELETE",
    path: "/canned_responses/{canned_response_id}",
    input: Schema.Struct({ canned_response_id }),
    output: Fields.Result
  })
} as const

/**
 * Returns the list of all currently set canned responses.
 *
 * `GET /canned_responses`
 *
 * @param input.group - the group whose canned responses are listed; defaults to `0`.
 *
 * @example
 * ```ts
 * import { CannedResponses } from "@effect-livechat/resources"
 *
 * const sales = CannedResponses.list({ group: 1 })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Returns the canned response with the given id.
 *
 * `GET /canned_responses/<CANNED_RESPONSE_ID>`
 *
 * @param input.canned_response_id - the id of the canned response, from {@link list}.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)

/**
 * Creates a new canned response.
 *
 * `POST /canned_responses`
 *
 * @param input.text - required; the response text.
 * @param input.tags - required; at least one tag (sent as `tags[]=a&tags[]=b`).
 * @param input.group - the group the response belongs to; defaults to `0`.
 *
 * @example
 * ```ts
 * import { CannedResponses } from "@effect-livechat/resources"
 *
 * const bye = CannedResponses.create({ text: "Have a great day, goodbye.", tags: ["bye", "cu"] })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Updates a canned response: the properties given are set, the others left unchanged.
 *
 * `PUT /canned_responses/<CANNED_RESPONSE_ID>`
 *
 * @param input.canned_response_id - the canned response to update.
 * @param input.text - the response text.
 * @param input.tags - the tags (at least one); they replace the current ones.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = Endpoint.call(endpoints.update)

/**
 * Removes the canned response with the given id.
 *
 * `DELETE /canned_responses/<CANNED_RESPONSE_ID>`
 *
 * @param input.canned_response_id - the canned response to remove.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.call(endpoints.remove)
