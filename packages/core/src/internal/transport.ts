/**
 * The third step of the request path: sending one attempt and reading its answer. A transport
 * hands the request over, times the attempt (answer and body) and reads the body within the size
 * limit; what the answer means is the next step's ({@link ./answer.ts}).
 *
 * Two transports: {@link fromHttpClient}, over any `@effect/platform` `HttpClient` (fetch
 * runtimes, a user's own client, the fake's layer), and the Node one over undici (`./undici.ts`).
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect, Option, Stream } from "effect"
import type { TransportError } from "../LiveChatError.js"
import type { Prepared } from "./request.js"
import * as Response from "./response.js"
import type { Settings } from "./settings.js"
import { withTimeout } from "./timeout.js"

/** An answer as a transport read it. */
export interface Answer {
  readonly status: number
  /** The headers the next step reads (`location`, `retry-after`). */
  readonly location: string | undefined
  readonly retryAfter: string | undefined
  /** The body as text: `""` when it is not read (see {@link reading}). */
  readonly text: string
}

/** Sends one attempt of a prepared request. */
export interface Transport {
  /**
   * Runs `start` (the rate limiter's count of a start), then sends the request with its
   * `authorization` and reads the answer. The settings' timeout covers the answer and its body,
   * from the end of `start`.
   */
  readonly send: (
    prepared: Prepared,
    authorization: string | undefined,
    start: Effect.Effect<void>
  ) => Effect.Effect<Answer, TransportError>
}

/**
 * What a transport does with the body of an answer of `status`: a success's is read (a failure to
 * read it fails the attempt); a redirect's is not read (the answer is an error whatever it says);
 * an error's is read for its explanation, and a failure to read it leaves it empty.
 */
export const reading = (status: number): "read" | "skip" | "tolerate" =>
  status >= 200 && status < 300 ? "read" : status === 0 || (status >= 300 && status < 400) ? "skip" : "tolerate"

const header = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" || value === undefined ? value : value[0]

export const answer = (
  status: number,
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>,
  text: string
): Answer => ({ status, location: header(headers["location"]), retryAfter: header(headers["retry-after"]), text })

const manualRedirect: RequestInit = { redirect: "manual" }

/** The transport over an `@effect/platform` `HttpClient`. */
export const fromHttpClient = (client: HttpClient.HttpClient, settings: Settings): Transport => {
  // One span per request is ours, with attributes we control: the transport's own span would
  // record response headers as sent, and a server can echo credentials in them.
  const http = HttpClient.withTracerDisabledWhen(client, () => true)
  const { maxResponseBytes, timeout } = settings

  // The body as text, never more than `maxResponseBytes` of it: a declared length is checked
  // before reading; otherwise (chunked, or compressed by the transport) the bytes are counted as
  // they arrive and the reading stops, closing the body, as soon as there are too many.
  const readText = (
    prepared: Prepared,
    response: HttpClientResponse.HttpClientResponse
  ): Effect.Effect<string, TransportError> => {
    const context = prepared.context
    const declared = response.headers["content-length"]
    const encoding = response.headers["content-encoding"]
    if (declared !== undefined && (encoding === undefined || encoding === "identity")) {
      const length = Number(declared)
      if (length > maxResponseBytes) {
        return Effect.fail(
          Response.tooLarge(context, response.status, maxResponseBytes, ` (Content-Length: ${length})`)
        )
      }
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
          if (total > maxResponseBytes) {
            return Effect.fail(Response.tooLarge(context, response.status, maxResponseBytes))
          }
          chunks.push(chunk)
          return Effect.void
        }),
        Effect.mapError((error) => error._tag === "TransportError" ? error : Response.fromTransport(context, error)),
        Effect.map(() => {
          const decoder = new TextDecoder()
          let text = ""
          for (const chunk of chunks) text += decoder.decode(chunk, { stream: true })
          return text + decoder.decode()
        })
      )
    })
  }

  const read = (
    prepared: Prepared,
    response: HttpClientResponse.HttpClientResponse
  ): Effect.Effect<Answer, TransportError> => {
    const status = response.status
    const mode = reading(status)
    if (mode === "skip") return Effect.succeed(answer(status, response.headers, ""))
    const text = readText(prepared, response)
    return Effect.map(
      mode === "read" ? text : Effect.orElseSucceed(text, () => ""),
      (text) => answer(status, response.headers, text)
    )
  }

  const send: Transport["send"] = (prepared, authorization, start) =>
    Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (fetchInit) => {
      let request = HttpClientRequest.make(prepared.method)(prepared.url).pipe(
        HttpClientRequest.setHeaders(
          authorization === undefined ? prepared.headers : { ...prepared.headers, authorization }
        )
      )
      if (prepared.body !== undefined) {
        request = HttpClientRequest.bodyText(request, prepared.body, prepared.contentType)
      }
      const sent = http.execute(request).pipe(
        Effect.mapError((error) => Response.fromTransport(prepared.context, error)),
        Effect.flatMap((response) => read(prepared, response)),
        // fetch follows redirects by itself unless told not to.
        Effect.provideService(
          FetchHttpClient.RequestInit,
          Option.isNone(fetchInit) ? manualRedirect : { ...fetchInit.value, redirect: "manual" }
        )
      )
      // The start is counted right before the request is handed to the transport, in the same
      // fiber and without yielding in between; an interruption until then means it is never sent.
      return timeout === undefined
        ? Effect.zipRight(start, sent)
        : withTimeout(start, sent, timeout, () => Response.timedOut(prepared.context, timeout))
    })

  return { send }
}
