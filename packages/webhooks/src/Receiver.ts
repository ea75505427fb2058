/**
 * The receiver: an `@effect/platform` HTTP app that turns LiveChat's webhook deliveries into typed
 * events ({@link WebhookEvent.Event}) and hands each to your handler, or to a `Stream`. Mount it
 * on a route of your own server (`HttpRouter.post("/livechat/webhooks", app)`), or serve it alone
 * on Node.js with `WebhookServer` from `@effect-livechat/webhooks/node`.
 *
 * What it answers, in the order it checks:
 *
 * | case | answer |
 * |---|---|
 * | not a `POST` | `405` |
 * | no or wrong HTTP Basic credentials (compared in constant time) | `401`, the body is not read |
 * | a body over `maxBodySize` (declared, or counted while it streams in) | `413`, reading stops there |
 * | a body not in full within `readTimeout` (a slow sender) | `408` |
 * | not UTF-8 JSON, nested deeper than `maxDepth`, or not a delivery (an unknown event type, a field of the wrong type) | `400` |
 * | a `license_id` that is not one of `licenseId` | `403` |
 * | a duplicate of a delivery already handed over | `200`, the handler is not called again |
 * | the handler failed (or died, or was interrupted) | `500`, so that LiveChat sends it again |
 * | the handler succeeded | `200` |
 *
 * Refusals close the connection. Nothing but `200` is answered for a delivery that was not handed
 * over, and `200` only once the handler has succeeded. Answers never carry the body, `token` or
 * `license_id`; neither do logs and spans (`livechat.webhooks.receive`, with the outcome, the event
 * type and the record it is about).
 *
 * @since 0.1.0
 */
import { InvalidInput } from "@effect-livechat/core"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  Cause,
  Config,
  Data,
  Deferred,
  Duration,
  Effect,
  Either,
  Exit,
  FiberId,
  ParseResult,
  Queue,
  Redacted,
  Schema,
  type Scope,
  Stream
} from "effect"
import * as Credentials from "./internal/credentials.js"
import { Recent } from "./internal/duplicates.js"
import * as Json from "./internal/json.js"
import * as WebhookEvent from "./WebhookEvent.js"

/**
 * The receiver's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The user of the HTTP Basic credentials you put in the webhook's URL (`https://user:password@host/path`). */
  readonly username: string
  /** Their password: use a long random one. */
  readonly password: string | Redacted.Redacted<string>
  /** Your license (or licenses): a delivery for another is refused with `403`. */
  readonly licenseId: number | string | ReadonlyArray<number | string>
  /** The largest body accepted, in bytes; larger ones get `413`. Default 4 MiB. */
  readonly maxBodySize?: number | undefined
  /** How long a body may take to arrive in full; a slower one gets `408`. Default 10 seconds. */
  readonly readTimeout?: Duration.DurationInput | undefined
  /** The deepest nesting of arrays and objects accepted; deeper bodies get `400`. Default 32. */
  readonly maxDepth?: number | undefined
  /**
   * How many records the duplicate detection remembers (the latest delivery handed over for each;
   * see the README), or `false` to hand every delivery over. Default 10,000.
   */
  readonly duplicates?: number | false | undefined
  /** Called with the receipt of every request (for metrics or tests); its failures are ignored. */
  readonly onReceipt?: ((receipt: Receipt) => Effect.Effect<void>) | undefined
}

/**
 * What became of a request.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  | "delivered"
  | "duplicate"
  | "method-not-allowed"
  | "unauthorized"
  | "too-large"
  | "timeout"
  | "malformed"
  | "not-a-webhook"
  | "wrong-license"
  | "handler-failed"
  | "busy"

/**
 * The receipt of a request: its outcome, the status answered, and for a decoded delivery its event
 * type and the record it is about (`chat/<id>`, see `WebhookEvent.recordOf`). Never a credential.
 *
 * @since 0.1.0
 * @category models
 */
export interface Receipt {
  readonly outcome: Outcome
  readonly status: number
  readonly eventType?: WebhookEvent.EventType | undefined
  readonly record?: string | undefined
}

