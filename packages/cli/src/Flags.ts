/**
 * Command-line flags derived from a Schema: one flag per field of a struct Schema, its kind read
 * from the field's type (text, number, boolean, one of some values, a repeated flag for an array of
 * scalars, JSON for anything nested), its help from the field's description. The values given are
 * turned back into the fields of an input object, which the Schema then validates.
 *
 * @since 0.1.0
 */
import { Fields } from "@effect-livechat/core"
import { HelpDoc, Options, ValidationError } from "@effect/cli"
import { Array as Arr, Effect, Either, Option, Schema, SchemaAST } from "effect"
import * as Secrets from "./internal/secrets.js"

/**
 * What a field holds, as the command line sees it.
 *
 * - `text`, `number`, `boolean`: one value;
 * - `choice`: one of `choices` (literals, written as text);
 * - `list`: a repeated flag, each value of kind `item`;
 * - `json`: a nested value written as JSON.
 *
 * @since 0.1.0
 * @category models
 */
export type Kind =
  | { readonly _tag: "text" }
  | { readonly _tag: "number" }
  | { readonly _tag: "boolean" }
  | { readonly _tag: "choice"; readonly choices: ReadonlyArray<string | number | boolean> }
  | { readonly _tag: "list"; readonly item: Kind }
  | { readonly _tag: "json" }

/**
 * One field of an input Schema, as a flag.
 *
 * @since 0.1.0
 * @category models
 */
export interface Field {
  /** The field's name in the input (`date_from`). */
  readonly name: string
  /** The flag's name (`date-from`, written `--date-from`). */
  readonly flag: string
  readonly kind: Kind
  readonly required: boolean
  readonly description: string | undefined
  /**
   * Whether it holds a secret (its Schema takes a `Redacted`, as a visitor's `token`): its flag
   * also takes `-`, to read the value from standard input, and a `--<flag>-file` flag reads it from
   * a file, so that it need not show in the process's arguments.
   */
  readonly secret: boolean
}

const text: Kind = { _tag: "text" }
const number: Kind = { _tag: "number" }
const boolean: Kind = { _tag: "boolean" }
const json: Kind = { _tag: "json" }

/** The kind of a type-side AST. */
const kindOf = (ast: SchemaAST.AST): Kind => {
  if (SchemaAST.isRefinement(ast)) return kindOf(ast.from)
  if (SchemaAST.isTransformation(ast)) return kindOf(ast.to)
  if (SchemaAST.isSuspend(ast)) return json
  if (SchemaAST.isStringKeyword(ast) || SchemaAST.isTemplateLiteral(ast)) return text
  if (SchemaAST.isNumberKeyword(ast)) return number
  if (SchemaAST.isBooleanKeyword(ast)) return boolean
  if (SchemaAST.isLiteral(ast)) {
    return ast.literal === null || typeof ast.literal === "bigint" ? json : { _tag: "choice", choices: [ast.literal] }
  }
  if (SchemaAST.isEnums(ast)) return { _tag: "choice", choices: ast.enums.map(([, value]) => value) }
  if (SchemaAST.isTupleType(ast)) {
    const item = ast.elements.length === 0 && ast.rest.length === 1 ? kindOf(ast.rest[0].type) : json
    return item._tag === "list" || item._tag === "json" ? json : { _tag: "list", item }
  }
  if (SchemaAST.isUnion(ast)) {
    const [first, ...rest] = ast.types.filter((member) => !SchemaAST.isUndefinedKeyword(member)).map(kindOf)
    return first === undefined ? json : rest.reduce(merge, first)
  }
  return json
}

/** The kind of a field that may hold either of two kinds. */
const merge = (a: Kind, b: Kind): Kind => {
  if (a._tag === "choice" && b._tag === "choice") {
    return { _tag: "choice", choices: Arr.dedupe([...a.choices, ...b.choices]) }
  }
  if (a._tag === "list" && b._tag === "list") {
    const item = merge(a.item, b.item)
    return item._tag === "json" ? json : { _tag: "list", item }
  }
  if (a._tag === b._tag) return a
  // A literal among free text (or numbers) is just text (or a number).
  if (a._tag === "choice" && (b._tag === "text" || b._tag === "number")) return b
  if (b._tag === "choice" && (a._tag === "text" || a._tag === "number")) return a
  // A number or a string (an id sent either way): written as text, read by the Schema.
  if ((a._tag === "text" && b._tag === "number") || (a._tag === "number" && b._tag === "text")) return text
  return json
}

