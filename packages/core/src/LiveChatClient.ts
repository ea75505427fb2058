/**
 * `LiveChatClient`: the HTTP service every endpoint goes through. It prepends the base URL, sets
 * the API's headers, applies auth, encodes the request, decodes the response with a Schema, maps
 * every failure to a {@link LiveChatError}, retries transient failures and rate-limits, in one place.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import {
  Clock,
  Config,
  ConfigError,
  Context,
  Duration,
  Effect,
  Either,
  Layer,
  Option,
  type ParseResult,
  Redacted,
  Schedule,
  type Schema,
  Stream
} from "effect"
import { dual } from "effect/Function"
import * as Auth from "./Auth.js"
import * as Compiled from "./Compiled.js"
import * as Response from "./internal/response.js"
import { bound, Secrets } from "./internal/secrets.js"
import { withTimeout } from "./internal/timeout.js"
import { InvalidInput, type LiveChatError, ResponseDecodeError, TransportError, Unauthorized } from "./LiveChatError.js"
import * as RateLimit from "./RateLimit.js"
import * as Retry from "./Retry.js"
import * as Tracing from "./Tracing.js"
import * as Wire from "./Wire.js"

/**
 * The API's default base URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.livechatinc.com"

/**
 * The `User-Agent` sent by default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultUserAgent = "effect-livechat/0.1.0"

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
export const defaults = {
  timeout: Duration.seconds(30),
  maxRetryAfter: Duration.minutes(5),
  maxResponseBytes: 64 * 1024 * 1024
} as const

const optionNames = new Set([
  "auth",
  "baseUrl",
  "allowInsecureHttp",
  "bodyEncoding",
  "userAgent",
  "timeout",
  "retry",
  "rateLimit",
  "maxRetryAfter",
  "maxResponseBytes"
])

const headerValue = /^[\x20-\x7e\u00a0-\u00ff]+$/

/**
 * Validates client options, returning the first problem found: an unknown option, or a value of
 * the wrong type or out of range (every option is checked; nothing is silently accepted).
 *
 * @since 0.1.0
 * @category utils
 */
export const validateOptions = (options: unknown): Option.Option<{ field: string; detail: string }> => {
  const some = (field: string, detail: string) => Option.some({ field, detail })
  if (typeof options !== "object" || options === null) return some("", "the options must be an object")
  const record = options as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!optionNames.has(key)) return some(key, `is not an option (${Array.from(optionNames).join(", ")})`)
  }
  if (record.auth !== undefined) {
    const problem = Auth.validate(record.auth)
    if (Option.isSome(problem)) return problem
  }
  if (record.baseUrl !== undefined && typeof record.baseUrl !== "string" && !(record.baseUrl instanceof URL)) {
    return some("baseUrl", "must be a string or a URL")
  }
  if (record.allowInsecureHttp !== undefined && typeof record.allowInsecureHttp !== "boolean") {
    return some("allowInsecureHttp", "must be true or false")
  }
  if (record.bodyEncoding !== undefined && record.bodyEncoding !== "form" && record.bodyEncoding !== "json") {
    return some("bodyEncoding", `must be "form" or "json"`)
  }
  const userAgent = record.userAgent
  if (
    userAgent !== undefined &&
    (typeof userAgent !== "string" || !headerValue.test(userAgent) || userAgent.length > 1000)
  ) {
    return some("userAgent", "must be 1 to 1000 printable characters (no line breaks or other control characters)")
  }
  if (record.timeout !== false) {
    const problem = RateLimit.durationProblem(record.timeout, { min: 1 })
    if (problem !== undefined) return some("timeout", `${problem} (or false for none)`)
  }
  const retry = Retry.validate(record.retry)
  if (Option.isSome(retry)) return retry
  const rateLimit = RateLimit.validate(record.rateLimit)
  if (Option.isSome(rateLimit)) return rateLimit
  const maxRetryAfter = RateLimit.durationProblem(record.maxRetryAfter)
  if (maxRetryAfter !== undefined) return some("maxRetryAfter", maxRetryAfter)
  const maxBytes = record.maxResponseBytes
  if (maxBytes !== undefined && (typeof maxBytes !== "number" || !Number.isSafeInteger(maxBytes) || maxBytes < 1)) {
    return some("maxResponseBytes", "must be a whole number of bytes, at least 1")
  }
  return Option.none()
}

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

const observers = Context.GenericTag<"@effect-livechat/core/LiveChatClient/Observer", Observer>(
  "@effect-livechat/core/LiveChatClient/Observer"
)

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
    Effect.provideService(effect, observers, observer)
)

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/**
 * Checks and normalises a base URL: `https://`, or `http://` on a loopback host (or with
 * `allowInsecureHttp`), without credentials, query or fragment.
 *
 * @since 0.1.0
 * @category utils
 */
