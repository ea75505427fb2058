/**
 * The Node.js-only part of `@effect-livechat/webhooks`: the receiver served alone over HTTP.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as WebhookServer from "./WebhookServer.js"
