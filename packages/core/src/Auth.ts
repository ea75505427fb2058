/**
 * How the client authenticates: HTTP Basic with an agent login and API key, an OAuth 2.0 bearer
 * token, or a bearer token produced by an Effect (so tokens can be refreshed). Secrets are held as
 * `Redacted` values and never printed; the `Authorization` header is redacted in traces.
 *
 * @since 0.1.0
 */
import { HttpClientRequest } from "@effect/platform"
import { Data, Effect, Redacted } from "effect"
import type { LiveChatError } from "./LiveChatError.js"

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

/**
 * The secrets an `Auth` holds, to scrub them from anything the client prints. A token obtained by
 * an Effect is not known in advance; the client scrubs it from each request's output as it goes.
 *
 * @since 0.1.0
 * @category utils
 */
export const secrets = (auth: Auth): ReadonlyArray<string> => {
  switch (auth._tag) {
    case "ApiKey": {
      const key = Redacted.value(auth.apiKey)
      // The key itself, and the Basic credentials that carry it.
      return [key, btoa(`${auth.login}:${key}`)]
    }
    case "Bearer":
      return [Redacted.value(auth.token)]
    default:
      return []
  }
}

/**
 * Sets the `Authorization` header of a request.
 *
 * @since 0.1.0
 * @category utils
 */
export const authorize = (
  auth: Auth,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientRequest.HttpClientRequest, LiveChatError> => {
  switch (auth._tag) {
    case "ApiKey":
      return Effect.succeed(HttpClientRequest.basicAuth(request, auth.login, auth.apiKey))
    case "Bearer":
      return Effect.succeed(HttpClientRequest.bearerToken(request, auth.token))
    case "BearerEffect":
      return Effect.map(auth.token, (token) => HttpClientRequest.bearerToken(request, token))
    case "None":
      return Effect.succeed(request)
  }
}
