/**
 * Writing to standard output and standard error, waiting for each to take the text.
 */
import { Console, Effect } from "effect"

const writeTo = (stream: NodeJS.WriteStream, text: string) =>
  Effect.async<void>((resume) => {
    stream.write(text, () => resume(Effect.void))
  })

export const stdout = (text: string) => writeTo(process.stdout, text)

export const stderr = (text: string) => writeTo(process.stderr, text)

/** A URL's password (`https://user:password@host`): the Basic credentials of a webhook's URL. */
const urlPassword = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:\s]*:)[^/?#@\s]+@/i

/** A text with any URL password in it replaced by `<redacted>`. */
export const withoutUrlPassword = (text: string): string => text.replace(urlPassword, "$1<redacted>@")

/**
 * JSON: pretty on a terminal, one compact line when piped. A URL's password (a webhook's Basic
 * credentials, as the API answers them) is printed as `<redacted>`, as the client's secrets are.
 */
export const json = (value: unknown) =>
  stdout(
    `${
      JSON.stringify(
        value,
        (_, v) => (typeof v === "string" ? withoutUrlPassword(v) : v),
        process.stdout.isTTY ? 2 : undefined
      )
    }\n`
  )

// The escape sequences of ANSI colours and styles (`ESC [ … m`).

const ansi = /\u001b\[[0-9;]*m/g

/** `text` without colours or styles. */
export const plain = (text: string) => text.replace(ansi, "")

/**
 * Whether the stream should get colours: a terminal, and `NO_COLOR` unset (https://no-color.org);
 * `FORCE_COLOR` (any value but `0`) forces them.
 */
export const colours = (stream: NodeJS.WriteStream) =>
  process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0"
    ? true
    : stream.isTTY === true && (process.env.NO_COLOR === undefined || process.env.NO_COLOR === "")

/**
 * Runs `effect` with a console that strips colours from what goes to a stream that should not get
 * them (@effect/cli styles its help and its errors whatever the stream is).
 */
export const withPlainConsole = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
  const out = colours(process.stdout)
  const err = colours(process.stderr)
  if (out && err) return effect
  const strip = (args: ReadonlyArray<unknown>) => args.map((a) => (typeof a === "string" ? plain(a) : a))
  return Console.consoleWith((console) =>
    Effect.withConsole(effect, {
      ...console,
      log: (...args) => console.log(...(out ? args : strip(args))),
      info: (...args) => console.info(...(out ? args : strip(args))),
      error: (...args) => console.error(...(err ? args : strip(args))),
      warn: (...args) => console.warn(...(err ? args : strip(args)))
    })
  )
}

/**
 * Runs `effect` with a console whose `error` prints nothing: `@effect/cli` tells a bad command line
 * there, and `livechat` tells it its own way. Logs still reach standard error (the logger writes
 * through the console's `unsafe` side, which is kept).
 */
export const withoutConsoleErrors = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Console.consoleWith((console) => Effect.withConsole(effect, { ...console, error: () => Effect.void }))
