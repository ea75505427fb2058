/**
 * The table of every endpoint of the API: one descriptor per endpoint (see `Endpoint` in core).
 * The group modules' functions, the fake server, the catalogue in the README and the tests all
 * read it.
 *
 * @since 0.1.0
 */
import type { Endpoint } from "@effect-livechat/core"
import * as Agents from "./Agents.js"

/**
 * The endpoints by group and name.
 *
 * @since 0.1.0
 * @category table
 */
export const groups = {
  Agents: Agents.endpoints
} as const

/**
 * Every endpoint, in the reference's order.
 *
 * @since 0.1.0
 * @category table
 */
export const table: ReadonlyArray<Endpoint.Endpoint> = Object.values(groups).flatMap((group) =>
  Object.values(group) as ReadonlyArray<Endpoint.Endpoint>
)
