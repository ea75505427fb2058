/**
 * The Node.js-only part of `@effect-livechat/testing`: the fake served over HTTP.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as LiveChatFakeServer from "./LiveChatFakeServer.js"
