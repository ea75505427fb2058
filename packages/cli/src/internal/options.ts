/**
 * Flags that may be left out, with their help.
 */
import { Options } from "@effect/cli"

export const optional = <A>(option: Options.Options<A>, description: string) =>
  option.pipe(Options.withDescription(description), Options.optional)

export const optionalText = (name: string, description: string) => optional(Options.text(name), description)