export const parseBaseUrl = (
  input: string | URL,
  allowInsecureHttp = false
): Either.Either<URL, string> => {
  let url: URL
  try {
    url = new URL(input.toString())
  } catch {
    return Either.left(`"${String(input)}" is not a URL`)
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Either.left(`the protocol must be https: (got ${url.protocol})`)
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !loopbackHosts.test(url.hostname)) {
    return Either.left(
      `plain http:// is refused for ${url.hostname}: use https://, or set allowInsecureHttp to send credentials unencrypted`
    )
  }
  if (url.username !== "" || url.password !== "") {
    return Either.left("the base URL must not hold credentials: use the auth option")
  }
  if (url.search !== "" || url.hash !== "") return Either.left("the base URL must not have a query or fragment")
  if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`
  return Either.right(url)
}

const manualRedirect: RequestInit = { redirect: "manual" }

// Each answer Schema's decoder, compiled once (every answer is still decoded in full: see Compiled).
const decoders = new WeakMap<object, (input: unknown) => Either.Either<unknown, ParseResult.ParseError>>()
const decoderOf = <A, I>(schema: Schema.Schema<A, I>) => {
  let decoder = decoders.get(schema)
  if (decoder === undefined) {
    decoder = Compiled.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>)
    decoders.set(schema, decoder)
  }
  return decoder as (input: unknown) => Either.Either<A, ParseResult.ParseError>
}

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
    const invalid = (field: string, detail: string) =>
      new InvalidInput({ operation: "LiveChatClient.make", field, detail: bound(detail, 1000) })
    const problem = validateOptions(options)
    if (Option.isSome(problem)) return yield* invalid(problem.value.field, problem.value.detail)
    const baseUrl = yield* Either.mapLeft(
      parseBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp),
      (detail) => invalid("baseUrl", detail)
    )

    // One span per request is ours (below), with attributes we control: the transport's own span
    // would record response headers as sent, and a server can echo credentials in them.
    const http = HttpClient.withTracerDisabledWhen(yield* HttpClient.HttpClient, () => true)
    const gate = yield* RateLimit.make(options.rateLimit ?? {})
    const auth = options.auth ?? Auth.none
    // Every secret the client ever sends: its credentials, and each token its auth Effect yields.
    const secrets = new Secrets(Auth.secrets(auth))
    const remember = (secret: string) => secrets.add(secret)
    const bodyEncoding = options.bodyEncoding ?? "form"
    const timeout = options.timeout === false ? undefined : Duration.decode(options.timeout ?? defaults.timeout)
    const retrySchedule = options.retry === false ? undefined : Retry.schedule(options.retry)
    const maxRetryAfter = Duration.toMillis(options.maxRetryAfter ?? defaults.maxRetryAfter)
    const maxResponseBytes = options.maxResponseBytes ?? defaults.maxResponseBytes
    const origin = baseUrl.href.slice(0, -1)
    const headers: Record<string, string> = {
      "x-api-version": "2",
      accept: "application/json",
      "user-agent": options.userAgent ?? defaultUserAgent
    }
    // Fixed credentials are written once; only a token from an Effect is fetched per request.
    const authorization = auth._tag === "ApiKey"
      ? `Basic ${Auth.basicCredentials(auth.login, Redacted.value(auth.apiKey))}`
      : auth._tag === "Bearer"
      ? `Bearer ${Redacted.value(auth.token)}`
      : undefined
    const withinMaxRetryAfter = (error: LiveChatError) => {
      const wait = Retry.retryAfter(error)
      return wait === undefined || Duration.toMillis(wait) <= maxRetryAfter
    }

    const execute = <A, I>(request: Request, schema: Schema.Schema<A, I>): Effect.Effect<A, LiveChatError> => {
      const query = request.query !== undefined && request.query.length > 0
        ? `?${Wire.encodePairs(request.query)}`
        : ""
      const url = `${origin}${request.path}${query}`
      const authenticate = request.authenticate ?? true
      const context: Response.Context = {
        method: request.method,
        url,
        secrets: request.secrets !== undefined && request.secrets.length > 0
          ? secrets.withEncoded(request.secrets)
          : secrets
      }
      const decode = decoderOf(schema)

      if (authenticate && Auth.isNone(auth)) {
        return Effect.fail(
          new Unauthorized({
            method: request.method,
            url: Response.printableUrl(context),
            status: 0,
            detail: "set the client's auth (Auth.apiKey or Auth.bearer), or LIVECHAT_LOGIN + LIVECHAT_API_KEY"
          })
        )
      }

      let base = HttpClientRequest.make(request.method)(url).pipe(
        HttpClientRequest.setHeaders(
          authenticate && authorization !== undefined ? { ...headers, authorization } : headers
        )
      )
      if (request.body !== undefined && request.method !== "GET") {
        base = bodyEncoding === "json"
          ? HttpClientRequest.bodyUnsafeJson(base, request.body)
          : HttpClientRequest.bodyText(
            base,
            Wire.encodeForm(request.body, { indexed: request.indexed }),
            "application/x-www-form-urlencoded"
          )
      }

      const tooLarge = (status: number, size: string) =>
        new TransportError({
          method: request.method,
          url: Response.printableUrl(context),
          reason: "TooLarge",
          status,
          detail:
            `the answer is larger than maxResponseBytes (${maxResponseBytes} bytes)${size}; it was not read further`
        })

      // The body as text, never more than `maxResponseBytes` of it: a declared length is checked
      // before reading; otherwise (chunked, or compressed by the transport) the bytes are counted
      // as they arrive and the reading stops, closing the body, as soon as there are too many.
      const readText = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string, TransportError> => {
        const declared = response.headers["content-length"]
        const encoding = response.headers["content-encoding"]
        if (declared !== undefined && (encoding === undefined || encoding === "identity")) {
          const length = Number(declared)
          if (length > maxResponseBytes) return Effect.fail(tooLarge(response.status, ` (Content-Length: ${length})`))
          if (Number.isSafeInteger(length)) {
            return Effect.mapError(response.text, (error) => Response.fromTransport(context, error))
          }
        }
        return Effect.suspend(() => {
          const chunks: Array<Uint8Array> = []
          let total = 0
          return response.stream.pipe(
            Stream.runForEach((chunk) => {
              total += chunk.length
              if (total > maxResponseBytes) return Effect.fail(tooLarge(response.status, ""))
              chunks.push(chunk)
              return Effect.void
            }),
            Effect.mapError((error) =>
              error._tag === "TransportError" ? error : Response.fromTransport(context, error)
            ),
            Effect.map(() => {
              const decoder = new TextDecoder()
              let text = ""
              for (const chunk of chunks) text += decoder.decode(chunk, { stream: true })
              return text + decoder.decode()
            })
          )
        })
      }

      const decodeError = (status: number, reason: "Json" | "Schema", detail: string, body: Response.Body) =>
        new ResponseDecodeError({
          method: request.method,
          url: Response.printableUrl(context),
          status,
          reason,
          detail,
          body: Response.excerpt(body)
        })

      const decodeAnswer = (status: number, text: string): Effect.Effect<A, LiveChatError> => {
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch (error) {
          const body = Response.readBody(context, text)
          const detail = error instanceof Error ? error.message : String(error)
          return Effect.fail(decodeError(status, "Json", bound(body.secrets.scrub(detail), 1000), body))
        }
        const decoded = decode(json)
        if (Either.isRight(decoded)) return Effect.succeed(decoded.right)
        // Secret fields of the answer are redacted by name before anything is printed.
        const body = Response.readBody(context, text, json)
        return Effect.fail(decodeError(status, "Schema", Response.decodeDetail(decoded.left, body.secrets), body))
      }

      const answer = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, LiveChatError> => {
        const status = response.status
        if (status >= 200 && status < 300) {
          return Effect.flatMap(readText(response), (text) => decodeAnswer(status, text))
        }
        if (status === 0 || (status >= 300 && status < 400)) {
          const location = response.headers["location"]
          return Effect.fail(
            new TransportError({
              method: request.method,
              url: Response.printableUrl(context),
              reason: "Redirect",
              status,
              detail: `the server redirected${
                location === undefined ? "" : ` to ${bound(context.secrets.scrub(location), 1000)}`
              }; redirects are not followed, so credentials never go to another origin`
            })
          )
        }
        return Effect.gen(function*() {
          const text = yield* Effect.orElseSucceed(readText(response), () => "")
          const now = yield* Clock.currentTimeMillis
          const retryAfter = Response.parseRetryAfter(response.headers["retry-after"], now)
          const error = Response.fromStatus(context, status, Response.readBody(context, text), retryAfter)
          // A 429 pauses every request of the client, unless the wait is longer than we honour.
          if (status === 429 && withinMaxRetryAfter(error)) yield* gate.pause(retryAfter ?? Duration.seconds(1))
          return yield* Effect.fail(error)
        })
      }

      const timedOut = timeout === undefined ? undefined : () =>
        new TransportError({
          method: request.method,
          url: Response.printableUrl(context),
          reason: "Timeout",
          detail: `no complete answer within ${Duration.format(timeout)}`
        })

      return Effect.gen(function*() {
        const observe = yield* Effect.serviceOption(observers)
        const fetchInit = yield* Effect.serviceOption(FetchHttpClient.RequestInit)
        let attempts = 0
        let lastError: LiveChatError | undefined
        const send = (authorized: HttpClientRequest.HttpClientRequest) =>
          http.execute(authorized).pipe(
            Effect.mapError((error) => Response.fromTransport(context, error)),
            Effect.flatMap(answer),
            // fetch follows redirects by itself unless told not to.
            Effect.provideService(
              FetchHttpClient.RequestInit,
              Option.isNone(fetchInit) ? manualRedirect : { ...fetchInit.value, redirect: "manual" }
            )
          )
        const once = gate.run(Effect.gen(function*() {
          attempts++
          if (Option.isSome(observe)) yield* observe.value({ request, attempt: attempts, retryOf: lastError })
          const authorized = authenticate && auth._tag === "BearerEffect"
            ? yield* Auth.authorize(auth, base, remember)
            : base
          // The start is counted right before the request is handed to the transport, in the same
          // fiber and without yielding in between; an interruption until then means it is never sent.
          if (timeout === undefined) return yield* Effect.zipRight(gate.start, send(authorized))
          // The timeout covers the answer and its body, from the start (not the wait for a turn).
          return yield* withTimeout(gate.start, send(authorized), timeout, timedOut!)
        }))

        // Retries as `Effect.retry` would make them, but the schedule's driver is only made once an
        // attempt has failed: a request that succeeds at once pays nothing for its retry policy.
        const retryable = (error: LiveChatError) =>
          Retry.isRetryable(request.method, error) && withinMaxRetryAfter(error)
        const retryFrom = (
          driver: Schedule.ScheduleDriver<unknown, LiveChatError, never>,
          error: LiveChatError
        ): Effect.Effect<A, LiveChatError> =>
          Effect.matchEffect(driver.next(error), {
            onFailure: () => Effect.fail(error), // the schedule is done: the last failure stands
            onSuccess: () => Effect.catchAll(once, (next) => failed(next, driver))
          })
        const failed = (
          error: LiveChatError,
          driver: Schedule.ScheduleDriver<unknown, LiveChatError, never> | undefined
        ): Effect.Effect<A, LiveChatError> => {
          lastError = error
          if (retrySchedule === undefined || !retryable(error)) return Effect.fail(error)
          return driver === undefined
            ? Effect.flatMap(Schedule.driver(retrySchedule), (made) => retryFrom(made, error))
            : retryFrom(driver, error)
        }
        const withRetries = Effect.catchAll(once, (error) => failed(error, undefined))
        return yield* withRetries.pipe(
          Effect.tapBoth({
            onFailure: (error) =>
              Effect.annotateCurrentSpan({
                "livechat.error": error._tag,
                ...("status" in error && error.status !== undefined
                  ? { "http.response.status_code": error.status }
                  : {})
              }),
            onSuccess: () => Effect.annotateCurrentSpan("http.response.status_code", 200)
          }),
          Effect.ensuring(Effect.suspend(() => Effect.annotateCurrentSpan("livechat.attempts", attempts)))
        )
      }).pipe(
        // The span ends without the answer: see Tracing (a span kept the page alive past its use).
        Tracing.withSpan(`livechat.${request.method} ${request.template}`, {
          kind: "client",
          // The span says where (method and template); a stack trace per request costs more than it tells.
          captureStackTrace: false,
          attributes: {
            "http.request.method": request.method,
            "url.template": request.template,
            "url.full": Response.printableUrl(context),
            "server.address": baseUrl.hostname
          }
        })
      )
    }

    return { execute, baseUrl } satisfies Service
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
 * Like `Config.unwrap`, leaving out the fields that are `undefined` (an absent option) rather than
 * failing on them.
 */
const unwrapOptions = <A>(wrapped: Config.Config.Wrap<A>): Config.Config<A> => {
  if (Config.isConfig(wrapped)) return wrapped as Config.Config<A>
  const fields: Record<string, Config.Config<unknown>> = {}
  for (const [key, value] of Object.entries(wrapped as Record<string, unknown>)) {
    if (value !== undefined) fields[key] = unwrapOptions(value as Config.Config.Wrap<unknown>)
  }
  return Config.all(fields) as Config.Config<unknown> as Config.Config<A>
}

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
  Layer.effect(LiveChatClient, Effect.flatMap(unwrapOptions(options), make))
