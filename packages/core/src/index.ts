/**
 * @since 0.1.0
 */
export * as Auth from "./Auth.js"
/**
 * @since 0.1.0
 */
export * as LiveChatClient from "./LiveChatClient.js"
/**
 * @since 0.1.0
 */
export * from "./LiveChatError.js"
/**
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"
/**
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"
/**
 * @since 0.1.0
 */
export * as Wire from "./Wire.js"
/**
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"
/**
 * @since 0.1.0
 */
export * as Fields from "./schemas/Fields.js"
/**
 * @since 0.1.0
 */
export * as Agent from "./schemas/Agent.js"
