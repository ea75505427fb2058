/**
 * Turning HTTP answers and transport failures into LiveChatErrors, in one place.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import { Duration, ParseResult } from "effect"
import * as Errors from "../LiveChatError.js"
import { bound, redactFields, type Secrets, secretValues } from "./secrets.js"

/** The longest body excerpt an error carries. */
export const excerptLength = 300

/** The server's explanation and a body excerpt are cut to this many characters. */
const detailLength = 1000

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim()

const cut = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters omitted)` : text

/** The secrets to scrub from what one request prints: the client's, and those of the request. */
export interface Context {
  readonly method: string
  readonly url: string
  readonly secrets: Secrets
}

/**
 * A body, read as JSON when it is JSON, with the values of secret fields (`api_key`, `token`, …)
 * redacted by name and remembered as secrets of this answer.
 */
export interface Body {
  readonly text: string
  /** The parsed body with secret fields redacted; `undefined` when the body is not JSON. */
  readonly json: unknown
  /** The context's secrets plus the secret values the body holds. */
  readonly secrets: Secrets
  /** The text to excerpt: the body re-serialised without its secret fields, or the text as is. */
  readonly printable: string
}

const notJson = Symbol()

/** Reads a body for printing: the secret fields of a JSON body are redacted before anything else. */
export const readBody = (context: Context, text: string, parsed: unknown = notJson): Body => {
  let json = parsed
  if (json === notJson) {
    try {
      json = JSON.parse(text)
    } catch {
      return { text, json: undefined, secrets: context.secrets, printable: text }
    }
  }
  const found = secretValues(json)
  if (found.length === 0) return { text, json, secrets: context.secrets, printable: text }
  const redacted = redactFields(json)
  return { text, json: redacted, secrets: context.secrets.with(found), printable: JSON.stringify(redacted) }
}

/** A bounded, single-line, scrubbed excerpt of a body; `undefined` for an empty body. */
export const excerpt = (body: Body): string | undefined => {
  // Scrub a little more than is kept, so that no secret is cut in two before it is scrubbed.
  const window = excerptLength * 2 + body.secrets.longest
  const flat = oneLine(body.secrets.scrub(body.printable.slice(0, window)))
  if (flat === "") return undefined
  if (flat.length <= excerptLength && body.printable.length <= window) return flat
  return `${flat.slice(0, excerptLength)}… (${
    Math.max(0, body.printable.length - excerptLength)
  } more characters omitted)`
}

/** The request URL as errors print it: scrubbed and bounded. */
export const printableUrl = (context: Context): string => bound(context.secrets.scrub(context.url), 2000)

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

const describeItem = (item: unknown): string =>
  typeof item === "string"
    ? item
    : isRecord(item) && typeof item.message === "string"
    ? item.message
    : isRecord(item) && typeof item.error === "string"
    ? item.error
    : JSON.stringify(item)

/** The most items of an `{"errors": [...]}` body described in a detail. */
const maxItems = 20

const describeItems = (items: ReadonlyArray<unknown>): string => {
  const shown = items.slice(0, maxItems).map(describeItem).join("; ")
  return items.length > maxItems ? `${shown}; … (${items.length - maxItems} more omitted)` : shown
}

/**
 * The server's explanation from either documented error body, `{"error": "..."}` or
 * `{"errors": [...]}`; for an HTML page, its title; otherwise `undefined`.
 */
export const errorDetail = (body: Body): string | undefined => {
  let detail: string | undefined
  const json = body.json
  if (isRecord(json) && !Array.isArray(json)) {
    if (typeof json.error === "string") detail = json.error
    else if (isRecord(json.error)) detail = describeItem(json.error)
    else if (Array.isArray(json.errors)) detail = describeItems(json.errors)
    else if (typeof json.message === "string") detail = json.message
  } else if (Array.isArray(json)) {
    detail = describeItems(json)
  } else if (json === undefined) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body.text.slice(0, 64 * 1024))
    if (title !== null && title[1].trim() !== "") detail = title[1].trim()
  }
  if (detail === undefined) return undefined
  return cut(oneLine(body.secrets.scrub(detail)), detailLength)
}

/** The issues of a failed decode, at most `maxItems` of them, each bounded, with a count of the rest. */
export const decodeDetail = (error: ParseResult.ParseError, secrets: Secrets): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const shown = issues.slice(0, maxItems).map((issue) =>
    cut(`${issue.path.length === 0 ? "" : `${issue.path.join(".")}: `}${oneLine(secrets.scrub(issue.message))}`, 300)
  )
  const more = issues.length - shown.length
  return bound(`${shown.join("; ")}${more > 0 ? `; … (${more} more issues omitted)` : ""}`)
}

/**
 * `Retry-After` as a duration from `now`: delay-seconds or an HTTP-date (a date in the past is
 * zero). `undefined` when absent or unreadable.
 */
export const parseRetryAfter = (header: string | undefined, now: number): Duration.Duration | undefined => {
  if (header === undefined) return undefined
  const text = header.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Duration.millis(Number(text) * 1000)
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Duration.millis(Math.max(0, date - now))
}

/** The error for an HTTP answer that is not a success. */
export const fromStatus = (
  context: Context,
  status: number,
  body: Body,
  retryAfter: Duration.Duration | undefined
): Errors.LiveChatError => {
  const fields = {
    method: context.method,
    url: printableUrl(context),
    status,
    detail: errorDetail(body),
    body: excerpt(body)
  }
  switch (status) {
    case 401:
      return new Errors.Unauthorized(fields)
    case 403:
      return new Errors.Forbidden(fields)
    case 404:
      return new Errors.NotFound(fields)
    case 429:
      return new Errors.RateLimited({ ...fields, retryAfter })
  }
  return status >= 500
    ? new Errors.ServerError(status === 503 ? { ...fields, retryAfter } : fields)
    : new Errors.BadRequest(fields)
}

const connectCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "UND_ERR_CONNECT_TIMEOUT"])

/** Looks through an error's `cause` chain for a code saying the connection was never made. */
const neverConnected = (error: unknown): boolean => {
  for (let current = error, depth = 0; isRecord(current) && depth < 8; current = current.cause, depth++) {
    if (typeof current.code === "string" && connectCodes.has(current.code)) return true
    if (Array.isArray(current.errors) && current.errors.length > 0 && current.errors.every(neverConnected)) {
      return true // AggregateError of every address tried
    }
  }
  return false
}

const causeText = (error: unknown): string => {
  const parts: Array<string> = []
  for (let current = error, depth = 0; isRecord(current) && depth < 8; current = current.cause, depth++) {
    const text = typeof current.message === "string" && current.message !== ""
      ? current.message
      : typeof current.code === "string"
      ? current.code
      : undefined
    if (text !== undefined && !parts.includes(text)) parts.push(text)
  }
  return parts.join(": ")
}

/** The error for an answer larger than `maxBytes` (`size`: what says so, if the length was declared). */
export const tooLarge = (context: Context, status: number, maxBytes: number, size = ""): Errors.TransportError =>
  new Errors.TransportError({
    method: context.method,
    url: printableUrl(context),
    reason: "TooLarge",
    status,
    detail: `the answer is larger than maxResponseBytes (${maxBytes} bytes)${size}; it was not read further`
  })

/** The error for an attempt without a complete answer within `timeout`. */
export const timedOut = (context: Context, timeout: Duration.Duration): Errors.TransportError =>
  new Errors.TransportError({
    method: context.method,
    url: printableUrl(context),
    reason: "Timeout",
    detail: `no complete answer within ${Duration.format(timeout)}`
  })

/**
 * The error for a failure of a transport: while sending the request or waiting for its answer
 * (`phase` `"request"`), or while reading the body of an answer of `status` (`"body"`).
 */
export const fromCause = (
  context: Context,
  phase: "request" | "body",
  cause: unknown,
  status = 0
): Errors.TransportError => {
  const detail = bound(
    context.secrets.scrub(causeText(cause) || (cause instanceof Error ? cause.name : String(cause))),
    1000
  )
  const url = printableUrl(context)
  return phase === "request"
    ? new Errors.TransportError({
      method: context.method,
      url,
      reason: neverConnected(cause) ? "Connect" : "Transport",
      detail
    })
    : new Errors.TransportError({ method: context.method, url, reason: "Body", status, detail })
}

/** The error for a failure of the transport (before or while reading a response). */
export const fromTransport = (context: Context, error: HttpClientError.HttpClientError): Errors.TransportError => {
  const detail = bound(context.secrets.scrub(causeText(error.cause) || error.message), 1000)
  const url = printableUrl(context)
  if (error._tag === "RequestError") {
    const reason = error.reason === "Transport" && !neverConnected(error.cause) ? "Transport" : "Connect"
    return new Errors.TransportError({ method: context.method, url, reason, detail })
  }
  return new Errors.TransportError({
    method: context.method,
    url,
    reason: "Body",
    status: error.response.status,
    detail
  })
}
