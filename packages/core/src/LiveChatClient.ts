/**
 * `LiveChatClient`: the HTTP service every endpoint goes through. It prepends the base URL, sets
 * the API's headers, applies auth, encodes the request, decodes the response with a Schema, maps
 * every failure to a {@link LiveChatError}, retries transient failures and rate-limits, in one place.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import {
  Config,
  ConfigError,
  Context,
  type Duration,
  Effect,
  Either,
  Layer,
  Option,
  type Redacted,
  type Schema
} from "effect"
import { dual } from "effect/Function"
import * as Auth from "./Auth.js"
import * as Execute from "./internal/execute.js"
import * as settings from "./internal/settings.js"
import * as Transport from "./internal/transport.js"
import type { InvalidInput, LiveChatError } from "./LiveChatError.js"
import type * as RateLimit from "./RateLimit.js"
import type * as Retry from "./Retry.js"
import type * as Wire from "./Wire.js"

/**
 * The API's default base URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl: string = settings.defaultBaseUrl

/**
 * The `User-Agent` sent by default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultUserAgent: string = settings.defaultUserAgent

/**
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "DELETE"

/**
 * One request to the API, before the client adds base URL, headers and auth.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request {
  readonly method: Method
  /** The path template, for spans and logs (`/agents/{login}`). */
  readonly template: string
  /** The path with its parameters filled in and encoded (`/agents/john%40public.com`). */
  readonly path: string
  /** Query parameters, in order (names with brackets: `tag[]`). */
  readonly query?: Wire.Pairs | undefined
  /** The body, written as a form (default) or JSON according to the client's `bodyEncoding`. */
  readonly body?: { readonly [key: string]: Wire.FormValue } | undefined
  /** `false` for endpoints that authenticate otherwise (visitor details). Default `true`. */
  readonly authenticate?: boolean | undefined
  /** Body or query names whose arrays are written with indexes in a form (see {@link Wire.EncodeOptions}). */
  readonly indexed?: ReadonlyArray<string> | undefined
  /** Secrets this request sends (a visitor token in the body): scrubbed from everything printed about it. */
  readonly secrets?: ReadonlyArray<string> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** How to authenticate. Default {@link Auth.none}: only visitor details can be called. */
  readonly auth?: Auth.Auth | undefined
  /** Default `https://api.livechatinc.com`. Plain `http://` only for loopback hosts, or with `allowInsecureHttp`. */
  readonly baseUrl?: string | URL | undefined
  /** Allow a plain `http://` base URL on a host that is not loopback. Default `false`. */
  readonly allowInsecureHttp?: boolean | undefined
  /** Request bodies as `application/x-www-form-urlencoded` (default, as the reference) or JSON. */
  readonly bodyEncoding?: "form" | "json" | undefined
  /** Default `effect-livechat/<version>`. */
  readonly userAgent?: string | undefined
  /** The longest wait for one attempt (answer and body). Default 30 seconds; `false` for none. */
  readonly timeout?: Duration.DurationInput | false | undefined
  /** The retry policy (see {@link Retry}); `false` turns retries off. */
  readonly retry?: Retry.Options | false | undefined
  /** The rate limiter shared by every request of this client (see {@link RateLimit}); `false` for none. */
  readonly rateLimit?: RateLimit.Options | false | undefined
  /**
   * The longest `Retry-After` (of a 429 or 503) the client waits for. A longer one is not waited
   * for: the call fails at once with the `RateLimited` (or `ServerError`) carrying `retryAfter`, and
   * other requests are not paused. Default 5 minutes.
   */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
  /** The largest answer read, in bytes; a larger one fails with `TransportError` `TooLarge`. Default 64 MiB. */
  readonly maxResponseBytes?: number | undefined
}

/**
 * The defaults of the options that have one.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults: typeof settings.defaults = settings.defaults

/**
 * Validates client options, returning the first problem found: an unknown option, or a value of
 * the wrong type or out of range (every option is checked; nothing is silently accepted).
 *
 * @since 0.1.0
 * @category utils
 */
export const validateOptions: (options: unknown) => Option.Option<{ field: string; detail: string }> =
  settings.validateOptions

/**
 * What a request did, reported to the current {@link Observer} (progress bars, metrics).
 *
 * @since 0.1.0
 * @category models
 */
export interface Event {
  readonly request: Request
  /** 1 for the first attempt; more for each retry. */
  readonly attempt: number
  /** For a retry, the failure that caused it. */
  readonly retryOf: LiveChatError | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export type Observer = (event: Event) => Effect.Effect<void>

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Sends a request and decodes a successful answer with `response`. */
  readonly execute: <A, I>(request: Request, response: Schema.Schema<A, I>) => Effect.Effect<A, LiveChatError>
  /** The base URL every path is resolved against. */
  readonly baseUrl: URL
}

/**
 * The LiveChat client service.
 *
 * @since 0.1.0
 * @category tags
 */
export class LiveChatClient extends Context.Tag("@effect-livechat/core/LiveChatClient")<LiveChatClient, Service>() {}

