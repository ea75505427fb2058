/**
 * Every output channel of a call, as text: the error's fields, message, toString, JSON,
 * util.inspect, Cause.pretty, log lines at every level (the library's own and a user's logging
 * the failure), and span attributes, events and exits. And every form a secret can be echoed in.
 */
import { SpanRecorder } from "@effect-livechat/testing"
import { Cause, Effect, Exit, Inspectable, Logger, LogLevel, Option } from "effect"
import { inspect } from "node:util"

/** The forms a server may echo a secret in (written here independently of the client's list). */
export const forms = (secret: string): ReadonlyArray<string> => {
  const json = JSON.stringify(secret).slice(1, -1)
  const percent = encodeURIComponent(secret)
  return [
    secret,
    json,
    json.replace(/\//g, "\\/"),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    percent.replace(/%20/g, "+"),
    Buffer.from(secret).toString("base64")
  ]
}

const levels = [
  Effect.logTrace,
  Effect.logDebug,
  Effect.logInfo,
  Effect.logWarning,
  Effect.logError,
  Effect.logFatal
] as const

export interface Observed<A, E> {
  readonly exit: Exit.Exit<A, E>
  /** Every text the call put out, with the channel it came from. */
  readonly texts: ReadonlyArray<readonly [channel: string, text: string]>
}

const errorTexts = (error: unknown): Array<readonly [string, string]> => {
  const out: Array<readonly [string, string]> = [
    ["String", String(error)],
    ["JSON.stringify", JSON.stringify(error) ?? ""],
    ["util.inspect", inspect(error, { depth: Infinity, showHidden: true })],
    ["Inspectable.format", Inspectable.format(error)]
  ]
  if (error instanceof Error) out.push(["message", error.message], ["stack", error.stack ?? ""])
  if (typeof error === "object" && error !== null) {
    for (const [key, value] of Object.entries(error)) out.push([`field ${key}`, JSON.stringify(value) ?? String(value)])
  }
  return out
}

/** Runs a call, capturing every channel. */
export const observe = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Observed<A, E>, never, R> =>
  Effect.gen(function*() {
    const lines: Array<readonly [string, string]> = []
    const logger = Logger.make((options) => {
      const level = options.logLevel.label
      lines.push(
        [`log ${level} (string)`, Logger.stringLogger.log(options)],
        [`log ${level} (json)`, Logger.jsonLogger.log(options)],
        [`log ${level} (logfmt)`, Logger.logfmtLogger.log(options)],
        [`log ${level} (structured)`, inspect(Logger.structuredLogger.log(options), { depth: Infinity })]
      )
    })
    const recorder = SpanRecorder.make()
    const exit = yield* effect.pipe(
      // A user logging the failure, at every level.
      Effect.tapErrorCause((cause) => Effect.forEach(levels, (log) => log("the call failed", cause))),
      Effect.exit,
      Effect.withTracer(recorder.tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All)
    )
    const texts: Array<readonly [string, string]> = [...lines]
    if (Exit.isFailure(exit)) {
      texts.push(["Cause.pretty", Cause.pretty(exit.cause)], ["exit inspect", inspect(exit, { depth: Infinity })])
      const failure = Cause.failureOption(exit.cause)
      if (Option.isSome(failure)) { for (const text of errorTexts(failure.value)) texts.push(text) }
    } else {
      texts.push(["value inspect", inspect(exit.value, { depth: Infinity })], [
        "value JSON",
        JSON.stringify(exit.value) ?? ""
      ])
    }
    for (const span of recorder.spans) {
      for (const [key, value] of span.attributes) texts.push([`span ${span.name} attribute ${key}`, String(value)])
      for (const event of span.events) {
        texts.push([`span ${span.name} event`, `${event.name} ${JSON.stringify(event.attributes)}`])
      }
      if (span.exit !== undefined) {
        texts.push([`span ${span.name} exit`, inspect(span.exit, { depth: Infinity })])
        if (Exit.isFailure(span.exit)) texts.push([`span ${span.name} exit cause`, Cause.pretty(span.exit.cause)])
      }
    }
    return { exit, texts }
  })

/** Where any form of any secret shows: `[channel, form]` pairs (empty when nothing leaks). */
export const leaks = (
  texts: ReadonlyArray<readonly [string, string]>,
  secrets: ReadonlyArray<string>
): Array<string> => {
  const found: Array<string> = []
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      for (const [channel, text] of texts) if (text.includes(form)) found.push(`${channel}: ${form}`)
    }
  }
  return found
}
