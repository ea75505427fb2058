/**
 * How the client authenticates: HTTP Basic with an agent login and API key, an OAuth 2.0 bearer
 * token, or a bearer token produced by an Effect (so tokens can be refreshed). Secrets are held as
 * `Redacted` values and never printed; the `Authorization` header is redacted in traces.
 *
 * @since 0.1.0
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Config, Data, Effect, Option, Redacted } from "effect"
import { InvalidInput, type LiveChatError } from "./LiveChatError.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Auth = Data.TaggedEnum<{
  /** HTTP Basic: the agent's login as user name, the API key as password. */
  ApiKey: { readonly login: string; readonly apiKey: Redacted.Redacted<string> }
  /** `Authorization: Bearer <token>`, with a fixed OAuth 2.0 access token. */
  Bearer: { readonly token: Redacted.Redacted<string> }
  /** `Authorization: Bearer <token>`, with a token obtained for each request (e.g. from a refreshing cache). */
  BearerEffect: { readonly token: Effect.Effect<Redacted.Redacted<string>, LiveChatError> }
  /** No credentials: only endpoints that authenticate otherwise (visitor details) can be called. */
  None: {}
}>

const { $is, ApiKey, Bearer, BearerEffect, None } = Data.taggedEnum<Auth>()

const redact = (secret: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.isRedacted(secret) ? secret : Redacted.make(secret)

/**
 * API key authentication (HTTP Basic with the agent's login and API key).
 *
 * @since 0.1.0
 * @category constructors
 */
export const apiKey = (options: {
  readonly login: string
  readonly apiKey: string | Redacted.Redacted<string>
}): Auth => ApiKey({ login: options.login, apiKey: redact(options.apiKey) })

/**
 * OAuth 2.0 bearer token authentication.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bearer = (token: string | Redacted.Redacted<string>): Auth => Bearer({ token: redact(token) })

/**
 * Bearer token authentication with a token obtained by an Effect before each request: give it a
 * cached, refreshing Effect (e.g. `Effect.cachedWithTTL`) to rotate OAuth tokens.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bearerEffect = (token: Effect.Effect<Redacted.Redacted<string>, LiveChatError>): Auth =>
  BearerEffect({ token })

/**
 * API key authentication read by `Config`: the login and the key each a `Config` (or both as one),
 * from any `ConfigProvider` and under any names, for `LiveChatClient.layerConfig`'s `auth`. The
 * key is read as `Redacted` (`Config.redacted`), so it is never printed; a missing one is a
 * `ConfigError` naming it.
 *
 * @example
 * ```ts
 * import { Auth, LiveChatClient } from "@effect-livechat/core"
 * import { Config } from "effect"
 *
 * const Live = LiveChatClient.layerConfig({
 *   auth: Auth.apiKeyConfig({ login: Config.string("SUPPORT_LOGIN"), apiKey: Config.redacted("SUPPORT_KEY") })
 * })
 * ```
 *
 * @since 0.1.0
 * @category config
 */
export const apiKeyConfig = (
  config: Config.Config.Wrap<{ readonly login: string; readonly apiKey: Redacted.Redacted<string> }>
): Config.Config<Auth> => Config.map(Config.unwrap(config), apiKey)

/**
 * OAuth 2.0 bearer token authentication read by `Config` (see {@link apiKeyConfig}): the token as
 * `Redacted` (`Config.redacted`), never printed.
 *
 * @example
 * ```ts
 * import { Auth, LiveChatClient } from "@effect-livechat/core"
 * import { Config } from "effect"
 *
 * const Live = LiveChatClient.layerConfig({ auth: Auth.bearerConfig(Config.redacted("SUPPORT_TOKEN")) })
 * ```
 *
 * @since 0.1.0
 * @category config
 */
export const bearerConfig = (token: Config.Config<Redacted.Redacted<string>>): Config.Config<Auth> =>
  Config.map(token, bearer)

/**
 * No credentials.
 *
 * @since 0.1.0
 * @category constructors
 */
export const none: Auth = None()

/**
 * @since 0.1.0
 * @category guards
 */
export const isNone: (auth: Auth) => boolean = $is("None")

const utf8Base64 = (text: string): string => {
  let binary = ""
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * The HTTP Basic credentials of an agent: base64 of `login:apiKey` in UTF-8 (RFC 7617), so logins
 * outside Latin-1 are sent rather than crashing `btoa`.
 *
 * @since 0.1.0
 * @category utils
 */
export const basicCredentials = (login: string, apiKey: string): string => utf8Base64(`${login}:${apiKey}`)

/**
 * The secrets an `Auth` holds, to scrub them from anything the client prints. A token obtained by
 * an Effect is not known in advance: the client remembers every token the Effect produces, before
 * the request that carries it is sent, and scrubs them all from then on.
 *
 * @since 0.1.0
 * @category utils
 */
export const secrets = (auth: Auth): ReadonlyArray<string> => {
  switch (auth._tag) {
    case "ApiKey": {
      const key = Redacted.value(auth.apiKey)
      // The key itself, and the Basic credentials that carry it.
      return [key, basicCredentials(auth.login, key)]
    }
    case "Bearer":
      return [Redacted.value(auth.token)]
    default:
      return []
  }
}

const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/
const tokenCharacters = /^[\x21-\x7e]+$/

/** Why a bearer token cannot be sent in a header, or `undefined` when it can. */
const tokenProblem = (token: string): string | undefined =>
  token === ""
    ? "must not be empty"
    : tokenCharacters.test(token)
    ? undefined
    : "must hold only visible ASCII characters (no spaces, line breaks or other control characters)"

/**
 * Checks an `Auth`: a login without `:` or control characters, and an API key or token that can
 * be sent in a header. Returns the first problem found.
 *
 * @since 0.1.0
 * @category utils
 */
export const validate = (auth: unknown): Option.Option<{ readonly field: string; readonly detail: string }> => {
  const problem = (field: string, detail: string) => Option.some({ field: `auth.${field}`, detail })
  if (!$is("ApiKey")(auth) && !$is("Bearer")(auth) && !$is("BearerEffect")(auth) && !$is("None")(auth)) {
    return Option.some({
      field: "auth",
      detail: "must be made with Auth.apiKey, Auth.bearer, Auth.bearerEffect or Auth.none"
    })
  }
  switch (auth._tag) {
    case "ApiKey": {
      if (typeof auth.login !== "string" || auth.login === "") return problem("login", "must not be empty")
      if (auth.login.includes(":")) {
        return problem("login", "must not contain \":\" (HTTP Basic separates login and key by it)")
      }
      if (controlCharacters.test(auth.login)) return problem("login", "must not contain control characters")
      if (!Redacted.isRedacted(auth.apiKey)) return problem("apiKey", "must be a string or a Redacted string")
      const key: unknown = Redacted.value(auth.apiKey)
      if (typeof key !== "string") return problem("apiKey", "must be a string or a Redacted string")
      const keyProblem = tokenProblem(key)
      return keyProblem === undefined ? Option.none() : problem("apiKey", keyProblem)
    }
    case "Bearer": {
      if (!Redacted.isRedacted(auth.token)) return problem("token", "must be a string or a Redacted string")
      const token: unknown = Redacted.value(auth.token)
      if (typeof token !== "string") return problem("token", "must be a string or a Redacted string")
      const detail = tokenProblem(token)
      return detail === undefined ? Option.none() : problem("token", detail)
    }
    case "BearerEffect":
      return Effect.isEffect(auth.token) ? Option.none() : problem("token", "must be an Effect")
    case "None":
      return Option.none()
  }
}

/**
 * The value of the `Authorization` header for `auth` (`undefined` for {@link none}): fixed
 * credentials at once, a token from an Effect when that Effect yields it. `remember` is given
 * every secret before the request carrying it can be sent (the client scrubs them from everything
 * it prints).
 *
 * @since 0.1.0
 * @category utils
 */
export const authorization = (
  auth: Auth,
  remember: (secret: string) => void = () => {}
): Effect.Effect<string | undefined, LiveChatError> => {
  switch (auth._tag) {
    case "ApiKey":
      return Effect.succeed(`Basic ${basicCredentials(auth.login, Redacted.value(auth.apiKey))}`)
    case "Bearer":
      return Effect.succeed(`Bearer ${Redacted.value(auth.token)}`)
    case "BearerEffect":
      return Effect.flatMap(auth.token, (token) => {
        const value: unknown = Redacted.isRedacted(token) ? Redacted.value(token) : token
        if (typeof value !== "string") {
          return Effect.fail(
            new InvalidInput({ operation: "Auth.bearerEffect", field: "token", detail: "must yield a Redacted string" })
          )
        }
        remember(value)
        const problem = tokenProblem(value)
        return problem === undefined
          ? Effect.succeed(`Bearer ${value}`)
          : Effect.fail(
            new InvalidInput({ operation: "Auth.bearerEffect", field: "token", detail: `the token ${problem}` })
          )
      })
    case "None":
      return Effect.succeed(undefined)
  }
}

/**
 * Sets the `Authorization` header of a request (see {@link authorization}).
 *
 * @since 0.1.0
 * @category utils
 */
export const authorize = (
  auth: Auth,
  request: HttpClientRequest.HttpClientRequest,
  remember: (secret: string) => void = () => {}
): Effect.Effect<HttpClientRequest.HttpClientRequest, LiveChatError> =>
  Effect.map(
    authorization(auth, remember),
    (value) => value === undefined ? request : HttpClientRequest.setHeader(request, "authorization", value)
  )
