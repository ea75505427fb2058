/**
 * Turning HTTP answers and transport failures into LiveChatErrors, in one place.
 */
import type { HttpClientError } from "@effect/platform"
import { Duration } from "effect"
import * as Errors from "../LiveChatError.js"

/** The longest body excerpt an error carries. */
export const excerptLength = 300

/** Replaces every known secret in a text (credentials echoed by a server, a token in a URL). */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string =>
  secrets.reduce((out, secret) => secret.length >= 4 ? out.split(secret).join("<redacted>") : out, text)

/** A bounded, single-line, scrubbed excerpt of a body; `undefined` for an empty body. */
export const excerpt = (body: string, secrets: ReadonlyArray<string>): string | undefined => {
  const flat = scrub(body, secrets).replace(/\s+/g, " ").trim()
  if (flat === "") return undefined
  return flat.length > excerptLength ? `${flat.slice(0, excerptLength)}…` : flat
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

const describeItem = (item: unknown): string =>
  typeof item === "string"
    ? item
    : isRecord(item) && typeof item.message === "string"
    ? item.message
    : isRecord(item) && typeof item.error === "string"
    ? item.error
    : JSON.stringify(item)

/**
 * The server's explanation from either documented error body, `{"error": "..."}` or
 * `{"errors": [...]}`; for an HTML page, its title; otherwise `undefined`.
 */
export const errorDetail = (body: string, secrets: ReadonlyArray<string>): string | undefined => {
  let detail: string | undefined
  try {
    const json: unknown = JSON.parse(body)
    if (isRecord(json)) {
      if (typeof json.error === "string") detail = json.error
      else if (isRecord(json.error)) detail = describeItem(json.error)
      else if (Array.isArray(json.errors)) detail = json.errors.map(describeItem).join("; ")
      else if (typeof json.message === "string") detail = json.message
    } else if (Array.isArray(json)) {
      detail = json.map(describeItem).join("; ")
    }
  } catch {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)
    if (title !== null && title[1].trim() !== "") detail = title[1].trim()
  }
  if (detail === undefined) return undefined
  const clean = scrub(detail, secrets).replace(/\s+/g, " ").trim()
  return clean.length > excerptLength ? `${clean.slice(0, excerptLength)}…` : clean
}

/**
 * `Retry-After` as a duration from `now`: delay-seconds or an HTTP-date (a date in the past is
 * zero). `undefined` when absent or unreadable.
 */
export const parseRetryAfter = (header: string | undefined, now: number): Duration.Duration | undefined => {
  if (header === undefined) return undefined
  const text = header.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Duration.seconds(Number(text))
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Duration.millis(Math.max(0, date - now))
}

export interface Context {
  readonly method: string
  readonly url: string
  readonly secrets: ReadonlyArray<string>
}

/** The error for an HTTP answer that is not a success. */
export const fromStatus = (
  context: Context,
  status: number,
  body: string,
  retryAfter: Duration.Duration | undefined
): Errors.LiveChatError => {
  const fields = {
    method: context.method,
    url: context.url,
    status,
    detail: errorDetail(body, context.secrets),
    body: excerpt(body, context.secrets)
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
  return status >= 500 ? new Errors.ServerError(fields) : new Errors.BadRequest(fields)
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

/** The error for a failure of the transport (before or while reading a response). */
export const fromTransport = (context: Context, error: HttpClientError.HttpClientError): Errors.TransportError => {
  const detail = scrub(causeText(error.cause) || error.message, context.secrets)
  if (error._tag === "RequestError") {
    const reason = error.reason === "Transport" && !neverConnected(error.cause) ? "Transport" : "Connect"
    return new Errors.TransportError({ method: context.method, url: context.url, reason, detail })
  }
  return new Errors.TransportError({
    method: context.method,
    url: context.url,
    reason: "Body",
    status: error.response.status,
    detail
  })
}
