/**
 * `WebhookServer`: the receiver served alone on Node.js (`node:http`), for a process that does
 * nothing else, the command line, tests and benchmarks. To receive webhooks in a server you already
 * run, mount `Receiver.toHttpApp` on one of its routes instead.
 *
 * Slow senders are cut off: headers must arrive within `headersTimeout` (default: the receiver's
 * `readTimeout`), the whole request within `readTimeout` plus a second; the server checks its
 * connections for these every `checkInterval` (default 1 second).
 *
 * @example
 * ```ts
 * import { WebhookServer } from "@effect-livechat/webhooks/node"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const server = yield* WebhookServer.serve(
 *     { port: 8080, username: "livechat", password: Redacted.make("a long random password"), licenseId: 12345 },
 *     (event) => Effect.log(`received ${event.event_type}`)
 *   )
 *   yield* Effect.log(`listening on ${server.url}`)
 *   yield* Effect.never
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 */
import type { InvalidInput } from "@effect-livechat/core"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import type * as HttpApp from "@effect/platform/HttpApp"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import { Duration, Effect, type Scope, Stream } from "effect"
import * as Http from "node:http"
import * as Receiver from "./Receiver.js"
import type * as WebhookEvent from "./WebhookEvent.js"

/**
 * Where and how to listen, besides the receiver's options.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions extends Receiver.Options {
  /** The port; 0 (default) takes any free one (see `Served.port`). */
  readonly port?: number | undefined
  /** The address to listen on. Default `0.0.0.0` (every interface); `127.0.0.1` for this machine only. */
  readonly host?: string | undefined
  /** How long a request's headers may take to arrive. Default: the receiver's `readTimeout`. */
  readonly headersTimeout?: Duration.DurationInput | undefined
  /** How often the server looks for connections over their time. Default 1 second. */
  readonly checkInterval?: Duration.DurationInput | undefined
}

/**
 * A serving receiver.
 *
 * @since 0.1.0
 * @category models
 */
export interface Served {
  /** `http://<host>:<port>`, without credentials: register `http://user:password@<host>:<port>/`. */
  readonly url: string
  readonly port: number
}

/** Node's server, with its timeouts for slow senders. */
const nodeServer = (options: ServeOptions) => () => {
  const read = Duration.toMillis(Duration.decode(options.readTimeout ?? Receiver.defaultReadTimeout))
  const headers = Duration.toMillis(Duration.decode(options.headersTimeout ?? read))
  const server = Http.createServer({
    headersTimeout: Math.max(1, Math.round(headers)),
    // The whole request: the body's own limit is the receiver's, this is the backstop.
    requestTimeout: Math.max(1, Math.round(read + 1000)),
    connectionsCheckingInterval: Math.max(
      1,
      Math.round(Duration.toMillis(Duration.decode(options.checkInterval ?? Duration.seconds(1))))
    )
  })
  server.keepAliveTimeout = 5_000
  return server
}

/** Serves an app on Node until the scope closes. */
const serveApp = (options: ServeOptions, app: HttpApp.Default<never, never>) =>
  Effect.gen(function*() {
    const server = yield* NodeHttpServer.make(nodeServer(options), {
      port: options.port ?? 0,
      host: options.host ?? "0.0.0.0"
    })
    yield* server.serve(app)
    const address = server.address
    const port = address._tag === "TcpAddress" ? address.port : 0
    const host = address._tag === "TcpAddress" ? address.hostname : "localhost"
    return { url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`, port } satisfies Served
  })

/**
 * Serves the receiver, handing each delivery to `handler` (see `Receiver.toHttpApp`), until the
 * scope closes. Every path is the receiver's.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = <E, R>(
  options: ServeOptions,
  handler: Receiver.Handler<E, R>
): Effect.Effect<Served, HttpServerError.ServeError | InvalidInput, Scope.Scope | R> =>
  Effect.gen(function*() {
    const app = yield* Receiver.toHttpApp(options, handler)
    const context = yield* Effect.context<R>()
    return yield* serveApp(options, Effect.provide(app, context))
  })

/**
 * Serves the receiver with its deliveries as a `Stream` (see `Receiver.toStream`), until the scope
 * closes: what a command printing events as they come needs.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serveStream = (
  options: ServeOptions & {
    readonly bufferSize?: number | undefined
    readonly handoffTimeout?: Duration.DurationInput | undefined
  }
): Effect.Effect<
  Served & { readonly events: Stream.Stream<WebhookEvent.Event> },
  HttpServerError.ServeError | InvalidInput,
  Scope.Scope
> =>
  Effect.gen(function*() {
    const { app, events } = yield* Receiver.toStream(options)
    const served = yield* serveApp(options, app)
    return { ...served, events }
  })

/**
 * The deliveries as a `Stream` that serves the receiver while it is consumed, calling `onListening`
 * once the server listens (to print its URL).
 *
 * @example
 * ```ts
 * import { WebhookServer } from "@effect-livechat/webhooks/node"
 * import { Effect, Redacted, Stream } from "effect"
 *
 * const ndjson = WebhookServer.stream({
 *   port: 8080,
 *   username: "livechat",
 *   password: Redacted.make("a long random password"),
 *   licenseId: 12345
 * }).pipe(
 *   // JSON.stringify writes token and license_id as "<redacted>".
 *   Stream.runForEach((event) => Effect.sync(() => process.stdout.write(`${JSON.stringify(event)}\n`)))
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const stream = (
  options: ServeOptions & {
    readonly bufferSize?: number | undefined
    readonly handoffTimeout?: Duration.DurationInput | undefined
    readonly onListening?: ((served: Served) => Effect.Effect<void>) | undefined
  }
): Stream.Stream<WebhookEvent.Event, HttpServerError.ServeError | InvalidInput> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    const served = yield* serveStream(options)
    if (options.onListening !== undefined) yield* options.onListening({ url: served.url, port: served.port })
    return served.events
  }))
