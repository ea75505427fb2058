/**
 * Status: whether your LiveChat is online or offline.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Status } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Status"

/**
 * The input of {@link get}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const GetInput = Schema.Struct({
  group: Schema.optional(Fields.NonNegativeInt.annotations({ description: "the group id; defaults to 0" }))
})

/**
 * The Status endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns the current LiveChat status: online or offline.",
    method: "GET",
    path: "/status",
    input: GetInput,
    output: Status.Status
  })
} as const

/**
 * Returns the current LiveChat status: `online` or `offline`.
 *
 * `GET /status`
 *
 * @param input.group - the group whose status is returned; defaults to 0 (all agents).
 *
 * @example
 * ```ts
 * import { Status } from "@effect-livechat/resources"
 *
 * const status = Status.get({ group: 1 })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)
