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
export * as Tracing from "./Tracing.js"
/**
 * @since 0.1.0
 */
export * as Async from "./Async.js"
/**
 * @since 0.1.0
 */
export * as Wire from "./Wire.js"
/**
 * @since 0.1.0
 */
export * as Compiled from "./Compiled.js"
/**
 * @since 0.1.0
 */
export * as Days from "./Days.js"
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
/**
 * @since 0.1.0
 */
export * as CannedResponse from "./schemas/CannedResponse.js"
/**
 * @since 0.1.0
 */
export * as Chat from "./schemas/Chat.js"
/**
 * @since 0.1.0
 */
export * as Goal from "./schemas/Goal.js"
/**
 * @since 0.1.0
 */
export * as Greeting from "./schemas/Greeting.js"
/**
 * @since 0.1.0
 */
export * as Group from "./schemas/Group.js"
/**
 * @since 0.1.0
 */
export * as Report from "./schemas/Report.js"
/**
 * @since 0.1.0
 */
export * as Status from "./schemas/Status.js"
/**
 * @since 0.1.0
 */
export * as Tag from "./schemas/Tag.js"
/**
 * @since 0.1.0
 */
export * as Ticket from "./schemas/Ticket.js"
/**
 * @since 0.1.0
 */
export * as Visitor from "./schemas/Visitor.js"
/**
 * @since 0.1.0
 */
export * as Webhook from "./schemas/Webhook.js"
