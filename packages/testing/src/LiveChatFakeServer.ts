/**
 * `LiveChatFakeServer`: a {@link LiveChatFake} served over HTTP on 127.0.0.1, for end-to-end tests,
 * demos and benchmarks. It needs Node.js (`node:http`), so it lives in its own entry point,
 * `@effect-livechat/testing/node`; the in-process fake
 * (`@effect-livechat/testing`) imports nothing from Node. The `livechat-fake` binary runs one from
 * the command line.
 *
 * @example
 * ```ts
 * import { NodeLiveChatClient } from "@effect-livechat/core/node"
 * import { Agents } from "@effect-livechat/resources"
 * import { LiveChatFakeServer } from "@effect-livechat/testing/node"
 * import { Effect } from "effect"
 *
 * const endToEnd = Effect.gen(function*() {
 *   const server = yield* LiveChatFakeServer.serve({ seed: { chats: 1_000 } })
 *   const client = NodeLiveChatClient.layer({ baseUrl: server.url, auth: server.fake.auth })
 *   return yield* Agents.list().pipe(Effect.provide(client))
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as ServerError from "@effect/platform/HttpServerError"
import { Context, Effect, Exit, Layer, Runtime, type Scope } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type { RawResponse } from "./internal/server.js"
import * as LiveChatFake from "./LiveChatFake.js"

/**
 * A served fake.
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

/** Sends the fake's answer: as it is, or half of it before the connection breaks, or no answer at all. */
const send = (request: Http.IncomingMessage, response: Http.ServerResponse, answer: RawResponse): void => {
  if (answer.fault === "reset") {
    request.socket.destroy()
    return
  }
  const body = typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body
  response.writeHead(answer.status, { ...answer.headers, "content-length": String(body.length) })
  if (answer.fault === "truncate") {
    // Promise the whole body, send half, let it reach the client, then break the connection.
    response.write(body.subarray(0, Math.floor(body.length / 2)))
    setTimeout(() => request.socket.destroy(), 5)
    return
  }
  response.end(body)
}

/**
 * The fake's HTTP face: each request read (its body, unless a GET) and answered by the fake in a
 * fiber of the runtime it was served from (its clock too), then sent by Node's server directly.
 * Routing is the fake's own, the same for the in-process face. `@effect/platform`'s `HttpServer`
 * is not used here: its request and response objects, middleware, body encoding and fiber per
 * request made a served page cost ~1.5× the CPU (median 460 against 300 µs a page of 25 chats,
 * `packages/testing/bench/pageCost.ts`, the same run; it was over half of the fake's profile).
 */
const listener = (fake: LiveChatFake.Fake, runtime: Runtime.Runtime<never>) => {
  const run = Runtime.runCallback(runtime)
  const answer = (request: Http.IncomingMessage, response: Http.ServerResponse, body: string | undefined) => {
    const cancel = run(
      fake.respond({
        method: request.method ?? "GET",
        url: new URL(request.url ?? "/", "http://127.0.0.1"),
        headers: request.headers as Record<string, string>,
        body
      }),
      {
        onExit: (exit) => {
          if (Exit.isSuccess(exit)) send(request, response, exit.value)
          else if (!Exit.isInterrupted(exit)) response.writeHead(500).end()
        }
      }
    )
    // A client that went away before its answer: stop answering it.
    response.once("close", () => {
      if (!response.writableEnded) cancel()
    })
  }
  return (request: Http.IncomingMessage, response: Http.ServerResponse) => {
    if (request.method === "GET") return answer(request, response, undefined)
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.once("end", () => answer(request, response, Buffer.concat(chunks).toString("utf8")))
    request.once("error", () => answer(request, response, ""))
  }
}

/**
 * Serves a fake on 127.0.0.1 (port 0, any free port, by default) until the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (options: ServeOptions = {}): Effect.Effect<Served, HttpServerError.ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    // A fake made here stops its background work (webhook deliveries) when the scope closes.
    const fake = options.fake ?? (yield* Effect.acquireRelease(LiveChatFake.make(options), (made) => made.close))
    const node = Http.createServer(listener(fake, yield* Effect.runtime<never>()))
    yield* Effect.acquireRelease(
      Effect.async<void, HttpServerError.ServeError>((resume) => {
        const failed = (cause: unknown) => resume(Effect.fail(new ServerError.ServeError({ cause })))
        node.once("error", failed)
        node.listen(options.port ?? 0, "127.0.0.1", () => {
          node.off("error", failed)
          resume(Effect.void)
        })
      }),
      () =>
        Effect.async<void>((resume) => {
          node.close(() => resume(Effect.void))
          // Closing waits for idle keep-alive connections: end them at once.
          node.closeAllConnections()
        })
    )
    const port = (node.address() as AddressInfo).port
    return { url: `http://127.0.0.1:${port}`, port, fake }
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
