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
import { Array as Arr, Effect, Option, Schema, SchemaAST } from "effect"

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

const description = (ast: SchemaAST.AST): string | undefined => {
  const own = Option.getOrUndefined(SchemaAST.getDescriptionAnnotation(ast))
  if (own !== undefined) return own
  if (SchemaAST.isUnion(ast)) {
    return Arr.findFirst(ast.types, (member) => description(member) !== undefined).pipe(
      Option.flatMap((member) => Option.fromNullable(description(member))),
      Option.getOrUndefined
    )
  }
  return undefined
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
 * One line of help for a field: its name, kind, whether it is required, and its description.
 *
 * @since 0.1.0
 * @category utils
 */
export const describe = (field: Field): string =>
  `${field.name} (${isDay(field) ? "YYYY-MM-DD" : describeKind(field.kind)}${field.required ? ", required" : ""})${
    field.description === undefined ? "" : `: ${field.description}`
  }`

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
 * (`--date-from: must be a day as YYYY-MM-DD that exists in the calendar (got "2024-02-30")`), or
 * `undefined` when it is one.
 *
 * @since 0.1.0
 * @category utils
 */
export const dayError = (flag: string, text: string): string | undefined =>
  isCalendarDay(text)
    ? undefined
    : `--${flag}: must be a day as YYYY-MM-DD that exists in the calendar (got ${JSON.stringify(text)})`

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
    Options.withDescription(description),
    Options.optional,
    Options.mapEffect((given): Effect.Effect<Option.Option<string>, ValidationError.ValidationError> => {
      if (Option.isNone(given)) return Effect.succeed(given)
      const error = dayError(flag, given.value)
      return error === undefined ? Effect.succeed(given) : Effect.fail(ValidationError.invalidValue(HelpDoc.p(error)))
    })
  )

const optionOf = (field: Field): Options.Options<Option.Option<unknown>> => {
  const kind = field.kind
  if (isDay(field) && kind._tag === "text") return day(field.flag, describe(field))
  const base = kind._tag === "choice"
    ? Options.choice(field.flag, kind.choices.map(String))
    : kind._tag === "boolean"
    ? Options.choice(field.flag, ["true", "false"])
    : Options.text(field.flag)
  const described = Options.withDescription(base, describe(field))
  if (kind._tag === "list") {
    return Options.map(
      Options.repeated(described),
      (values) => values.length === 0 ? Option.none() : Option.some(values.map((v) => parseValue(kind.item, v)))
    )
  }
  return Options.map(Options.optional(described), Option.map((value) => parseValue(kind, value)))
}

/**
 * The flags of a list of fields, as one `@effect/cli` option that parses to the input object made
 * of the flags given (fields not given are left out). Every flag is optional on the command line —
 * a required field may come from JSON instead — and the Schema says what is missing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const options = (list: ReadonlyArray<Field>): Options.Options<{ readonly [name: string]: unknown }> =>
  list.length === 0 ? Options.map(Options.none, () => ({})) : Options.map(
    Options.all(list.map(optionOf)),
    (values) => {
      const input: { [name: string]: unknown } = {}
      values.forEach((value, i) => {
        if (Option.isSome(value)) input[list[i].name] = value.value
      })
      return input
    }
  )
