/**
 * What was wrong with a command line, told in the command line's words: one sentence per bad flag
 * (`--page must be a positive number (got -3)`), naming flags rather than the library's fields or
 * options, without Schema's account of every member of a union it tried.
 */
import { InvalidInput } from "@effect-livechat/core"
import { ParseResult } from "effect"
import type { Field } from "../Flags.js"

const sentence = (subject: string, message: string): string => {
  if (message === "is missing") return `${subject} is required`
  if (message.startsWith("is unexpected")) return `${subject} is not a field of this command`
  if (message.startsWith("must ")) return `${subject} ${message}`
  const expected = /^Expected (.*), actual (.*)$/s.exec(message)
  if (expected !== null) return `${subject} must be ${expected[1].replace(/^an? /, "a ")} (got ${expected[2]})`
  return `${subject}: ${message}`
}

/**
 * The `InvalidInput` of an input the command's Schema refused: one sentence per field (the first
 * issue Schema found for it), each naming the field's flag, or the field of `--json` / `--input`
 * that has no flag. `command` is the command line's words (`tickets list`).
 */
export const invalidFlags = (
  command: string,
  error: ParseResult.ParseError,
  fields: ReadonlyArray<Field>
): InvalidInput => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const told = new Map<string, string>()
  for (const issue of issues) {
    const key = issue.path.length === 0 ? "" : String(issue.path[0])
    if (told.has(key)) continue
    const field = fields.find((f) => f.name === key)
    const rest = issue.path.slice(1).map(String)
    const subject = key === ""
      ? "the input"
      : field === undefined
      ? JSON.stringify(issue.path.map(String).join("."))
      : `--${field.flag}${rest.length === 0 ? "" : ` (at ${rest.join(".")})`}`
    told.set(key, sentence(subject, issue.message))
  }
  return new InvalidInput({ operation: command, field: "", detail: [...told.values()].join("; ") })
}

/**
 * A library's message in the command line's words: options a user of `livechat` cannot pass are
 * named by the flags that set them.
 */
export const inFlags = (message: string): string =>
  message
    .replace(/pass onLocked: "wait"/g, "pass --wait")
    .replace(/set allowInsecureHttp/g, "pass --allow-insecure-http")