/**
 * What handles a delivered event. Answering `200` waits for it; a failure makes the delivery come
 * again (`500`).
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<E, R> = (event: WebhookEvent.Event) => Effect.Effect<unknown, E, R>

/**
 * The default largest body: 4 MiB (a chat with a long transcript is well below).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxBodySize = 4 * 1024 * 1024

/**
 * The default read timeout: 10 seconds.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultReadTimeout: Duration.Duration = Duration.seconds(10)

/**
 * The default depth limit: 32 (a delivery is about 5 deep).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxDepth = 32

/**
 * The default number of records whose latest delivery is remembered: 10,000.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultDuplicates = 10_000

class TooLarge extends Data.TaggedError("TooLarge") {}
class TimedOut extends Data.TaggedError("TimedOut") {}
class Aborted extends Data.TaggedError("Aborted") {}

/** A handler that could not hand the event over in time (the stream's buffer stayed full). */
class Busy extends Data.TaggedError("Busy") {}

interface Settings {
  readonly username: string
  readonly password: Redacted.Redacted<string>
  readonly licenses: ReadonlySet<string>
  readonly maxBodySize: number
  readonly readTimeout: Duration.Duration
  readonly maxDepth: number
  readonly duplicates: number | false
}

const invalid = (field: string, detail: string) => new InvalidInput({ operation: "Receiver.make", field, detail })

const positiveInt = (value: number) => Number.isInteger(value) && value > 0

/** The options checked, or `InvalidInput` naming the first one wrong (never its value when it is a secret). */
const settingsOf = (options: Options): Effect.Effect<Settings, InvalidInput> =>
  Effect.suspend(() => {
    if (typeof options.username !== "string" || options.username === "" || options.username.includes(":")) {
      return Effect.fail(invalid("username", "must be a non-empty string without a colon"))
    }
    const password = Redacted.isRedacted(options.password) ? options.password : Redacted.make(options.password)
    const value: unknown = Redacted.value(password)
    if (typeof value !== "string" || value === "") {
      return Effect.fail(invalid("password", "must be a non-empty string (or a Redacted one)"))
    }
    const ids = (Array.isArray(options.licenseId) ? options.licenseId : [options.licenseId]) as ReadonlyArray<unknown>
    const licenses = new Set<string>()
    for (const id of ids) {
      const text = typeof id === "number" ? String(id) : id
      if (typeof text !== "string" || !/^\d{1,20}$/.test(text)) {
        return Effect.fail(invalid("licenseId", "must be a license number (digits), or a list of them"))
      }
      licenses.add(text)
    }
    if (licenses.size === 0) return Effect.fail(invalid("licenseId", "must name at least one license"))
    const maxBodySize = options.maxBodySize ?? defaultMaxBodySize
    if (!positiveInt(maxBodySize)) return Effect.fail(invalid("maxBodySize", "must be a whole number of bytes above 0"))
    const maxDepth = options.maxDepth ?? defaultMaxDepth
    if (!positiveInt(maxDepth)) return Effect.fail(invalid("maxDepth", "must be a whole number above 0"))
    const duplicates = options.duplicates ?? defaultDuplicates
    if (duplicates !== false && !positiveInt(duplicates)) {
      return Effect.fail(invalid("duplicates", "must be a whole number above 0, or false"))
    }
    const readTimeout = Either.try(() => Duration.decode(options.readTimeout ?? defaultReadTimeout))
    if (
      Either.isLeft(readTimeout) || !Duration.isFinite(readTimeout.right) || Duration.toMillis(readTimeout.right) <= 0
    ) {
      return Effect.fail(invalid("readTimeout", "must be a finite duration above 0"))
    }
    return Effect.succeed({
      username: options.username,
      password,
      licenses,
      maxBodySize,
      readTimeout: readTimeout.right,
      maxDepth,
      duplicates
    })
  })

/** The answer of a request: JSON, with the connection closed after a refusal. */
const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  HttpServerResponse.unsafeJson(body, {
    status,
    headers: status === 200 || status === 500 || status === 503 ? headers : { ...headers, connection: "close" }
  })

