/**
 * Writing to standard output and standard error, waiting for each to take the text.
 */
import { Effect } from "effect"

const writeTo = (stream: NodeJS.WriteStream, text: string) =>
  Effect.async<void>((resume) => {
    stream.write(text, () => resume(Effect.void))
  })

export const stdout = (text: string) => writeTo(process.stdout, text)

export const stderr = (text: string) => writeTo(process.stderr, text)

/** JSON: pretty on a terminal, one compact line when piped. */
export const json = (value: unknown) => stdout(`${JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined)}\n`)
