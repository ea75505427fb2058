/**
 * @since 0.1.0
 */
export * as Agents from "./Agents.js"
/**
 * @since 0.1.0
 */
export * as Archives from "./Archives.js"
/**
 * @since 0.1.0
 */
export * as CannedResponses from "./CannedResponses.js"
/**
 * @since 0.1.0
 */
export * as Goals from "./Goals.js"
/**
 * @since 0.1.0
 */
export * as Greetings from "./Greetings.js"
/**
 * @since 0.1.0
 */
export * as Groups from "./Groups.js"
/**
 * @since 0.1.0
 */
export * as Reports from "./Reports.js"
/**
 * @since 0.1.0
 */
export * as Status from "./Status.js"
/**
 * @since 0.1.0
 */
export * as Tags from "./Tags.js"
/**
 * @since 0.1.0
 */
export * as Tickets from "./Tickets.js"
/**
 * @since 0.1.0
 */
export * as Visitors from "./Visitors.js"
/**
 * @since 0.1.0
 */
export * as Webhooks from "./Webhooks.js"
/**
 * @since 0.1.0
 */
export * as Endpoints from "./Endpoints.js"
