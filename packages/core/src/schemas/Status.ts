/**
 * Status: whether the LiveChat of the license (or of one group) is online or offline.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The two values `GET /status` returns: `online`, `offline`.
 *
 * @since 0.1.0
 * @category literals
 */
export const State = Schema.Literal("online", "offline")

/**
 * @since 0.1.0
 * @category literals
 */
export type State = typeof State.Type

/**
 * The answer of `GET /status`.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Status extends Schema.Class<Status>("@effect-livechat/core/Status/Status")({
  status: State
}) {}