/**
 * The body, kept up to `maxBodySize` bytes and awaited for no longer than `readTimeout`. The read
 * runs in a fiber of its own that is never interrupted: interrupting a request's stream destroys
 * the connection at once (no answer would reach the sender), so the refusal is answered first,
 * with `connection: close`, and the server's closing of the connection ends the read. Past the
 * limit, chunks are dropped as they come, never kept.
 */
const readBody = (request: HttpServerRequest.HttpServerRequest, settings: Settings) =>
  Effect.gen(function*() {
    const result = yield* Deferred.make<Uint8Array, TooLarge | Aborted>()
    const chunks: Array<Uint8Array> = []
    let size = 0
    yield* request.stream.pipe(
      Stream.runForEach((chunk) =>
        Effect.sync(() => {
          size += chunk.length
          if (size > settings.maxBodySize) Deferred.unsafeDone(result, Exit.fail(new TooLarge()))
          else chunks.push(chunk)
        })
      ),
      Effect.matchEffect({
        onFailure: () => Deferred.fail(result, new Aborted()),
        onSuccess: () =>
          Deferred.sync(result, () => {
            const body = new Uint8Array(size)
            let offset = 0
            for (const chunk of chunks) {
              body.set(chunk, offset)
              offset += chunk.length
            }
            return body
          })
      }),
      Effect.forkDaemon
    )
    return yield* Deferred.await(result).pipe(
      Effect.timeoutFail({ duration: settings.readTimeout, onTimeout: () => new TimedOut() })
    )
  })

const decodeEvent = Schema.decodeUnknownEither(WebhookEvent.Event, { errors: "all" })
const isEventType = Schema.is(WebhookEvent.EventType)

/**
 * Where a delivery does not decode: the paths of the fields in question (`chat.messages.0.text`),
 * never their values (a value may be a credential).
 */
const problems = (error: ParseResult.ParseError): string => {
  const paths = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
    issue.path.length === 0 ? "(the body)" : issue.path.map(String).join(".")
  )
  const unique = [...new Set(paths)]
  return unique.slice(0, 5).join(", ") + (unique.length > 5 ? `, and ${unique.length - 5} more` : "")
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** The body without `token`, in canonical form: what a duplicate is recognised by (with its record). */
const contentOf = (json: Record<string, unknown>): string => {
  const { token: _, ...rest } = json
  return Json.canonical(rest)
}