/**
 * Reports every attempt and retry of the requests made by `effect` to `observer`.
 *
 * @since 0.1.0
 * @category observability
 */
export const withObserver: {
  (observer: Observer): <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(effect: Effect.Effect<A, E, R>, observer: Observer): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(effect: Effect.Effect<A, E, R>, observer: Observer): Effect.Effect<A, E, R> =>
    Effect.provideService(effect, Execute.observers, observer)
)

/**
 * Checks and normalises a base URL: `https://`, or `http://` on a loopback host (or with
 * `allowInsecureHttp`), without credentials, query or fragment.
 *
 * @since 0.1.0
 * @category utils
 */
export const parseBaseUrl: (input: string | URL, allowInsecureHttp?: boolean) => Either.Either<URL, string> =
  settings.parseBaseUrl

/**
 * Makes the service over the `HttpClient` in context. Every option is validated first: a problem
 * fails with {@link InvalidInput} (operation `LiveChatClient.make`) naming the option.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<Service, InvalidInput, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const made = yield* settings.make(options, "LiveChatClient.make")
    const transport = Transport.fromHttpClient(yield* HttpClient.HttpClient, made)
    return { execute: Execute.make(made, transport), baseUrl: made.baseUrl } satisfies Service
  })

/**
 * A layer of the client over the `HttpClient` in context (`NodeHttpClient.layerUndici`,
 * `FetchHttpClient.layer`, or `LiveChatFake.layer` in tests).
 *
 * @example
 * ```ts
 * import { Auth, LiveChatClient } from "@effect-livechat/core"
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import { Layer } from "effect"
 *
 * const Live = LiveChatClient.layer({
 *   auth: Auth.apiKey({ login: "john.doe@mycompany.com", apiKey: "c14b85863755158d7aa5cc4ba17f61cb" })
 * }).pipe(Layer.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<LiveChatClient, InvalidInput, HttpClient.HttpClient> =>
  Layer.effect(LiveChatClient, make(options))

/**
 * A layer of the client authenticating with an agent's login and API key (HTTP Basic).
 *
 * @example
 * ```ts
 * import { LiveChatClient } from "@effect-livechat/core"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer, Redacted } from "effect"
 *
 * const Live = LiveChatClient.layerApiKey({
 *   login: "john.doe@mycompany.com",
 *   apiKey: Redacted.make("c14b85863755158d7aa5cc4ba17f61cb")
 * }).pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerApiKey = (
  credentials: { readonly login: string; readonly apiKey: string | Redacted.Redacted<string> },
  options: Omit<Options, "auth"> = {}
): Layer.Layer<LiveChatClient, InvalidInput, HttpClient.HttpClient> =>
  layer({ ...options, auth: Auth.apiKey(credentials) })

/**
 * A layer of the client authenticating with an OAuth 2.0 bearer token: a fixed token, or an Effect
 * that yields one for each request (give it a cached, refreshing Effect to rotate tokens).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerBearer = (
  token: string | Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>, LiveChatError>,
  options: Omit<Options, "auth"> = {}
): Layer.Layer<LiveChatClient, InvalidInput, HttpClient.HttpClient> =>
  layer({ ...options, auth: Effect.isEffect(token) ? Auth.bearerEffect(token) : Auth.bearer(token) })

const loginVariable = "LIVECHAT_LOGIN"
const apiKeyVariable = "LIVECHAT_API_KEY"
const tokenVariable = "LIVECHAT_ACCESS_TOKEN"
const baseUrlVariable = "LIVECHAT_BASE_URL"

const envLogin = Config.option(Config.nonEmptyString(loginVariable))
const envApiKey = Config.option(Config.redacted(Config.nonEmptyString(apiKeyVariable)))
const envToken = Config.option(Config.redacted(Config.nonEmptyString(tokenVariable)))
const envBaseUrl = Config.withDefault(Config.nonEmptyString(baseUrlVariable), defaultBaseUrl)

/** The auth the `LIVECHAT_*` variables describe, or the `ConfigError` that says what to set. */
const authOf = (settings: {
  readonly login: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly token: Option.Option<Redacted.Redacted<string>>
}): Either.Either<Auth.Auth, ConfigError.ConfigError> => {
  const { apiKey, login, token } = settings
  if (Option.isSome(token)) {
    if (Option.isSome(login) || Option.isSome(apiKey)) {
      return Either.left(
        ConfigError.InvalidData(
          [tokenVariable],
          "both LIVECHAT_ACCESS_TOKEN and LIVECHAT_LOGIN/LIVECHAT_API_KEY are set: set only one way to authenticate"
        )
      )
    }
    return Either.right(Auth.bearer(token.value))
  }
  if (Option.isSome(login) && Option.isSome(apiKey)) {
    return Either.right(Auth.apiKey({ login: login.value, apiKey: apiKey.value }))
  }
  if (Option.isSome(login)) {
    return Either.left(
      ConfigError.MissingData([apiKeyVariable], "LIVECHAT_LOGIN is set: set LIVECHAT_API_KEY to the agent's API key")
    )
  }
  if (Option.isSome(apiKey)) {
    return Either.left(
      ConfigError.MissingData([loginVariable], "LIVECHAT_API_KEY is set: set LIVECHAT_LOGIN to the agent's login")
    )
  }
  return Either.left(
    ConfigError.MissingData(
      [loginVariable],
      "no LiveChat credentials: set LIVECHAT_LOGIN and LIVECHAT_API_KEY, or LIVECHAT_ACCESS_TOKEN"
    )
  )
}

