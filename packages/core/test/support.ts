/** Shared by the core tests: a client over a scripted transport. */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { MockTransport } from "@effect-livechat/testing"
import { Effect, type Exit, Layer, Schema, Tracer } from "effect"

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

export interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ name: string; attributes: Record<string, unknown> | undefined }>
  exit: Exit.Exit<unknown, unknown> | undefined
}

/** A tracer that keeps every span it makes, to assert on names and attributes. */
export const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  let next = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind) {
      const recorded: RecordedSpan = { name, attributes: new Map(), events: [], exit: undefined }
      spans.push(recorded)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: `span-${next++}`,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: recorded.attributes,
        links,
        sampled: true,
        kind,
        end: (_, exit) => {
          recorded.exit = exit
        },
        attribute: (key, value) => {
          recorded.attributes.set(key, value)
        },
        event: (eventName, _, attributes) => {
          recorded.events.push({ name: eventName, attributes })
        },
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  return { tracer, spans }
}
