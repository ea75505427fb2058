/**
 * The typed errors of the LiveChat client: one tag per case a caller acts on.
 *
 * Every error carries the HTTP `method` and the `url` (without credentials), the `status` when
 * a response arrived, a bounded `body` excerpt, and a human-readable `message`. Secrets never
 * appear in any of them: the client scrubs its own credentials from body excerpts.
 *
 * @since 0.1.0
 */
import { Duration, Predicate, Schema } from "effect"
import { bound } from "./internal/secrets.js"

const requestFields = {
  /** The HTTP method of the failed request. */
  method: Schema.String,
  /** The request URL, without credentials. */
  url: Schema.String
}

const responseFields = {
  ...requestFields,
  /** The HTTP status code of the response. */
  status: Schema.Number,
  /** The server's own explanation (from `{"error": ...}` or `{"errors": [...]}`), if it gave one. */
  detail: Schema.optional(Schema.String),
  /** The first characters of the response body (bounded; credentials scrubbed). */
  body: Schema.optional(Schema.String)
}

const describe = (self: { readonly method: string; readonly url: string; readonly status: number }, what: string) =>
  `${self.method} ${self.url} failed with ${self.status} ${what}`

// Every message is bounded (a few KB, with a count of what was left out), whatever the fields hold.
const withDetail = (text: string, detail: string | undefined) =>
  bound(detail === undefined ? text : `${text}: ${detail}`)

/**
 * 400 (and other 4xx the API does not name): the request is incorrect. `detail` holds the server's reason.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends Schema.TaggedError<BadRequest>("@effect-livechat/core/BadRequest")("BadRequest", {
  ...responseFields
}) {
  get message(): string {
    return withDetail(describe(this, "Bad Request"), this.detail)
  }
}

/**
 * 401: the credentials are missing, wrong or expired.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>("@effect-livechat/core/Unauthorized")(
  "Unauthorized",
  { ...responseFields }
) {
  get message(): string {
    return withDetail(
      this.status === 0
        ? `${this.method} ${this.url} was not sent: no credentials are configured`
        : describe(this, "Unauthorized"),
      this.detail
    )
  }
}

/**
 * 403: the credentials are valid but not allowed to do this.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends Schema.TaggedError<Forbidden>("@effect-livechat/core/Forbidden")("Forbidden", {
  ...responseFields
}) {
  get message(): string {
    return withDetail(describe(this, "Forbidden"), this.detail)
  }
}

/**
 * 404: the resource does not exist.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>("@effect-livechat/core/NotFound")("NotFound", {
  ...responseFields
}) {
  get message(): string {
    return withDetail(describe(this, "Not Found"), this.detail)
  }
}

/**
 * 429: too many requests. `retryAfter` is how long the server asked us to wait.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>("@effect-livechat/core/RateLimited")("RateLimited", {
  ...responseFields,
  /** The wait the server asked for (`Retry-After`), if it said. */
  retryAfter: Schema.optional(Schema.DurationFromMillis)
}) {
  get message(): string {
    const wait = this.retryAfter === undefined ? "" : ` (retry after ${Duration.format(this.retryAfter)})`
    return withDetail(describe(this, `Too Many Requests${wait}`), this.detail)
  }
}

/**
 * 5xx: the server failed. For a 503, `retryAfter` is how long the server asked us to wait, if it said.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends Schema.TaggedError<ServerError>("@effect-livechat/core/ServerError")("ServerError", {
  ...responseFields,
  /** The wait a 503 asked for (`Retry-After`), if it said. */
  retryAfter: Schema.optional(Schema.DurationFromMillis)
}) {
  get message(): string {
    const wait = this.retryAfter === undefined ? "" : ` (retry after ${Duration.format(this.retryAfter)})`
    return withDetail(describe(this, `Server Error${wait}`), this.detail)
  }
}

/**
 * The reasons a request can fail without an HTTP status:
 * - `Connect`: the connection was refused or the host not found; the request provably did not reach the server.
 * - `Transport`: the connection failed after it was made (reset, closed); the request may have reached the server.
 * - `Timeout`: no answer in time; the request may have reached the server.
 * - `Body`: the response started but its body could not be read in full.
 * - `Redirect`: the server redirected; the client does not follow redirects to another origin.
 * - `TooLarge`: the answer is larger than the client's `maxResponseBytes`; it was not read further.
 *
 * @since 0.1.0
 * @category errors
 */
export const TransportReason = Schema.Literal("Connect", "Transport", "Timeout", "Body", "Redirect", "TooLarge")

/**
 * @since 0.1.0
 * @category errors
 */
export type TransportReason = typeof TransportReason.Type

/**
 * The request failed without a usable HTTP answer (see {@link TransportReason}).
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@effect-livechat/core/TransportError")(
  "TransportError",
  {
    ...requestFields,
    reason: TransportReason,
    /** What the transport said. */
    detail: Schema.String,
    status: Schema.optional(Schema.Number)
  }
) {
  get message(): string {
    return bound(`${this.method} ${this.url} failed (${this.reason}): ${this.detail}`)
  }
}

/**
 * A successful response whose body is not what the API documents: malformed JSON (`reason: "Json"`,
 * typically a truncated body) or JSON that does not match the response Schema (`reason: "Schema"`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>(
  "@effect-livechat/core/ResponseDecodeError"
)("ResponseDecodeError", {
  ...requestFields,
  status: Schema.Number,
  reason: Schema.Literal("Json", "Schema"),
  /** What did not match, as a readable tree. */
  detail: Schema.String,
  body: Schema.optional(Schema.String)
}) {
  get message(): string {
    return bound(
      `${this.method} ${this.url} returned ${this.status} with a body that does not decode (${this.reason}): ${this.detail}`
    )
  }
}

/**
 * The input of a call (or the client's configuration) is invalid; nothing was sent.
 * `field` names the offending field as a dotted path (`rules.0.urls.1.url`).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>("@effect-livechat/core/InvalidInput")(
  "InvalidInput",
  {
    /** The endpoint (or setting) whose input was refused, e.g. `Agents.create`. */
    operation: Schema.String,
    /** The offending field, as a dotted path; empty for the input as a whole. */
    field: Schema.String,
    /** Why it was refused. */
    detail: Schema.String
  }
) {
  get message(): string {
    return bound(`${this.operation}: invalid input${this.field === "" ? "" : ` at "${this.field}"`}: ${this.detail}`)
  }
}

/**
 * Every error an endpoint can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type LiveChatError =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | RateLimited
  | ServerError
  | TransportError
  | ResponseDecodeError
  | InvalidInput

/**
 * The Schema of {@link LiveChatError}: to store or send errors, e.g. in checkpoints or logs.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LiveChatError: Schema.Union<
  [
    typeof BadRequest,
    typeof Unauthorized,
    typeof Forbidden,
    typeof NotFound,
    typeof RateLimited,
    typeof ServerError,
    typeof TransportError,
    typeof ResponseDecodeError,
    typeof InvalidInput
  ]
> = Schema.Union(
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  RateLimited,
  ServerError,
  TransportError,
  ResponseDecodeError,
  InvalidInput
)

const tags = new Set<string>([
  "BadRequest",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "RateLimited",
  "ServerError",
  "TransportError",
  "ResponseDecodeError",
  "InvalidInput"
])

/**
 * Whether a value is one of the {@link LiveChatError}s.
 *
 * @since 0.1.0
 * @category guards
 */
export const isLiveChatError = (u: unknown): u is LiveChatError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && tags.has(u._tag) && u instanceof Error