/**
 * The kind of a field: what its decoded type holds, or — for a type the command line cannot write,
 * such as a `Redacted` — what its encoded form holds (the input is decoded with the Schema).
 */
const kindOfField = (ast: SchemaAST.AST): Kind => {
  const decoded = kindOf(SchemaAST.typeAST(ast))
  if (decoded._tag !== "json") return decoded
  const encoded = kindOf(SchemaAST.encodedAST(ast))
  return encoded._tag === "json" || encoded._tag === "list" ? decoded : encoded
}

/**
 * What Schema says of its own refinements (`a positive number`, `a string at least 1 character(s)
 * long`): a type, which the flag's value already shows, not a description.
 */
const generic =
  /^(an? (string|number|positive number|non-negative number|integer|finite number|non-empty string)\b|.*(character|item)\(s\))/

const description = (ast: SchemaAST.AST): string | undefined => {
  const own = Option.getOrUndefined(SchemaAST.getDescriptionAnnotation(ast))
  if (own !== undefined) return generic.test(own) ? undefined : own
  if (SchemaAST.isUnion(ast)) {
    return Arr.findFirst(ast.types, (member) => description(member) !== undefined).pipe(
      Option.flatMap((member) => Option.fromNullable(description(member))),
      Option.getOrUndefined
    )
  }
  return undefined
}

/** Whether a field's Schema takes a `Redacted` (alone or as a member of a union). */
const isSecret = (ast: SchemaAST.AST): boolean => {
  const constructor = Option.getOrUndefined(SchemaAST.getTypeConstructorAnnotation(ast))
  if (constructor?._tag === "effect/Redacted") return true
  if (SchemaAST.isTransformation(ast)) return isSecret(ast.to)
  if (SchemaAST.isRefinement(ast)) return isSecret(ast.from)
  return SchemaAST.isUnion(ast) && ast.types.some(isSecret)
}

/** The structs of a Schema: itself, or each member of a union of structs (`Goals.create`'s kinds). */
const structsOf = (ast: SchemaAST.AST): ReadonlyArray<SchemaAST.TypeLiteral> => {
  if (SchemaAST.isTypeLiteral(ast)) return [ast]
  if (SchemaAST.isRefinement(ast)) return structsOf(ast.from)
  if (SchemaAST.isTransformation(ast)) {
    const to = structsOf(ast.to)
    return to.length > 0 ? to : structsOf(ast.from)
  }
  if (SchemaAST.isDeclaration(ast)) return ast.typeParameters.flatMap(structsOf)
  if (SchemaAST.isUnion(ast)) return ast.types.flatMap(structsOf)
  return []
}

/**
 * The flag name of a field: snake case and camel case become kebab case (`date_from` → `date-from`).
 *
 * @since 0.1.0
 * @category utils
 */
export const flagName = (name: string): string =>
  name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase()

/**
 * The fields of a struct Schema (an empty list for any other Schema).
 *
 * @example
 * ```ts
 * import { Flags } from "@effect-livechat/cli"
 * import { Schema } from "effect"
 *
 * const fields = Flags.fields(Schema.Struct({ status: Schema.Literal("open", "solved"), tag: Schema.Array(Schema.String) }))
 * // [{ name: "status", flag: "status", kind: { _tag: "choice", … } }, { name: "tag", kind: { _tag: "list", … } }]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fields = (schema: Schema.Schema.Any): ReadonlyArray<Field> => {
  const structs = structsOf(schema.ast)
  const byName = new Map<string, Field>()
  for (const struct of structs) {
    for (const property of struct.propertySignatures) {
      if (typeof property.name !== "string") continue
      const known = byName.get(property.name)
      const kind = kindOfField(property.type)
      // A field of several members of a union: required only if all of them require it.
      const required = !property.isOptional &&
        structs.every((s) => s.propertySignatures.some((p) => p.name === property.name && !p.isOptional))
      byName.set(property.name, {
        name: property.name,
        flag: flagName(property.name),
        kind: known === undefined ? kind : merge(known.kind, kind),
        required,
        secret: (known?.secret ?? false) || isSecret(property.type),
        description: known?.description ??
          Option.getOrUndefined(SchemaAST.getDescriptionAnnotation(property)) ?? description(property.type)
      })
    }
  }
  return Array.from(byName.values())
}

/** The fields that hold a day: the `date_from` / `date_to` filters of the archive, the tickets and the reports. */
const dayFields: ReadonlySet<string> = new Set(["date_from", "date_to"])

