/**
 * Secrets read from where `ps` and the shell's history cannot see them: a file, or standard input
 * (`-`), as `gh` and `psql` read theirs. The value is the first line, without its line break; an
 * empty one is refused.
 */
import { Config, ConfigError, Effect, Either, Option, Redacted } from "effect"
import * as Fs from "node:fs"

const firstLine = (text: string): string => text.split(/\r?\n/)[0] ?? ""

const read = (what: string, from: number | string): Either.Either<string, string> => {
  try {
    const value = firstLine(Fs.readFileSync(from, "utf8"))
    return value === "" ? Either.left(`${what} is empty`) : Either.right(value)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))
    return Either.left(`cannot read ${what} (${reason})`)
  }
}

/** Standard input's first line; `flag` names the flag that asked for it, in the error. */
export const fromStdin = (flag: string): Either.Either<string, string> => read(`--${flag} - (standard input)`, 0)

/** A file's first line; `flag` names the flag that named the file, in the error. */
export const fromFile = (flag: string, path: string): Either.Either<string, string> =>
  read(`--${flag} ${JSON.stringify(path)}`, path)

/** The value a secret flag stands for: standard input's first line for `-`, else the value given. */
export const given = (flag: string, value: string): Either.Either<string, string> =>
  value === "-" ? fromStdin(flag) : Either.right(value)

/** An environment variable's value, absent when unset or empty. */
export const env = (name: string): Config.Config<Option.Option<string>> =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value !== "")))

/**
 * A secret from where it was given, in this order: its flag (`-`: standard input's first line), its
 * file flag, its environment variable, the file its `_FILE` variable names. A flag, file or
 * variable that cannot be read is a `ConfigError` naming it (never the secret).
 */
export const resolve = (
  flag: { readonly name: string; readonly value: Option.Option<string> },
  file: { readonly name: string; readonly value: Option.Option<string> },
  variable: string
): Effect.Effect<Option.Option<Redacted.Redacted<string>>, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const read = (either: Either.Either<string, string>, name: string) =>
      Either.match(either, {
        onLeft: (reason) => Effect.fail(ConfigError.InvalidData([name], reason)),
        onRight: (value) => Effect.succeed(Option.some(Redacted.make(value)))
      })
    if (Option.isSome(flag.value)) return yield* read(given(flag.name, flag.value.value), flag.name)
    if (Option.isSome(file.value)) return yield* read(fromFile(file.name, file.value.value), file.name)
    const direct = yield* env(variable)
    if (Option.isSome(direct)) return Option.some(Redacted.make(direct.value))
    const path = yield* env(`${variable}_FILE`)
    return Option.isSome(path)
      ? yield* read(fromFile(`${variable}_FILE`, path.value), `${variable}_FILE`)
      : Option.none()
  })
