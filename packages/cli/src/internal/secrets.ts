/**
 * Secrets read from where `ps` and the shell's history cannot see them: a file, or standard input
 * (`-`), as `gh` and `psql` read theirs. The value is the first line, without its line break; an
 * empty one is refused.
 */
import { Either } from "effect"
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
