/**
 * @since 0.1.0
 */
export * as Archives from "./Archives.js"
/**
 * @since 0.1.0
 */
export * as Checkpoint from "./Checkpoint.js"
/**
 * @since 0.1.0
 */
export * as Progress from "./Progress.js"
/**
 * @since 0.1.0
 */
export * from "./StreamError.js"
/**
 * @since 0.1.0
 */
export * as Tickets from "./Tickets.js"
