/**
 * @since 0.1.0
 */
export * as Receiver from "./Receiver.js"
/**
 * @since 0.1.0
 */
export * as WebhookEvent from "./WebhookEvent.js"
