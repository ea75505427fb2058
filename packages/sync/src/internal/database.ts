/**
 * How a database is named in an error, without its password, and how a driver's failure becomes a
 * `DatabaseUnavailable` (one line: the database, then the driver's reason).
 */
import type { PgClient } from "@effect/sql-pg"
import { Redacted } from "effect"
import { DatabaseUnavailable } from "../SyncError.js"

/** What replaces a password. */
const hidden = "***"

/** Query parameters of a connection URL that hold secrets (`password`, `sslpassword`, …). */
const secretParameter = /pass|secret|key/i

/** `PostgreSQL <URL>` with the URL's password (and any secret parameter) replaced by `***`. */
export const pgName = (config: Partial<PgClient.PgClientConfig>): string => {
  if (config.url !== undefined) {
    const text = Redacted.value(config.url)
    try {
      const url = new URL(text)
      if (url.password !== "") url.password = hidden
      for (const name of [...url.searchParams.keys()]) {
        if (secretParameter.test(name)) url.searchParams.set(name, hidden)
      }
      return `PostgreSQL ${url.toString().replaceAll(encodeURIComponent(hidden), hidden)}`
    } catch {
      return "PostgreSQL (a URL that cannot be parsed)"
    }
  }
  const user = config.username === undefined ? "" : `${encodeURIComponent(config.username)}@`
  const host = config.path ?? `${config.host ?? "localhost"}:${config.port ?? 5432}`
  return `PostgreSQL postgres://${user}${host}/${config.database ?? ""}`
}

/** The passwords of a configuration, to be removed from any message. */
export const pgSecrets = (config: Partial<PgClient.PgClientConfig>): ReadonlyArray<string> => {
  const secrets: Array<string> = []
  if (config.password !== undefined) secrets.push(Redacted.value(config.password))
  if (config.url !== undefined) {
    try {
      const url = new URL(Redacted.value(config.url))
      if (url.password !== "") secrets.push(url.password, decodeURIComponent(url.password))
      for (const [name, value] of url.searchParams) if (secretParameter.test(name) && value !== "") secrets.push(value)
    } catch {
      // An unparseable URL: its text is never shown.
    }
  }
  return secrets.filter((secret) => secret.length > 0)
}

/** The messages of an error and of its causes, joined: `PgClient: Failed to connect: connect ECONNREFUSED …`. */
const describe = (error: unknown, depth = 0): string => {
  if (depth > 4 || error === undefined || error === null) return ""
  if (typeof error !== "object") return String(error)
  const parts: Array<string> = []
  const message = "message" in error && typeof error.message === "string" ? error.message : ""
  if (message !== "") parts.push(message)
  // An AggregateError (one per address tried, as for `localhost`) has no message of its own.
  if (error instanceof AggregateError) {
    const inner = [...new Set(error.errors.map((e) => describe(e, depth + 1)).filter((m) => m !== ""))]
    if (inner.length > 0) parts.push(inner.join("; "))
  }
  if (message === "" && "code" in error && typeof error.code === "string") parts.push(error.code)
  if ("cause" in error && error.cause !== error) {
    const inner = describe(error.cause, depth + 1)
    if (inner !== "" && !parts.some((part) => part.includes(inner))) parts.push(inner)
  }
  return parts.join(": ")
}

/** One line, without the secrets. */
const oneLine = (text: string, secrets: ReadonlyArray<string>): string => {
  let line = text.replace(/\s+/g, " ").trim()
  for (const secret of secrets) line = line.split(secret).join(hidden)
  return line === "" ? "unknown error" : line
}

/** The error of a failed layer or reservation, as `DatabaseUnavailable`. */
export const unavailable = (
  database: string,
  error: unknown,
  secrets: ReadonlyArray<string> = [],
  hint?: string
): DatabaseUnavailable => {
  const reason = oneLine(describe(error), secrets)
  return new DatabaseUnavailable({
    database,
    reason: hint === undefined ? reason : `${reason} (${hint})`,
    cause: error
  })
}

/** pg-pool's words when no connection came within `connectionTimeoutMillis`. */
export const isConnectTimeout = (error: unknown): boolean =>
  /timeout exceeded when trying to connect|timed out/i.test(describe(error))
