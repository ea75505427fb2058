/**
 * The last step of the request path, which runs the others: for each attempt, a turn of the rate
 * limiter, the credentials, the transport and the answer's meaning; retries by the client's policy;
 * one span per request. Whatever the transport, this is the one path every request takes.
 */
import { Context, Effect, Option, Schedule, type Schema } from "effect"
import * as Auth from "../Auth.js"
import type { Observer, Request, Service } from "../LiveChatClient.js"
import type { LiveChatError } from "../LiveChatError.js"
import { Unauthorized } from "../LiveChatError.js"
import * as Retry from "../Retry.js"
import { decoderOf, interpret } from "./answer.js"
import { prepare } from "./request.js"
import * as Response from "./response.js"
import { type Settings, withinMaxRetryAfter } from "./settings.js"
import type { Transport } from "./transport.js"

export const observers = Context.GenericTag<"@effect-livechat/core/LiveChatClient/Observer", Observer>(
  "@effect-livechat/core/LiveChatClient/Observer"
)

const missingAuth = (url: string, method: string) =>
  new Unauthorized({
    method,
    url,
    status: 0,
    detail: "set the client's auth (Auth.apiKey or Auth.bearer), or LIVECHAT_LOGIN + LIVECHAT_API_KEY"
  })

/**
 * The tracer of Effect's default services, which keeps no span anywhere: under it, a span no code
 * of the user's runs inside is seen by nobody (the OpenTelemetry layer, or any other tracer, gets
 * every span).
 */
const nativeTracer = Effect.runSync(Effect.tracer)

/** The service's `execute` over `transport`. */
export const make = (settings: Settings, transport: Transport): Service["execute"] => {
  const { auth, gate, retrySchedule, secrets } = settings
  const remember = (secret: string) => secrets.add(secret)
  const tokenPerAttempt = auth._tag === "BearerEffect"

  return <A, I>(request: Request, schema: Schema.Schema<A, I>): Effect.Effect<A, LiveChatError> => {
    const prepared = prepare(settings, request)
    if (prepared.authenticate && Auth.isNone(auth)) {
      return Effect.fail(missingAuth(Response.printableUrl(prepared.context), request.method))
    }
    const decode = decoderOf(schema)
    const fixed = prepared.authenticate ? settings.authorization : undefined

    const retryable = (error: LiveChatError) =>
      Retry.isRetryable(request.method, error) && withinMaxRetryAfter(settings, error)

    return Effect.contextWithEffect((context: Context.Context<never>) => {
      const observe = Context.getOption(context, observers)
      let attempts = 0
      let lastError: LiveChatError | undefined
      const attempt = (authorization: string | undefined) =>
        Effect.flatMap(
          transport.send(prepared, authorization, gate.start),
          (answer) => interpret(settings, prepared, answer, decode)
        )
      const once = gate.run(Effect.suspend(() => {
        attempts++
        const sent = prepared.authenticate && tokenPerAttempt
          ? Effect.flatMap(Auth.authorization(auth, remember), attempt)
          : attempt(fixed)
        return Option.isSome(observe)
          ? Effect.zipRight(observe.value({ request, attempt: attempts, retryOf: lastError }), sent)
          : sent
      }))

      // Retries as `Effect.retry` would make them, but the schedule's driver is only made once an
      // attempt has failed: a request that succeeds at once pays nothing for its retry policy.
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

      // One span per request, its outcome written on it directly. It ends without the answer (see
      // Tracing: a span kept the page alive past its use). It is the parent of what runs inside
      // only when user code does (a token's Effect, an observer): making it the current span copies
      // the fiber's context, a cost every request would pay for nothing otherwise. Under Effect's
      // own tracer, whose spans go nowhere, a span that is nobody's parent is not made at all.
      const parent = Option.isSome(observe) || tokenPerAttempt
      let value: A | undefined
      // Made only when a span is: its attributes (the printable URL among them) cost a request.
      const spanned = () =>
        Effect.map(
          Effect.useSpan(
            `livechat.${request.method} ${request.template}`,
            // The span says where (method and template); a stack trace per request costs more than it tells.
            {
              kind: "client",
              captureStackTrace: false,
              attributes: {
                "http.request.method": request.method,
                "url.template": request.template,
                "url.full": Response.printableUrl(prepared.context),
                "server.address": settings.baseUrl.hostname
              }
            },
            (span) =>
              Effect.matchEffect(
                parent ? Effect.withParentSpan(withRetries, span) : withRetries,
                {
                  onFailure: (error) => {
                    span.attribute("livechat.error", error._tag)
                    if ("status" in error && error.status !== undefined) {
                      span.attribute("http.response.status_code", error.status)
                    }
                    span.attribute("livechat.attempts", attempts)
                    return Effect.fail(error)
                  },
                  onSuccess: (a) => {
                    span.attribute("http.response.status_code", 200)
                    span.attribute("livechat.attempts", attempts)
                    value = a
                    return Effect.void
                  }
                }
              )
          ),
          () => {
            const a = value as A
            value = undefined
            return a
          }
        )
      return parent ? spanned() : Effect.tracerWith((tracer) => tracer === nativeTracer ? withRetries : spanned())
    })
  }
}
