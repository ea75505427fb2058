/**
 * @since 0.1.0
 */
export * as LiveChatFake from "./LiveChatFake.js"
/**
 * @since 0.1.0
 */
export * as MockTransport from "./MockTransport.js"
/**
 * @since 0.1.0
 */
export * as SpanRecorder from "./SpanRecorder.js"
