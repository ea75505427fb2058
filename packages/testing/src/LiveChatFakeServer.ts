/**
 * `LiveChatFakeServer`: a {@link LiveChatFake} served over HTTP on 127.0.0.1, for end-to-end tests,
 * demos and benchmarks. It needs Node.js (`node:http` and `@effect/platform-node`), so it lives in
 * its own entry point, `@effect-livechat/testing/node`; the in-process fake
 * (`@effect-livechat/testing`) imports nothing from Node. The `livechat-fake` binary runs one from
 * the command line.
 *
 * @example
 * ```ts
 * import { LiveChatClient } from "@effect-livechat/core"
 * import { Agents } from "@effect-livechat/resources"
 * import { LiveChatFakeServer } from "@effect-livechat/testing/node"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 *
 * const endToEnd = Effect.gen(function*() {
 *   const server = yield* LiveChatFakeServer.serve({ seed: { chats: 1_000 } })
 *   const client = LiveChatClient.layer({ baseUrl: server.url, auth: server.fake.auth }).pipe(
 *     Layer.provide(NodeHttpClient.layerUndici)
 *   )
 *   return yield* Agents.list().pipe(Effect.provide(client))
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 */
import { HttpMiddleware, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import type { HttpServerError } from "@effect/platform"
import { NodeHttpServer, NodeHttpServerRequest } from "@effect/platform-node"
import { Context, Effect, Layer, type Scope, Stream } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as LiveChatFake from "./LiveChatFake.js"

/**
 * A fake served over HTTP.
 *
 * @since 0.1.0
 * @category models
 */
export interface Served {
  /** `http://127.0.0.1:<port>`: use it as the client's `baseUrl`. */
  readonly url: string
  readonly port: number
  readonly fake: LiveChatFake.Fake
}

/**
 * The tag of a served fake.
 *
 * @since 0.1.0
 * @category tags
 */
export class Server extends Context.Tag("@effect-livechat/testing/LiveChatFakeServer")<Server, Served>() {}

/**
 * The options of {@link serve}: the fake's, the port (0, any free port, by default), or a fake
 * that is already running.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions extends LiveChatFake.Options {
  readonly port?: number | undefined
  readonly fake?: LiveChatFake.Fake | undefined
}

const app = (fake: LiveChatFake.Fake) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = request.method === "GET" ? undefined : yield* Effect.orElseSucceed(request.text, () => "")
    const url = new URL(request.url, "http://127.0.0.1")
    const response = yield* fake.respond({ method: request.method, url, headers: request.headers, body })
    if (response.fault === "reset") {
      NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()
      return HttpServerResponse.empty({ status: 500 })
    }
    if (response.fault === "truncate") {
      const bytes = typeof response.body === "string" ? new TextEncoder().encode(response.body) : response.body
      // Promise the whole body, send half, then break the connection.
      const socket = NodeHttpServerRequest.toIncomingMessage(request).socket
      const breakConnection = Effect.async<never>((resume) => {
        // Let the half that was written reach the client, then cut the connection.
        const timer = setTimeout(() => {
          socket.destroy()
          resume(Effect.interrupt)
        }, 5)
        return Effect.sync(() => clearTimeout(timer))
      })
      return HttpServerResponse.stream(
        Stream.concat(Stream.make(bytes.slice(0, Math.floor(bytes.length / 2))), Stream.fromEffect(breakConnection)),
        { status: response.status, headers: response.headers, contentLength: bytes.length }
      )
    }
    const options = {
      status: response.status,
      headers: response.headers,
      contentType: response.headers["content-type"] ?? "application/json"
    }
    return typeof response.body === "string"
      ? HttpServerResponse.text(response.body, options)
      : HttpServerResponse.uint8Array(response.body, options)
  })

/**
 * Serves a fake on 127.0.0.1 (port 0, any free port, by default) until the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (options: ServeOptions = {}): Effect.Effect<Served, HttpServerError.ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const fake = options.fake ?? (yield* LiveChatFake.make(options))
    let node: Http.Server | undefined
    const server = yield* NodeHttpServer.make(() => (node = Http.createServer()), {
      port: options.port ?? 0,
      host: "127.0.0.1"
    })
    // Closing waits for idle keep-alive connections; end them at once (runs before the server's own finalizer).
    yield* Effect.addFinalizer(() => Effect.sync(() => node?.closeAllConnections()))
    // No span per request served: the fake is not what users trace, and a span costs a fake's page.
    yield* HttpMiddleware.withTracerDisabledWhenEffect(server.serve(app(fake)), () => true)
    const address = server.address as unknown as AddressInfo & { _tag: string; port: number }
    return { url: `http://127.0.0.1:${address.port}`, port: address.port, fake }
  })

/**
 * A served fake as a layer: {@link Server} (its URL) and {@link LiveChatFake.LiveChatFake}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Omit<ServeOptions, "fake"> = {}
): Layer.Layer<Server | LiveChatFake.LiveChatFake, HttpServerError.ServeError> =>
  Layer.scopedContext(
    Effect.map(
      serve(options),
      (served) => Context.make(Server, served).pipe(Context.add(LiveChatFake.LiveChatFake, served.fake))
    )
  )
