/**
 * The first step of the request path: the client's options, checked once and turned into what
 * every request reads (base URL, fixed headers, credentials, limits, the rate limiter's gate).
 */
import { Config, Duration, Effect, Either, Option, Redacted, type Schedule } from "effect"
import * as Auth from "../Auth.js"
import type { Options } from "../LiveChatClient.js"
import { InvalidInput, type LiveChatError } from "../LiveChatError.js"
import * as RateLimit from "../RateLimit.js"
import * as Retry from "../Retry.js"
import { bound, Secrets } from "./secrets.js"

export const defaultBaseUrl = "https://api.livechatinc.com"

export const defaultUserAgent = "effect-livechat/0.1.0"

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

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

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

/** What every request of one client reads: its options, checked and decoded once. */
export interface Settings {
  readonly baseUrl: URL
  /** The base URL without its final `/`: a request's path is appended to it. */
  readonly prefix: string
  readonly auth: Auth.Auth
  /** `Authorization` of fixed credentials, written once; `undefined` for none or a token from an Effect. */
  readonly authorization: string | undefined
  /** The headers every request sends (but `authorization`). */
  readonly headers: Readonly<Record<string, string>>
  readonly bodyEncoding: "form" | "json"
  /** Every secret the client ever sends: its credentials, and each token its auth Effect yields. */
  readonly secrets: Secrets
  readonly gate: RateLimit.Gate
  readonly timeout: Duration.Duration | undefined
  readonly retrySchedule: Schedule.Schedule<unknown, LiveChatError> | undefined
  readonly maxRetryAfter: number
  readonly maxResponseBytes: number
}

/**
 * Checks every option (a problem fails with {@link InvalidInput}, operation `operation`, naming
 * the option) and makes the settings, with the client's rate limiter.
 */
export const make = (options: Options, operation: string): Effect.Effect<Settings, InvalidInput> =>
  Effect.gen(function*() {
    const invalid = (field: string, detail: string) =>
      new InvalidInput({ operation, field, detail: bound(detail, 1000) })
    const problem = validateOptions(options)
    if (Option.isSome(problem)) return yield* invalid(problem.value.field, problem.value.detail)
    const baseUrl = yield* Either.mapLeft(
      parseBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp),
      (detail) => invalid("baseUrl", detail)
    )
    const auth = options.auth ?? Auth.none
    return {
      baseUrl,
      prefix: baseUrl.href.slice(0, -1),
      auth,
      authorization: auth._tag === "ApiKey"
        ? `Basic ${Auth.basicCredentials(auth.login, Redacted.value(auth.apiKey))}`
        : auth._tag === "Bearer"
        ? `Bearer ${Redacted.value(auth.token)}`
        : undefined,
      headers: {
        "x-api-version": "2",
        accept: "application/json",
        "user-agent": options.userAgent ?? defaultUserAgent
      },
      bodyEncoding: options.bodyEncoding ?? "form",
      secrets: new Secrets(Auth.secrets(auth)),
      gate: yield* RateLimit.make(options.rateLimit ?? {}),
      timeout: options.timeout === false ? undefined : Duration.decode(options.timeout ?? defaults.timeout),
      retrySchedule: options.retry === false ? undefined : Retry.schedule(options.retry),
      maxRetryAfter: Duration.toMillis(options.maxRetryAfter ?? defaults.maxRetryAfter),
      maxResponseBytes: options.maxResponseBytes ?? defaults.maxResponseBytes
    } satisfies Settings
  })

/** Whether the client waits out the `Retry-After` an error carries (none, or at most `maxRetryAfter`). */
export const withinMaxRetryAfter = (settings: Settings, error: LiveChatError): boolean => {
  const wait = Retry.retryAfter(error)
  return wait === undefined || Duration.toMillis(wait) <= settings.maxRetryAfter
}

/**
 * Like `Config.unwrap`, leaving out the fields that are `undefined` (an absent option) rather than
 * failing on them.
 */
export const unwrapOptions = <A>(wrapped: Config.Config.Wrap<A>): Config.Config<A> => {
  if (Config.isConfig(wrapped)) return wrapped as Config.Config<A>
  const fields: Record<string, Config.Config<unknown>> = {}
  for (const [key, value] of Object.entries(wrapped as Record<string, unknown>)) {
    if (value !== undefined) fields[key] = unwrapOptions(value as Config.Config.Wrap<unknown>)
  }
  return Config.all(fields) as Config.Config<unknown> as Config.Config<A>
}