/**
 * Whether a field holds a day (`date_from`, `date_to`): its flag takes a day as `YYYY-MM-DD` only
 * (see {@link day}).
 *
 * @since 0.1.0
 * @category utils
 */
export const isDay = (field: Field): boolean => dayFields.has(field.name)

/**
 * A short text for a kind, as help shows it (`number`, `open | solved`, `text, repeatable`, `JSON`).
 *
 * @since 0.1.0
 * @category utils
 */
export const describeKind = (kind: Kind): string => {
  switch (kind._tag) {
    case "text":
      return "text"
    case "number":
      return "number"
    case "boolean":
      return "true | false"
    case "choice":
      return kind.choices.map(String).join(" | ")
    case "list":
      return `${describeKind(kind.item)}, repeat the flag for more`
    case "json":
      return "JSON"
  }
}

/**
 * What help shows a field's flag takes: `string`, `number`, `true|false`, `open|solved`,
 * `YYYY-MM-DD`, `json` (a list: what each of its values takes).
 *
 * @since 0.1.0
 * @category utils
 */
export const placeholder = (field: Field): string => {
  if (isDay(field)) return "YYYY-MM-DD"
  const value = placeholderOf(field.kind)
  // Too many choices to show beside the flag: help lists them in its description.
  return value.length > 40 ? "string" : value
}

const placeholderOf = (kind: Kind): string => {
  switch (kind._tag) {
    case "text":
      return "string"
    case "number":
      return "number"
    case "boolean":
      return "true|false"
    case "choice":
      return kind.choices.map(String).join("|")
    case "list":
      return placeholderOf(kind.item)
    case "json":
      return "json"
  }
}

/**
 * One line of help for a field's flag: its description (or its name, in words), and how else a
 * secret can be given.
 *
 * @since 0.1.0
 * @category utils
 */
export const describe = (field: Field): string => {
  const text = field.description ?? field.name.replace(/_/g, " ")
  // A secret's Schema speaks of `Redacted`, a type of the library: on the command line it is text.
  return field.secret
    ? `${
      text.replace(/;?\s*an? Redacted\b[^;]*$/, "")
    }; - reads it from standard input, --${field.flag}-file from a file`
    : text
}

/**
 * A value as a field of this kind holds it, from the text given on the command line; a text that
 * cannot be one is returned as is, for the Schema to refuse with a message naming the field.
 *
 * @since 0.1.0
 * @category utils
 */
export const parseValue = (kind: Kind, value: string): unknown => {
  switch (kind._tag) {
    case "number": {
      const n = Number(value)
      return value.trim() === "" || Number.isNaN(n) ? value : n
    }
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value
    case "choice":
      return kind.choices.find((choice) => String(choice) === value) ?? value
    case "json":
      try {
        return JSON.parse(value)
      } catch {
        return value
      }
    case "list":
      return [parseValue(kind.item, value)]
    case "text":
      return value
  }
}

const isCalendarDay = Schema.is(Fields.Day)

/**
 * Why the text given to a date flag is not a day, in one line naming the flag
 * (`--date-from must be a day as YYYY-MM-DD that exists in the calendar (got "2024-02-30")`), or
 * `undefined` when it is one.
 *
 * @since 0.1.0
 * @category utils
 */
export const dayError = (flag: string, text: string): string | undefined =>
  isCalendarDay(text)
    ? undefined
    : `--${flag} must be a day as YYYY-MM-DD that exists in the calendar (got ${JSON.stringify(text)})`

/**
 * Why the text given to a flag is not a value its field can hold, in one sentence naming the flag
 * (`--status must be one of open, pending, solved, spam (got "bogus")`), or `undefined` when it is
 * one. What the flag's kind cannot tell (a page of at least 1) the Schema tells after.
 *
 * @since 0.1.0
 * @category utils
 */