const baseUrlOf = (input: string): Either.Either<URL, ConfigError.ConfigError> =>
  Either.mapLeft(parseBaseUrl(input), (detail) => ConfigError.InvalidData([baseUrlVariable], detail))

/**
 * The credentials read from the environment: `LIVECHAT_LOGIN` + `LIVECHAT_API_KEY` (API key auth),
 * or `LIVECHAT_ACCESS_TOKEN` (OAuth bearer). A missing or contradictory setting is a `ConfigError`
 * that says what to set. The `auth` of {@link layerConfig}'s default; to read other names, or from
 * another source, give `Auth.apiKeyConfig` or `Auth.bearerConfig` instead.
 *
 * @since 0.1.0
 * @category config
 */
export const authConfig: Config.Config<Auth.Auth> = Config.all({ login: envLogin, apiKey: envApiKey, token: envToken })
  .pipe(Config.mapOrFail(authOf))

/**
 * The base URL read from `LIVECHAT_BASE_URL` (default `https://api.livechatinc.com`), checked as
 * the client checks it (see {@link parseBaseUrl}): a URL it refuses is a `ConfigError` naming the
 * variable.
 *
 * @since 0.1.0
 * @category config
 */
export const baseUrlConfig: Config.Config<URL> = Config.mapOrFail(envBaseUrl, baseUrlOf)

/**
 * The credentials and base URL read from the environment:
 * `LIVECHAT_LOGIN` + `LIVECHAT_API_KEY` (API key auth), or `LIVECHAT_ACCESS_TOKEN` (OAuth bearer),
 * and optionally `LIVECHAT_BASE_URL` (see {@link authConfig} and {@link baseUrlConfig}). A missing
 * or contradictory setting is a `ConfigError` that says what to set (the base URL's first).
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<{ readonly auth: Auth.Auth; readonly baseUrl: URL }> = Config.all({
  login: envLogin,
  apiKey: envApiKey,
  token: envToken,
  baseUrl: envBaseUrl
}).pipe(
  Config.mapOrFail((settings) =>
    Either.flatMap(
      baseUrlOf(settings.baseUrl),
      (baseUrl) => Either.map(authOf(settings), (auth) => ({ auth, baseUrl }))
    )
  )
)

/**
 * A layer of the client configured by `Config`, as `@effect/sql-pg`'s `PgClient.layerConfig`:
 * each option a `Config` of its value (`Config.Wrap<Options>`), or the whole `Options` as one
 * `Config`, read from the `ConfigProvider` in context (the environment by default, or any other:
 * `ConfigProvider.fromMap`, `fromJson`, a secrets manager). Give `auth` as {@link Auth.apiKeyConfig}
 * or {@link Auth.bearerConfig} to read credentials under names of your own; secrets stay `Redacted`.
 *
 * Without an argument, it reads the environment: `LIVECHAT_LOGIN` + `LIVECHAT_API_KEY`, or
 * `LIVECHAT_ACCESS_TOKEN`, and optionally `LIVECHAT_BASE_URL` (see {@link config}); the other
 * options keep their defaults. A setting that is missing or cannot be read is a `ConfigError`
 * naming it; an option read but refused by the client (see {@link make}) is an `InvalidInput`.
 *
 * @example
 * ```ts
 * import { Auth, LiveChatClient } from "@effect-livechat/core"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Config, Layer } from "effect"
 *
 * // From the environment: LIVECHAT_LOGIN + LIVECHAT_API_KEY, or LIVECHAT_ACCESS_TOKEN; LIVECHAT_BASE_URL optional.
 * const FromEnv = LiveChatClient.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))
 *
 * // From names of your own, with options read or fixed:
 * const Custom = LiveChatClient.layerConfig({
 *   auth: Auth.apiKeyConfig({ login: Config.string("SUPPORT_LOGIN"), apiKey: Config.redacted("SUPPORT_KEY") }),
 *   baseUrl: Config.withDefault(Config.string("SUPPORT_API"), LiveChatClient.defaultBaseUrl),
 *   timeout: Config.duration("SUPPORT_TIMEOUT"),
 *   rateLimit: Config.succeed({ limit: 100, interval: "1 second" })
 * }).pipe(Layer.provide(NodeHttpClient.layerUndici))
 *
 * // The environment's credentials, with other options:
 * const Limited = LiveChatClient.layerConfig({
 *   auth: LiveChatClient.authConfig,
 *   baseUrl: LiveChatClient.baseUrlConfig,
 *   retry: Config.succeed(false)
 * })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<Options> = config
): Layer.Layer<LiveChatClient, ConfigError.ConfigError | InvalidInput, HttpClient.HttpClient> =>
  Layer.effect(LiveChatClient, Effect.flatMap(settings.unwrapOptions(options), make))
