/**
 * The Node.js-only part of `@effect-livechat/core`: the client over undici directly.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as NodeLiveChatClient from "./NodeLiveChatClient.js"