export const valueError = (field: Field, text: string): string | undefined => {
  if (isDay(field)) return dayError(field.flag, text)
  return kindError(`--${field.flag}`, field.kind, text)
}

const kindError = (flag: string, kind: Kind, text: string): string | undefined => {
  switch (kind._tag) {
    case "text":
      return undefined
    case "number":
      return typeof parseValue(kind, text) === "number"
        ? undefined
        : `${flag} must be a number (got ${JSON.stringify(text)})`
    case "boolean":
      return text === "true" || text === "false"
        ? undefined
        : `${flag} must be true or false (got ${JSON.stringify(text)})`
    case "choice":
      return Either.match(oneOf(flag, kind.choices.map(String), text), {
        onLeft: (sentence) => sentence,
        onRight: () => undefined
      })
    case "list":
      return kindError(flag, kind.item, text)
    case "json":
      try {
        JSON.parse(text)
        return undefined
      } catch (error) {
        return `${flag} must be JSON (${error instanceof Error ? error.message : String(error)})`
      }
  }
}

const refuse = (sentence: string) => ValidationError.invalidValue(HelpDoc.p(sentence))

const checkedText = <A>(flag: string, value: string, check: (text: string) => Either.Either<A, string>) =>
  Options.text(flag).pipe(
    Options.withPseudoName(value),
    Options.mapEffect((text) =>
      Either.match(check(text), { onLeft: (error) => Effect.fail(refuse(error)), onRight: Effect.succeed })
    )
  )

/**
 * A flag that takes a whole number; anything else is refused as the command line is parsed, in a
 * sentence naming the flag (`--concurrency must be a whole number (got "four")`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const integer = (flag: string): Options.Options<number> =>
  checkedText(flag, "int", (text) =>
    /^\s*-?\d+\s*$/.test(text)
      ? Either.right(Number(text))
      : Either.left(`--${flag} must be a whole number (got ${JSON.stringify(text)})`))

/**
 * A flag that takes a number (`0.05`); anything else is refused in a sentence naming the flag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const float = (flag: string): Options.Options<number> =>
  checkedText(flag, "number", (text) => {
    const n = Number(text)
    return text.trim() !== "" && Number.isFinite(n)
      ? Either.right(n)
      : Either.left(`--${flag} must be a number (got ${JSON.stringify(text)})`)
  })

/**
 * A flag that takes one of some words; anything else is refused in a sentence naming the flag and
 * the words (`--format must be one of ndjson, csv, json (got "xml")`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const choice = <const A extends string>(flag: string, choices: ReadonlyArray<A>): Options.Options<A> =>
  checkedText(flag, choices.join("|"), (text) => oneOf(`--${flag}`, choices, text))

/** The word `text` is among `words`, or the sentence refusing it, naming `flag` (`--format`). */
const oneOf = <A extends string>(flag: string, words: ReadonlyArray<A>, text: string): Either.Either<A, string> => {
  const found = words.find((word) => word === text)
  return found !== undefined
    ? Either.right(found)
    : Either.left(`${flag} must be one of ${words.join(", ")} (got ${JSON.stringify(text)})`)
}

/**
 * A flag given any number of times, each time one of some words (see {@link choice}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const choices = <const A extends string>(
  flag: string,
  words: ReadonlyArray<A>
): Options.Options<ReadonlyArray<A>> =>
  Options.text(flag).pipe(
    Options.withPseudoName(words.join("|").length > 40 ? "string" : words.join("|")),
    Options.repeated,
    Options.mapEffect((given) =>
      Effect.forEach(given, (text) => Effect.mapError(oneOf(`--${flag}`, words, text), refuse))
    )
  )

/**
 * A flag that may be left out and takes a day, `YYYY-MM-DD`, that exists in the calendar
 * (`Fields.Day`): anything else (`2024-02-30`, `2024-13-01`, `2024-1-5`, `yesterday`, a time of
 * day) is refused while the command line is parsed — exit 2, before any request — with
 * {@link dayError}'s line. Every date flag of `livechat` is made by this.
 *
 * @since 0.1.0
 * @category constructors
 */
export const day = (flag: string, description: string): Options.Options<Option.Option<string>> =>
  Options.text(flag).pipe(
    Options.withPseudoName("YYYY-MM-DD"),
    Options.withDescription(description),
    Options.optional,
    Options.mapEffect((given): Effect.Effect<Option.Option<string>, ValidationError.ValidationError> => {
      if (Option.isNone(given)) return Effect.succeed(given)
      const error = dayError(flag, given.value)
      return error === undefined ? Effect.succeed(given) : Effect.fail(refuse(error))
    })
  )

