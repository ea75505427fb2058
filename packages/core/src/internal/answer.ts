/**
 * The fourth step of the request path: what an answer means. A success's body is parsed once and
 * decoded by the answer's compiled Schema straight from the parsed value; anything else becomes
 * the {@link LiveChatError} it stands for (a 429 also pauses every request of the client).
 */
import { Clock, Duration, Effect, Either, type ParseResult, type Schema } from "effect"
import * as Compiled from "../Compiled.js"
import { type LiveChatError, ResponseDecodeError, TransportError } from "../LiveChatError.js"
import type { Prepared } from "./request.js"
import * as Response from "./response.js"
import { bound } from "./secrets.js"
import { type Settings, withinMaxRetryAfter } from "./settings.js"
import type { Answer } from "./transport.js"

type Decoder<A> = (input: unknown) => Either.Either<A, ParseResult.ParseError>

// Each answer Schema's decoder, compiled once (every answer is still decoded in full: see Compiled).
const decoders = new WeakMap<object, Decoder<unknown>>()

export const decoderOf = <A, I>(schema: Schema.Schema<A, I>): Decoder<A> => {
  let decoder = decoders.get(schema)
  if (decoder === undefined) {
    decoder = Compiled.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>)
    decoders.set(schema, decoder)
  }
  return decoder as Decoder<A>
}

const decodeError = (
  prepared: Prepared,
  status: number,
  reason: "Json" | "Schema",
  detail: string,
  body: Response.Body
) =>
  new ResponseDecodeError({
    method: prepared.method,
    url: Response.printableUrl(prepared.context),
    status,
    reason,
    detail,
    body: Response.excerpt(body)
  })

/** A success's body, parsed and decoded; or why it could not be. */
export const decodeSuccess = <A>(
  prepared: Prepared,
  status: number,
  text: string,
  decode: Decoder<A>
): Either.Either<A, ResponseDecodeError> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    const body = Response.readBody(prepared.context, text)
    const detail = error instanceof Error ? error.message : String(error)
    return Either.left(decodeError(prepared, status, "Json", bound(body.secrets.scrub(detail), 1000), body))
  }
  const decoded = decode(json)
  if (Either.isRight(decoded)) return Either.right(decoded.right)
  // Secret fields of the answer are redacted by name before anything is printed.
  const body = Response.readBody(prepared.context, text, json)
  return Either.left(decodeError(prepared, status, "Schema", Response.decodeDetail(decoded.left, body.secrets), body))
}

const redirect = (prepared: Prepared, answer: Answer) =>
  new TransportError({
    method: prepared.method,
    url: Response.printableUrl(prepared.context),
    reason: "Redirect",
    status: answer.status,
    detail: `the server redirected${
      answer.location === undefined ? "" : ` to ${bound(prepared.context.secrets.scrub(answer.location), 1000)}`
    }; redirects are not followed, so credentials never go to another origin`
  })

/** The error an answer that is not a success stands for; a 429 pauses every request of the client first. */
export const failure = (
  settings: Settings,
  prepared: Prepared,
  answer: Answer
): Effect.Effect<never, LiveChatError> => {
  const status = answer.status
  if (status === 0 || (status >= 300 && status < 400)) return Effect.fail(redirect(prepared, answer))
  return Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const retryAfter = Response.parseRetryAfter(answer.retryAfter, now)
    const error = Response.fromStatus(
      prepared.context,
      status,
      Response.readBody(prepared.context, answer.text),
      retryAfter
    )
    // A 429 pauses every request of the client, unless the wait is longer than we honour.
    return status === 429 && withinMaxRetryAfter(settings, error)
      ? Effect.zipRight(settings.gate.pause(retryAfter ?? Duration.seconds(1)), Effect.fail(error))
      : Effect.fail(error)
  })
}

/** What an answer means: the decoded success, or the error it stands for. */
export const interpret = <A>(
  settings: Settings,
  prepared: Prepared,
  answer: Answer,
  decode: Decoder<A>
): Effect.Effect<A, LiveChatError> =>
  answer.status >= 200 && answer.status < 300
    ? decodeSuccess(prepared, answer.status, answer.text, decode)
    : failure(settings, prepared, answer)
