/** Shared by the core tests: a client over a scripted transport. */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { MockTransport, SpanRecorder } from "@effect-livechat/testing"
import { Effect, Layer, Schema } from "effect"

export const login = "john.doe@mycompany.com"
export const apiKey = "c14b85863755158d7aa5cc4ba17f61cb"
export const token = "oauth-token-9d8e7f6a5b4c3d2e1f"

export const testLayer = (handler: MockTransport.Handler, options: LiveChatClient.Options = {}) => {
  const transport = MockTransport.layer(handler)
  return Layer.merge(
    LiveChatClient.layer({
      auth: Auth.apiKey({ login, apiKey }),
      rateLimit: false,
      ...options
    }).pipe(Layer.provide(transport)),
    transport
  )
}

export const Thing = Schema.Struct({ id: Schema.Number, name: Schema.String })

export const request = (
  method: LiveChatClient.Method = "GET",
  path = "/things/1",
  body?: LiveChatClient.Request["body"]
): LiveChatClient.Request => ({ method, template: "/things/{id}", path, body })

/** Sends one request through the client in context. */
export const send = (req: LiveChatClient.Request = request()) =>
  Effect.flatMap(LiveChatClient.LiveChatClient, (client) => client.execute(req, Thing))

export const sent = Effect.flatMap(MockTransport.Transport, (t) => t.requests)

/** A tracer that keeps every span it makes (see SpanRecorder in the testing package). */
export const recordingTracer = () => SpanRecorder.make()