/**
 * Where a required field may come from: `"input"` — the flag, or `--json` / `--input` (so every
 * flag is optional on the command line and the Schema says what is missing); `"flag"` — the flag
 * alone (a command without `--json`), so a required field's flag is required.
 *
 * @since 0.1.0
 * @category models
 */
export type Required = "input" | "flag"

/** The value of a secret field's flag: `-` reads standard input; `--<flag>-file` reads a file. */
const secretOf = (field: Field, required: boolean) => {
  const value = Options.text(field.flag).pipe(
    Options.withPseudoName("string"),
    Options.withDescription(
      `${describe(field)}${required ? "" : field.required ? " (required, here or in --json / --input)" : ""}`
    ),
    Options.optional
  )
  const file = Options.text(`${field.flag}-file`).pipe(
    Options.withPseudoName("file"),
    Options.withDescription(`read --${field.flag} from this file (its first line)`),
    Options.optional
  )
  return Options.all([value, file]).pipe(
    Options.mapEffect(([given, path]): Effect.Effect<Option.Option<unknown>, ValidationError.ValidationError> => {
      const read = Option.isSome(given)
        ? Secrets.given(field.flag, given.value)
        : Option.isSome(path)
        ? Secrets.fromFile(`${field.flag}-file`, path.value)
        : undefined
      if (read === undefined) {
        return required && field.required
          ? Effect.fail(refuse(`--${field.flag} (or --${field.flag}-file) is required`))
          : Effect.succeed(Option.none())
      }
      return Either.match(read, {
        onLeft: (error) => Effect.fail(refuse(error)),
        onRight: (text) => Effect.succeed(Option.some(text))
      })
    })
  )
}

const optionOf = (field: Field, where: Required): Options.Options<Option.Option<unknown>> => {
  const required = where === "flag" && field.required
  if (field.secret) return secretOf(field, required)
  const kind = field.kind
  if (isDay(field) && kind._tag === "text" && !required) return day(field.flag, describe(field))
  const note = where === "input" && field.required ? " (required, here or in --json / --input)" : ""
  const choices = kind._tag === "choice" && placeholder(field) === "string"
    ? `: one of ${kind.choices.map(String).join(", ")}`
    : ""
  const base = Options.text(field.flag).pipe(
    Options.withPseudoName(placeholder(field)),
    Options.withDescription(`${describe(field)}${choices}${note}`)
  )
  const checked = (text: string) => {
    const error = valueError(field, text)
    return error === undefined ? Effect.succeed(parseValue(kind, text)) : Effect.fail(refuse(error))
  }
  if (kind._tag === "list") {
    return Options.repeated(base).pipe(
      Options.mapEffect((values) =>
        values.length === 0 ? Effect.succeed(Option.none()) : Effect.map(
          Effect.forEach(values, checked),
          (items) => Option.some(items.flatMap((item) => item as ReadonlyArray<unknown>))
        )
      )
    )
  }
  if (required) return Options.mapEffect(base, (text) => Effect.map(checked(text), Option.some))
  return Options.optional(base).pipe(
    Options.mapEffect((given) =>
      Option.isNone(given) ? Effect.succeed(Option.none()) : Effect.map(checked(given.value), Option.some)
    )
  )
}

/**
 * The flags of a list of fields, as one `@effect/cli` option that parses to the input object made
 * of the flags given (fields not given are left out). A value the field's kind cannot hold is
 * refused as the command line is parsed, in a sentence naming the flag ({@link valueError}).
 * `required` says where a required field may come from (see {@link Required}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const options = (
  list: ReadonlyArray<Field>,
  required: Required = "input"
): Options.Options<{ readonly [name: string]: unknown }> =>
  list.length === 0 ? Options.map(Options.none, () => ({})) : Options.map(
    Options.all(list.map((field) => optionOf(field, required))),
    (values) => {
      const input: { [name: string]: unknown } = {}
      values.forEach((value, i) => {
        if (Option.isSome(value)) input[list[i].name] = value.value
      })
      return input
    }
  )
