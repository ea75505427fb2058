/**
 * @since 0.1.0
 */
export * as Agents from "./Agents.js"
/**
 * @since 0.1.0
 */
export * as Endpoints from "./Endpoints.js"