/**
 * The receiver as an HTTP app that hands each delivery to `handler`: mount it on your server's
 * route (any path; it answers every method, `405` but for `POST`). Fails with `InvalidInput` for
 * bad options.
 *
 * @example
 * ```ts
 * import { Receiver } from "@effect-livechat/webhooks"
 * import * as HttpRouter from "@effect/platform/HttpRouter"
 * import { Effect, Redacted } from "effect"
 *
 * const router = Effect.map(
 *   Receiver.toHttpApp(
 *     { username: "livechat", password: Redacted.make("a long random password"), licenseId: 12345 },
 *     (event) => Effect.log(`received ${event.event_type}`)
 *   ),
 *   (app) => HttpRouter.empty.pipe(HttpRouter.post("/livechat/webhooks", app))
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const toHttpApp = <E, R>(
  options: Options,
  handler: Handler<E, R>
): Effect.Effect<HttpApp.Default<never, R>, InvalidInput> =>
  Effect.gen(function*() {
    const settings = yield* settingsOf(options)
    const expected = yield* Effect.promise(() =>
      Credentials.expected(settings.username, Redacted.value(settings.password))
    )
    const recent = settings.duplicates === false ? undefined : new Recent(settings.duplicates)
    /** Deliveries being handled, by record and digest: a copy arriving meanwhile waits for the outcome. */
    const inFlight = new Map<string, Deferred.Deferred<boolean>>()

    const receipt = (
      status: number,
      outcome: Outcome,
      body: Record<string, unknown>,
      about: { readonly eventType?: WebhookEvent.EventType; readonly record?: string } = {},
      headers?: Record<string, string>
    ) =>
      Effect.gen(function*() {
        yield* Effect.annotateCurrentSpan({
          "http.response.status_code": status,
          "livechat.webhooks.outcome": outcome,
          ...(about.eventType === undefined ? {} : { "livechat.webhooks.event_type": about.eventType }),
          ...(about.record === undefined ? {} : { "livechat.webhooks.record": about.record })
        })
        if (status !== 200) yield* Effect.logDebug(`LiveChat webhook refused: ${status} ${outcome}`)
        if (options.onReceipt !== undefined) {
          yield* options.onReceipt({ outcome, status, ...about }).pipe(Effect.catchAllCause(() => Effect.void))
        }
        return answer(status, { ok: status === 200, outcome, ...body }, headers)
      })

    /** Runs the handler once for a delivery, or waits for the run of a copy already in flight. */
    const handOver = (event: WebhookEvent.Event, record: string, digest: string) =>
      Effect.suspend(() => {
        const key = `${record}\u0000${digest}`
        const running = inFlight.get(key)
        if (running !== undefined) {
          return Effect.map(Deferred.await(running), (ok) => ok ? "duplicate" as const : "failed" as const)
        }
        const done = Deferred.unsafeMake<boolean>(FiberId.none)
        inFlight.set(key, done)
        return Effect.suspend(() => handler(event)).pipe(
          Effect.exit,
          Effect.map((exit) => {
            if (Exit.isSuccess(exit)) return "delivered" as const
            const failure = Cause.failureOption(exit.cause)
            return failure._tag === "Some" && failure.value instanceof Busy ? "busy" as const : "failed" as const
          }),
          // Also when interrupted (the sender went away): a copy waiting for this run learns how it ended.
          Effect.onExit((exit) =>
            Effect.sync(() => {
              inFlight.delete(key)
              const ok = Exit.isSuccess(exit) && exit.value === "delivered"
              if (ok) recent?.remember(record, digest)
              Deferred.unsafeDone(done, Exit.succeed(ok))
            })
          )
        )
      })

    const receive = Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      if (request.method !== "POST") {
        return yield* receipt(405, "method-not-allowed", {}, {}, { allow: "POST" })
      }
      const authorized = yield* Effect.promise(() => Credentials.verify(request.headers["authorization"], expected))
      if (!authorized) {
        return yield* receipt(401, "unauthorized", {}, {}, { "www-authenticate": "Basic realm=\"livechat-webhooks\"" })
      }
      const declared = request.headers["content-length"]
      if (declared !== undefined && Number(declared) > settings.maxBodySize) {
        return yield* receipt(413, "too-large", { limit: settings.maxBodySize })
      }
      const body = yield* Effect.either(readBody(request, settings))
      if (Either.isLeft(body)) {
        switch (body.left._tag) {
          case "TooLarge":
            return yield* receipt(413, "too-large", { limit: settings.maxBodySize })
          case "TimedOut":
            return yield* receipt(408, "timeout", {})
          case "Aborted":
            return yield* receipt(400, "malformed", { detail: "the body could not be read" })
        }
      }
      let text: string
      try {
        text = utf8.decode(body.right)
      } catch {
        return yield* receipt(400, "malformed", { detail: "the body is not UTF-8" })
      }
      if (Json.depthExceeds(text, settings.maxDepth)) {
        return yield* receipt(400, "malformed", { detail: `the body is nested deeper than ${settings.maxDepth}` })
      }
      const json = Json.parse(text)
      if (json === undefined) return yield* receipt(400, "malformed", { detail: "the body is not JSON" })
      if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value)) {
        return yield* receipt(400, "not-a-webhook", { detail: "the body is not a JSON object" })
      }
      const fields = json.value as Record<string, unknown>
      if (!isEventType(fields["event_type"])) {
        return yield* receipt(400, "not-a-webhook", {
          detail: "event_type is not one of chat_started, chat_ended, chat_changed, visitor_queued, ticket_created, " +
            "canned_response_changed"
        })
      }
      const eventType = fields["event_type"]
      const decoded = decodeEvent(fields)
      if (Either.isLeft(decoded)) {
        return yield* receipt(400, "not-a-webhook", { detail: `not a delivery: ${problems(decoded.left)}` }, {
          eventType
        })
      }
      const event = decoded.right
      const about = { eventType, record: WebhookEvent.recordOf(event) }
      if (!settings.licenses.has(Redacted.value(event.license_id))) {
        return yield* receipt(403, "wrong-license", { detail: "the delivery is for another license" }, about)
      }
      const record = `${eventType} ${about.record}`
      const digest = Json.hex(yield* Effect.promise(() => Json.sha256(contentOf(fields))))
      if (recent?.seen(record, digest) === true) {
        return yield* receipt(200, "duplicate", { record: about.record }, about)
      }
      const outcome = yield* handOver(event, record, digest)
      switch (outcome) {
        case "delivered":
          return yield* receipt(200, "delivered", {}, about)
        case "duplicate":
          return yield* receipt(200, "duplicate", { record: about.record }, about)
        case "busy":
          return yield* receipt(503, "busy", { detail: "the consumer is behind" }, about, { "retry-after": "1" })
        case "failed":
          return yield* receipt(500, "handler-failed", { detail: "the delivery was not handled" }, about)
      }
    })

    return receive.pipe(
      // `@effect/platform` runs apps uninterruptibly: the read timeout and the stream's hand-off
      // timeout need to interrupt what they time, and a sender that went away stops its handling.
      Effect.interruptible,
      // Whatever happens, an answer: never a crash, never a 200 for what was not handed over.
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.failCause(cause as Cause.Cause<never>)
          : receipt(500, "handler-failed", { detail: "the delivery was not handled" })
      ),
      Effect.withSpan("livechat.webhooks.receive", { kind: "server" })
    )
  })

