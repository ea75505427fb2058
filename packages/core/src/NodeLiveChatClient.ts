/**
 * `LiveChatClient` on Node.js over undici directly: the same service, options, errors, retries,
 * rate limiter, redaction and spans as {@link LiveChatClient.layer}, without an `HttpClient` to
 * provide, and at a fraction of its CPU per request (each attempt is one undici dispatch in one
 * Effect; see the `pnpm bench` figures in the repository's README). This is the layer to use on
 * Node; {@link LiveChatClient.layer} stays for fetch runtimes (Deno, Bun, browsers, workers) and for
 * an `HttpClient` of your own (a proxy, a test double).
 *
 * Each layer (or each `make` in a `Scope`) owns a pool of keep-alive connections to the base URL's
 * origin, closed with its scope.
 *
 * @example
 * ```ts
 * import { Auth } from "@effect-livechat/core"
 * import { NodeLiveChatClient } from "@effect-livechat/core/node"
 * import { Agents } from "@effect-livechat/resources"
 * import { Effect } from "effect"
 *
 * const Live = NodeLiveChatClient.layer({
 *   auth: Auth.apiKey({ login: "john.doe@mycompany.com", apiKey: "c14b85863755158d7aa5cc4ba17f61cb" })
 * })
 *
 * const program = Agents.list({}).pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.1.0
 */
import { type Config, type ConfigError, Effect, Layer, type Scope } from "effect"
import * as Execute from "./internal/execute.js"
import * as settings from "./internal/settings.js"
import * as Undici from "./internal/undici.js"
import * as LiveChatClient from "./LiveChatClient.js"
import type { InvalidInput } from "./LiveChatError.js"

/**
 * Makes the service over a pool of its own, closed when `Scope` closes. Every option is validated
 * first: a problem fails with {@link InvalidInput} (operation `NodeLiveChatClient.make`) naming it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: LiveChatClient.Options = {}
): Effect.Effect<LiveChatClient.Service, InvalidInput, Scope.Scope> =>
  Effect.gen(function*() {
    const made = yield* settings.make(options, "NodeLiveChatClient.make")
    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => Undici.pool(made)),
      (pool) => Effect.promise(() => pool.destroy())
    )
    return { execute: Execute.make(made, Undici.make(pool, made)), baseUrl: made.baseUrl }
  })

/**
 * A layer of the client on Node (see the module's documentation).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: LiveChatClient.Options = {}
): Layer.Layer<LiveChatClient.LiveChatClient, InvalidInput> =>
  Layer.scoped(LiveChatClient.LiveChatClient, make(options))

/**
 * A layer of the client on Node configured by `Config`, as {@link LiveChatClient.layerConfig}:
 * without an argument, from `LIVECHAT_LOGIN` + `LIVECHAT_API_KEY` or `LIVECHAT_ACCESS_TOKEN`, and
 * optionally `LIVECHAT_BASE_URL`.
 *
 * @example
 * ```ts
 * import { NodeLiveChatClient } from "@effect-livechat/core/node"
 * import { Agents } from "@effect-livechat/resources"
 * import { Effect } from "effect"
 *
 * const program = Agents.list({}).pipe(Effect.provide(NodeLiveChatClient.layerConfig()))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<LiveChatClient.Options> = LiveChatClient.config
): Layer.Layer<LiveChatClient.LiveChatClient, ConfigError.ConfigError | InvalidInput> =>
  Layer.scoped(LiveChatClient.LiveChatClient, Effect.flatMap(settings.unwrapOptions(options), make))
