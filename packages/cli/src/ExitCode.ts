/**
 * The exit codes of `livechat`, one per kind of failure a script acts on, and the one line each
 * failure is told in.
 *
 * | code | kind | errors |
 * |---|---|---|
 * | 0 | success | |
 * | 1 | other | anything unexpected |
 * | 2 | invalid input | `InvalidInput`, `BadRequest`, a bad flag or value, a bad setting |
 * | 3 | auth | `Unauthorized`, `Forbidden`, missing credentials |
 * | 4 | not found | `NotFound` |
 * | 5 | rate limited | `RateLimited` (after the retries) |
 * | 6 | transport | `TransportError`, `ServerError`, `ResponseDecodeError` (after the retries) |
 * | 7 | mismatch | `ArchiveMismatch`, `WindowTooDense`: an export could not be read exactly; `NotExact`: an export with `--consistency warn` went past windows it could not prove exact |
 * | 8 | locked | `SyncLocked`: another sync of the same database is running; `LockLost`: a sync's lock was taken over while it ran |
 * | 9 | database | `SqlError`, `MigrationError`, `DatabaseUnavailable` (sync) |
 * | | | `SyncIncomplete` (a sync that mirrored all it could but some resources): its first failure's code |
 * | 130 | interrupted | Ctrl-C (an export leaves its `--resume` state) |
 *
 * @since 0.1.0
 */
import { ValidationError } from "@effect/cli"
import { ConfigError } from "effect"
import { inFlags } from "./internal/problems.js"

/**
 * The exit codes by kind.
 *
 * @since 0.1.0
 * @category constants
 */
export const codes = {
  success: 0,
  other: 1,
  invalidInput: 2,
  auth: 3,
  notFound: 4,
  rateLimited: 5,
  transport: 6,
  mismatch: 7,
  locked: 8,
  database: 9,
  interrupted: 130
} as const

/**
 * @since 0.1.0
 * @category models
 */
export type Kind = keyof typeof codes

const byTag: { readonly [tag: string]: Kind } = {
  InvalidInput: "invalidInput",
  BadRequest: "invalidInput",
  Unauthorized: "auth",
  Forbidden: "auth",
  NotFound: "notFound",
  RateLimited: "rateLimited",
  TransportError: "transport",
  ServerError: "transport",
  ResponseDecodeError: "transport",
  ArchiveMismatch: "mismatch",
  WindowTooDense: "mismatch",
  NotExact: "mismatch",
  SyncLocked: "locked",
  LockLost: "locked",
  SqlError: "database",
  DatabaseUnavailable: "database",
  MigrationError: "database"
}

const hints: { readonly [tag: string]: string } = {
  Unauthorized: "check LIVECHAT_LOGIN / LIVECHAT_API_KEY (or LIVECHAT_ACCESS_TOKEN) and their flags",
  Forbidden: "these credentials may not do this",
  RateLimited: "wait and try again, or raise --retries",
  TransportError: "check LIVECHAT_BASE_URL and the network",
  ArchiveMismatch: "run the command again: an export given --resume continues where it stopped"
}

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : undefined

/**
 * The error a failure is about: a failed page of an export is about the client's error that failed it.
 *
 * @since 0.1.0
 * @category utils
 */
export const cause = (error: unknown): unknown => {
  if (tagOf(error) === "PageFailed" && typeof error === "object" && error !== null && "error" in error) {
    return error.error
  }
  if (tagOf(error) === "SyncIncomplete" && typeof error === "object" && error !== null && "failures" in error) {
    const [first] = error.failures as ReadonlyArray<{ readonly error: unknown }>
    return first === undefined ? error : cause(first.error)
  }
  return error
}

const isCredentials = (error: ConfigError.ConfigError): boolean =>
  /LIVECHAT_(LOGIN|API_KEY|ACCESS_TOKEN)/.test(String(error))

/**
 * The kind of a failure.
 *
 * @since 0.1.0
 * @category utils
 */
export const kindOf = (error: unknown): Kind => {
  if (ValidationError.isValidationError(error)) return "invalidInput"
  if (ConfigError.isConfigError(error)) return isCredentials(error) ? "auth" : "invalidInput"
  const tag = tagOf(cause(error))
  return tag === undefined ? "other" : byTag[tag] ?? "other"
}

/**
 * The exit code of a failure.
 *
 * @since 0.1.0
 * @category utils
 */
export const of = (error: unknown): number => codes[kindOf(error)]

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim()

const configMessage = (error: ConfigError.ConfigError): string =>
  ConfigError.reduceWithContext(error, undefined, {
    andCase: (_, left: string, right: string) => `${left}; ${right}`,
    orCase: (_, left: string, right: string) => `${left}; ${right}`,
    invalidDataCase: (_, path, message) => `${path.join(".")}: ${message}`,
    missingDataCase: (_, path, message) => `${path.join(".")}: ${message}`,
    sourceUnavailableCase: (_, path, message) => `${path.join(".")}: ${message}`,
    unsupportedCase: (_, path, message) => `${path.join(".")}: ${message}`
  })

/**
 * The one line a failure is told in: the error's tag, its message, and what to do when that is
 * clear (`Unauthorized: GET …/agents failed with 401 Unauthorized — check LIVECHAT_LOGIN / LIVECHAT_API_KEY …`).
 * Messages never hold credentials (the client's errors scrub them).
 *
 * @since 0.1.0
 * @category utils
 */
export const format = (error: unknown): string => {
  if (ConfigError.isConfigError(error)) {
    const hint = isCredentials(error) ? " (or --api-login with --api-key / --api-key-file, or --access-token)" : ""
    return `${isCredentials(error) ? "MissingCredentials" : "InvalidConfig"}: ${oneLine(configMessage(error))}${hint}`
  }
  if (tagOf(error) === "SyncIncomplete") {
    // One line per resource left out, each with its own tag and message.
    const failures = (error as { readonly failures: ReadonlyArray<{ resource: string; error: unknown }> }).failures
    return [
      `SyncIncomplete: ${failures.length} of the resources could not be mirrored; the others were`,
      ...failures.map((failure) => `  ${failure.resource}: ${format(failure.error)}`)
    ].join("\n")
  }
  if (tagOf(error) === "InvalidInput") {
    const { detail, field, operation } = error as { operation: string; field: string; detail: string }
    // The command line's own refusals name their flags in `detail` (and leave `field` empty).
    return `InvalidInput: ${operation}: ${field === "" ? "" : `${field}: `}${oneLine(inFlags(detail))}`
  }
  const inner = cause(error)
  const tag = tagOf(inner) ?? (inner instanceof Error ? inner.name : "Error")
  const message = inner instanceof Error || (typeof inner === "object" && inner !== null && "message" in inner)
    ? String((inner as { message: unknown }).message)
    : String(inner)
  const hint = hints[tag]
  const where = tagOf(error) === "PageFailed" ? ` (in ${oneLine(String((error as Error).message).split(":")[0])})` : ""
  return `${tag}: ${oneLine(inFlags(message))}${where}${hint === undefined ? "" : ` — ${hint}`}`
}
