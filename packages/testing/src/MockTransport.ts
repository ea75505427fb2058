/**
 * A scripted `HttpClient` for tests: every request is recorded and answered by a handler you
 * write, without sockets. Use it to assert what your code sends and to play any answer (errors,
 * HTML pages, truncated bodies); use `LiveChatFake` for a whole stateful server.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Context, Effect, Layer, Ref } from "effect"
import { requestBody } from "./internal/requestBody.js"

/**
 * A request as the transport received it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recorded {
  readonly method: string
  readonly url: URL
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** The body as text (`undefined` when there is none). */
  readonly body: string | undefined
}

/**
 * An answer: a status, headers and a body (a string is sent as is, anything else as JSON).
 * `fail` makes the transport fail instead, as a refused or reset connection would.
 *
 * @since 0.1.0
 * @category models
 */
export type Reply =
  | {
    readonly status?: number | undefined
    readonly headers?: Readonly<Record<string, string>> | undefined
    readonly body?: unknown
  }
  | { readonly fail: "ECONNREFUSED" | "ECONNRESET" }
  | Response

/**
 * @since 0.1.0
 * @category models
 */
export type Handler = (request: Recorded, index: number) => Reply | Effect.Effect<Reply>

/**
 * @since 0.1.0
 * @category models
 */
export interface MockTransport {
  readonly client: HttpClient.HttpClient
  /** Every request received so far, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<Recorded>>
}

const toResponse = (reply: Exclude<Reply, { readonly fail: string }>): Response => {
  if (reply instanceof Response) return reply
  const text = reply.body === undefined
    ? null
    : typeof reply.body === "string"
    ? reply.body
    : JSON.stringify(reply.body)
  const headers = new Headers(reply.headers)
  if (text !== null && !headers.has("content-type") && typeof reply.body !== "string") {
    headers.set("content-type", "application/json")
  }
  return new Response(text, { status: reply.status ?? 200, headers })
}

/**
 * Makes a transport that answers with `handler`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handler: Handler): Effect.Effect<MockTransport> =>
  Effect.gen(function*() {
    const log = yield* Ref.make<ReadonlyArray<Recorded>>([])
    const client = HttpClient.make((request, url) =>
      Effect.gen(function*() {
        const recorded: Recorded = {
          method: request.method,
          url,
          headers: { ...request.headers },
          body: requestBody(request)
        }
        const index = (yield* Ref.getAndUpdate(log, (all) => [...all, recorded])).length
        const produced = handler(recorded, index)
        const reply = Effect.isEffect(produced) ? yield* produced : produced
        if (!(reply instanceof Response) && "fail" in reply) {
          const cause = Object.assign(
            new Error(reply.fail === "ECONNREFUSED" ? "connect ECONNREFUSED" : "socket hang up"),
            {
              code: reply.fail
            }
          )
          return yield* new HttpClientError.RequestError({ request, reason: "Transport", cause })
        }
        return HttpClientResponse.fromWeb(request, toResponse(reply))
      })
    )
    return { client, requests: Ref.get(log) }
  })

/**
 * The transport of a {@link layer}, to read what it recorded.
 *
 * @since 0.1.0
 * @category tags
 */
export class Transport extends Context.Tag("@effect-livechat/testing/MockTransport")<Transport, MockTransport>() {}

/**
 * A layer providing the transport as the `HttpClient`, and as {@link Transport} to read what it recorded.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (handler: Handler): Layer.Layer<HttpClient.HttpClient | Transport> =>
  Layer.effectContext(
    Effect.map(make(handler), (transport) =>
      Context.make(Transport, transport).pipe(Context.add(HttpClient.HttpClient, transport.client)))
  )