/**
 * The receiver as an HTTP app and its deliveries as a `Stream`: a delivery is answered `200` once
 * it is in the stream's buffer (`bufferSize` events, default 1,024), `503` when the buffer stays
 * full for `handoffTimeout` (default 5 seconds; LiveChat sends it again later). The stream ends
 * when the scope closes. To answer `200` only once your processing is done, use {@link toHttpApp}.
 *
 * @example
 * ```ts
 * import { Receiver } from "@effect-livechat/webhooks"
 * import { Effect, Redacted, Stream } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const { app, events } = yield* Receiver.toStream({
 *     username: "livechat",
 *     password: Redacted.make("a long random password"),
 *     licenseId: 12345
 *   })
 *   // mount `app` on your server, then:
 *   yield* events.pipe(Stream.runForEach((event) => Effect.log(event.event_type)))
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const toStream = (
  options: Options & {
    readonly bufferSize?: number | undefined
    readonly handoffTimeout?: Duration.DurationInput | undefined
  }
): Effect.Effect<
  { readonly app: HttpApp.Default; readonly events: Stream.Stream<WebhookEvent.Event> },
  InvalidInput,
  Scope.Scope
> =>
  Effect.gen(function*() {
    const bufferSize = options.bufferSize ?? 1024
    if (!positiveInt(bufferSize)) return yield* invalid("bufferSize", "must be a whole number above 0")
    const queue = yield* Effect.acquireRelease(Queue.bounded<WebhookEvent.Event>(bufferSize), Queue.shutdown)
    const timeout = options.handoffTimeout ?? Duration.seconds(5)
    const app = yield* toHttpApp(options, (event) =>
      Queue.offer(queue, event).pipe(
        Effect.timeoutFail({ duration: timeout, onTimeout: () => new Busy() })
      ))
    return { app, events: Stream.fromQueue(queue) }
  })

/**
 * The receiver's settings read by `Config`: `LIVECHAT_WEBHOOK_USERNAME`,
 * `LIVECHAT_WEBHOOK_PASSWORD` (read as `Redacted`) and `LIVECHAT_LICENSE_ID` (a comma-separated
 * list for several licenses), from the `ConfigProvider` in context.
 *
 * @since 0.1.0
 * @category config
 */
export const optionsConfig: Config.Config<Options> = Config.all({
  username: Config.string("LIVECHAT_WEBHOOK_USERNAME"),
  password: Config.redacted("LIVECHAT_WEBHOOK_PASSWORD"),
  licenseId: Config.map(Config.string("LIVECHAT_LICENSE_ID"), (text) => text.split(",").map((id) => id.trim()))
})
