/**
 * Compiled codecs: a Schema's AST turned once into plain functions that decode (or encode) the
 * common case without Effect's general interpreter: no `Either` per node, no issue bookkeeping,
 * no closures allocated while walking. The client decodes every answer with them; the fake
 * encodes every answer with them.
 *
 * Sound by construction, and validating exactly as much: the fast path accepts a value only where
 * Schema's own decoding (encoding) accepts it, with the same result, because it runs the Schema's
 * own refinements, transformations and declarations. It answers "fails" only where Schema fails
 * too, and "cannot tell" for anything it does not handle (an AST node it does not know, an
 * Effect-returning transformation, a union where the order of Schema's tries could matter and
 * more than one member matches). In both cases Schema's own parser runs, which gives the exact
 * error (or, after "cannot tell", the exact success). Errors are therefore Schema's, word for word.
 *
 * Each struct is compiled to generated code (`new Function`): its properties read by name, its
 * scalar properties checked in line, its output written as one object literal in the Schema's key
 * order. Where code cannot be generated (a strict Content-Security-Policy), a loop does the same.
 *
 * The options are fixed to the ones the client and the fake use: every error reported
 * (`errors: "all"`), excess properties ignored (dropped from the output) or, for the exact codecs
 * the client checks inputs with (`excess: "error"`), refused; properties not exact.
 *
 * @example
 * ```ts
 * import { Chat, Compiled } from "@effect-livechat/core"
 *
 * const decodePage = Compiled.decodeUnknownEither(Chat.Page)
 * const page = decodePage(JSON.parse('{"chats":[],"total":0,"pages":0}'))
 * ```
 *
 * @since 0.1.0
 */
import { Either, Option, type ParseResult, Schema, SchemaAST as AST } from "effect"

const fail: unique symbol = Symbol.for("@effect-livechat/core/Compiled/fail")
const bail: unique symbol = Symbol.for("@effect-livechat/core/Compiled/bail")
const none: unique symbol = Symbol.for("@effect-livechat/core/Compiled/none")

/** A compiled parser: the result, {@link fail} (Schema fails too) or {@link bail} (ask Schema). */
type Fast = (input: unknown) => unknown

/**
 * The options every compiled codec agrees with (and that Schema's own parser is run with when
 * the fast path does not answer).
 *
 * @since 0.1.0
 * @category constants
 */
export const parseOptions: AST.ParseOptions = { errors: "all", onExcessProperty: "ignore" }

/**
 * The options of the exact codecs ({@link Excess} `"error"`): as {@link parseOptions}, but a
 * property the Schema does not name fails (what the client checks its inputs with).
 *
 * @since 0.1.0
 * @category constants
 */
export const exactParseOptions: AST.ParseOptions = { errors: "all", onExcessProperty: "error" }

/**
 * What a codec does with a property its Schema does not name: drop it (`"ignore"`, the default),
 * or fail (`"error"`, with Schema's own error).
 *
 * @since 0.1.0
 * @category models
 */
export type Excess = "ignore" | "error"

/** How a node is compiled: the direction and the options, and the cache of nodes compiled so. */
interface Mode {
  readonly decoding: boolean
  readonly options: AST.ParseOptions
  /** Properties not named fail (`onExcessProperty: "error"`). */
  readonly exact: boolean
  readonly memo: WeakMap<AST.AST, Fast>
}

const makeMode = (decoding: boolean, exact: boolean): Mode => ({
  decoding,
  exact,
  options: exact ? exactParseOptions : parseOptions,
  memo: new WeakMap()
})
const modes = {
  ignore: { decode: makeMode(true, false), encode: makeMode(false, false) },
  error: { decode: makeMode(true, true), encode: makeMode(false, true) }
} as const
/** The same options, in the given direction. */
const modeOf = (mode: Mode, decoding: boolean): Mode =>
  modes[mode.exact ? "error" : "ignore"][decoding ? "decode" : "encode"]

const alwaysBail: Fast = () => bail
const hasOwn = Object.prototype.hasOwnProperty
const isRecord = (u: unknown): u is Record<PropertyKey, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** A Schema callback's result: an `Either` (sync) is read; any other Effect is left to Schema. */
const settle = (result: unknown): unknown => {
  if (!Either.isEither(result)) return bail
  return Either.isRight(result) ? result.right : fail
}

const dropRightRefinement = (ast: AST.AST): AST.AST => AST.isRefinement(ast) ? dropRightRefinement(ast.from) : ast

const refinement = (ast: AST.Refinement, mode: Mode): Fast => {
  if (!mode.decoding) {
    // Schema encodes a refinement by validating the type side, then encoding what it refines.
    const check = compile(AST.typeAST(ast), modeOf(mode, true))
    const from = compile(dropRightRefinement(ast.from), mode)
    return (input) => {
      const a = check(input)
      return a === fail || a === bail ? a : from(a)
    }
  }
  const from = compile(ast.from, mode)
  const options = mode.options
  return (input) => {
    const a = from(input)
    if (a === fail || a === bail) return a
    return Option.isNone(ast.filter(a, options, ast)) ? a : fail
  }
}

const transformation = (ast: AST.Transformation, mode: Mode): Fast => {
  const from = compile(mode.decoding ? ast.from : ast.to, mode)
  const to = compile(mode.decoding ? ast.to : ast.from, mode)
  const options = mode.options
  const t = ast.transformation
  switch (t._tag) {
    case "ComposeTransformation":
      return (input) => {
        const a = from(input)
        return a === fail || a === bail ? a : to(a)
      }
    case "FinalTransformation": {
      if (mode.decoding && isClass(ast)) return classDecoder(from, t.decode, options, ast)
      const transform = mode.decoding ? t.decode : t.encode
      return (input) => {
        const a = from(input)
        if (a === fail || a === bail) return a
        const b = settle(transform(a, options, ast, input))
        return b === fail || b === bail ? b : to(b)
      }
    }
    default:
      return alwaysBail
  }
}

/** Whether a transformation is a Schema class's (its fields to an instance, `new Class(fields, true)`). */
const isClass = (ast: AST.Transformation): boolean =>
  AST.isDeclaration(ast.to) && Option.isSome(AST.getSurrogateAnnotation(ast.to)) &&
  Option.isSome(AST.getSurrogateAnnotation(ast))

/**
 * Whether an instance made by its class's constructor from `fields` is no more than an object of
 * the class's prototype holding those fields, in that order: no constructor default among the
 * class's fields, no property of its own added (a field initializer of a subclass).
 */
const isPlainInstance = (instance: object, fields: Record<string, unknown>): boolean => {
  const klass = Object.getPrototypeOf(instance)?.constructor as { readonly fields?: unknown } | undefined
  if (klass === undefined || typeof klass.fields !== "object" || klass.fields === null) return false
  for (const field of Object.values(klass.fields)) {
    if (Schema.isPropertySignature(field)) {
      const ps = field.ast
      const defaulted = ps._tag === "PropertySignatureDeclaration" ? ps.defaultValue : ps.to.defaultValue
      if (defaulted !== undefined) return false
    }
  }
  const made = Reflect.ownKeys(instance)
  const given = Reflect.ownKeys(fields)
  return made.length === given.length &&
    made.every((key, i) =>
      key === given[i] &&
      (instance as Record<PropertyKey, unknown>)[key] === (fields as Record<PropertyKey, unknown>)[key]
    )
}

/**
 * A Schema class's decoding. The first instance is made by the class (`new Class(fields, true)`);
 * when it shows that the constructor does no more than put the fields on an object of the class
 * (see {@link isPlainInstance}), the next ones are made so directly, by {@link plainInstances}.
 * The class's constructor copies its argument twice and walks the class's fields for defaults on
 * every instance, a third of the decoding of a page of chats.
 */
const classDecoder = (
  from: Fast,
  decode: AST.FinalTransformation["decode"],
  options: AST.ParseOptions,
  ast: AST.Transformation
): Fast => {
  /** How plain instances are made; `null` while unknown, `false` when the constructor must make them. */
  let make: ((fields: object) => object) | null | false = null
  return (input) => {
    const fields = from(input)
    if (fields === fail || fields === bail) return fields
    if (make !== null && make !== false) return make(fields as object)
    const made = settle(decode(fields, options, ast, input))
    if (made === fail || made === bail || make === false) return made
    make = typeof made === "object" && made !== null && isRecord(fields) && isPlainInstance(made, fields)
      ? plainInstances(Object.getPrototypeOf(made) as object, ast.from)
      : false
    return made
  }
}

/**
 * Makes the plain instances of a class from the fields its struct `from` decoded: a generated
 * constructor of that prototype setting each field by name in the struct's order (an optional one
 * only when present), which V8 builds with one shape, about 20 times faster than `Object.assign`
 * onto `Object.create(prototype)` (measured on a chat: 0.78 µs → 0.03 µs). Where the struct has
 * other keys (index signatures), a `__proto__` field, or code cannot be generated, that
 * `Object.assign` does the same.
 */
const plainInstances = (prototype: object, from: AST.AST): (fields: object) => object => {
  const assign = (fields: object) => Object.assign(Object.create(prototype) as object, fields)
  if (!AST.isTypeLiteral(from) || from.indexSignatures.length > 0) return assign
  const names = from.propertySignatures.map((ps) => ps.name)
  if (names.some((name) => typeof name !== "string" || name === "__proto__")) return assign
  const lines = from.propertySignatures.map((ps) => {
    const key = JSON.stringify(ps.name)
    const set = `this[${key}] = fields[${key}]`
    return ps.isOptional ? `if (hasOwn.call(fields, ${key})) ${set}` : set
  })
  try {
    const make = new Function(
      "prototype",
      "hasOwn",
      `function Instance(fields) {\n${
        lines.join("\n")
      }\n}\nInstance.prototype = prototype\nreturn (fields) => new Instance(fields)`
    )
    return make(prototype, hasOwn) as (fields: object) => object
  } catch {
    return assign
  }
}

const declaration = (ast: AST.Declaration, mode: Mode): Fast => {
  const parse = mode.decoding ? ast.decodeUnknown(...ast.typeParameters) : ast.encodeUnknown(...ast.typeParameters)
  const options = mode.options
  return (input) => settle(parse(input, options, ast))
}

/**
 * Whether an object has a key a struct does not name, as Schema's `onExcessProperty: "error"`
 * looks for them: its enumerable string keys, and any symbol key.
 */
const hasExcess = (input: object, expected: ReadonlySet<string>): boolean => {
  const keys = Object.keys(input)
  for (let i = 0; i < keys.length; i++) if (!expected.has(keys[i])) return true
  return Object.getOwnPropertySymbols(input).length > 0
}

/** Whether a node carries an annotation that changes how it parses (such nodes are left to Schema). */
const parsesOtherwise = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

/**
 * For a node that only checks its input and gives it back unchanged (a scalar keyword, a literal,
 * or a union of such), the JavaScript condition under which the value in variable `v` fails it,
 * so that a struct's generated code checks it in line (no call); `undefined` for any other node.
 * A union's condition is its members' together: its value is its first member that accepts the
 * input, which is the input itself (`Schema.optional(Schema.String)` is `string | undefined`).
 */
const failsInLine = (ast: AST.AST, v: string): string | undefined => {
  if (parsesOtherwise(ast)) return undefined
  switch (ast._tag) {
    case "StringKeyword":
      return `typeof ${v} !== "string"`
    case "NumberKeyword":
      return `typeof ${v} !== "number"`
    case "BooleanKeyword":
      return `typeof ${v} !== "boolean"`
    case "UndefinedKeyword":
      return `${v} !== undefined`
    case "Literal": {
      const literal = ast.literal
      if (literal === null) return `${v} !== null`
      if (typeof literal === "string" || typeof literal === "boolean") return `${v} !== ${JSON.stringify(literal)}`
      return typeof literal === "number" && Number.isFinite(literal) ? `${v} !== ${literal}` : undefined
    }
    case "Union": {
      if (ast.types.length > maxInLine) return undefined
      const members: Array<string> = []
      for (const member of ast.types) {
        const fails = failsInLine(member, v)
        if (fails === undefined) return undefined
        members.push(`(${fails})`)
      }
      return members.join(" && ")
    }
    default:
      return undefined
  }
}

/** The most members of a union checked in line (a longer one is a lookup in a `Set`, called). */
const maxInLine = 8

/**
 * For any node, a JavaScript condition under which the value in variable `v` passes it unchanged
 * (sufficient, not necessary: when it is false, the node's compiled function is called), or
 * `undefined`. Beyond {@link failsInLine}'s nodes: a union Schema tries in order (no member it may
 * pick by a key) passes what its first member passes in line, the way `Schema.Union(Schema.Number,
 * Schema.NumberFromString)` passes a number (and calls for a string).
 */
const passesInLine = (ast: AST.AST, v: string, decoding: boolean): string | undefined => {
  const fails = failsInLine(ast, v)
  if (fails !== undefined) return `!(${fails})`
  if (ast._tag !== "Union" || parsesOtherwise(ast) || ast.types.some((member) => mayBeKeyed(member, decoding))) {
    return undefined
  }
  return passesInLine(ast.types[0], v, decoding)
}

/** Marks an optional property absent from the input, in generated code. */
const absent: unique symbol = Symbol.for("@effect-livechat/core/Compiled/absent")

/**
 * A struct of named properties only, as generated code: each property read by its name and checked
 * in line where it is a scalar, and the output written as one object literal (up to the first
 * optional property) in the order of the Schema, as Schema writes it. V8 then sees fixed names and
 * shapes where a loop over the names sees one megamorphic access per property: measured on a page
 * of 25 chats, the whole decode went from about 300 to about 200 µs.
 *
 * `undefined` where code cannot be generated (a `__proto__` property, or an environment refusing
 * `new Function`, as a strict Content-Security-Policy does): the caller then uses the loop below,
 * which does the same work.
 */
const generatedTypeLiteral = (
  names: ReadonlyArray<string>,
  optional: ReadonlyArray<boolean>,
  asts: ReadonlyArray<AST.AST>,
  types: ReadonlyArray<Fast>,
  indexTypes: ReadonlyArray<Fast>,
  exact: boolean,
  decoding: boolean
): Fast | undefined => {
  if (names.includes("__proto__")) return undefined
  const lines: Array<string> = [
    `if (typeof input !== "object" || input === null || Array.isArray(input)) return fail`
  ]
  if (exact) lines.push("if (hasExcess(input, expected)) return fail")
  for (let i = 0; i < names.length; i++) {
    const key = JSON.stringify(names[i])
    const inLine = failsInLine(asts[i], `v${i}`)
    const passes = inLine === undefined ? passesInLine(asts[i], `v${i}`, decoding) : undefined
    const call = `v${i} = t[${i}](v${i}); if (v${i} === fail || v${i} === bail) return v${i}`
    const check = inLine !== undefined
      ? `v${i} = input[${key}]; if (${inLine}) return fail`
      : passes !== undefined
      ? `v${i} = input[${key}]; if (!(${passes})) { ${call} }`
      : `v${i} = input[${key}]; ${call}`
    lines.push(optional[i] ? `let v${i} = absent; if (hasOwn.call(input, ${key})) { ${check} }` : `let ${check}`)
  }
  const firstOptional = optional.indexOf(true)
  const leading = firstOptional === -1 ? names.length : firstOptional
  lines.push(
    `const output = { ${names.slice(0, leading).map((name, i) => `${JSON.stringify(name)}: v${i}`).join(", ")} }`
  )
  for (let i = leading; i < names.length; i++) {
    const assign = `output[${JSON.stringify(names[i])}] = v${i}`
    lines.push(optional[i] ? `if (v${i} !== absent) ${assign}` : assign)
  }
  if (indexTypes.length > 0) {
    // The other keys, each checked by every index signature, as Schema checks them; kept in the
    // output after the named properties, in the input's order.
    lines.push(
      "const keys = Object.keys(input)",
      "for (let j = 0; j < it.length; j++) {",
      "  const type = it[j]",
      "  for (let k = 0; k < keys.length; k++) {",
      "    const key = keys[k]",
      "    const value = type(input[key])",
      "    if (value === fail || value === bail) return value",
      "    if (!expected.has(key)) output[key] = value",
      "  }",
      "}"
    )
  }
  lines.push("return output")
  try {
    const make = new Function(
      "fail",
      "bail",
      "absent",
      "hasOwn",
      "hasExcess",
      "t",
      "it",
      "expected",
      `return (input) => {\n${lines.join("\n")}\n}`
    )
    return make(fail, bail, absent, hasOwn, hasExcess, types, indexTypes, new Set(names)) as Fast
  } catch {
    return undefined
  }
}

const typeLiteral = (ast: AST.TypeLiteral, mode: Mode): Fast => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return (input) => (input === null || input === undefined ? fail : input)
  }
  if (ast.propertySignatures.some((ps) => typeof ps.name !== "string")) return alwaysBail
  // Index signatures over plain string keys only (`Schema.Record({ key: Schema.String, … })`).
  if (ast.indexSignatures.some((is) => is.parameter._tag !== "StringKeyword")) return alwaysBail
  const names = ast.propertySignatures.map((ps) => ps.name as string)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  // Exact, a property not named fails; with index signatures Schema also checks symbol keys: left to it.
  if (mode.exact && ast.indexSignatures.length > 0) return alwaysBail
  const types = ast.propertySignatures.map((ps) => compile(ps.type, mode))
  const indexTypes = ast.indexSignatures.map((is) => compile(is.type, mode))
  const generated = generatedTypeLiteral(
    names,
    optional,
    ast.propertySignatures.map((ps) => ps.type),
    types,
    indexTypes,
    mode.exact,
    mode.decoding
  )
  if (generated !== undefined) return generated
  const expected = new Set<string>(names)
  const exact = mode.exact
  const count = names.length
  return (input) => {
    if (!isRecord(input)) return fail
    if (exact && hasExcess(input, expected)) return fail
    const output: Record<string, unknown> = {}
    for (let i = 0; i < count; i++) {
      const name = names[i]
      if (!optional[i] || hasOwn.call(input, name)) {
        const value = types[i](input[name])
        if (value === fail || value === bail) return value
        output[name] = value
      }
    }
    for (const type of indexTypes) {
      for (const key of Object.keys(input)) {
        const value = type(input[key])
        if (value === fail || value === bail) return value
        if (!expected.has(key)) output[key] = value
      }
    }
    return output
  }
}

const array = (ast: AST.TupleType, mode: Mode): Fast => {
  if (ast.elements.length > 0 || ast.rest.length !== 1) return alwaysBail
  const item = compile(ast.rest[0].type, mode)
  return (input) => {
    if (!Array.isArray(input)) return fail
    const output: Array<unknown> = new Array(input.length)
    for (let i = 0; i < input.length; i++) {
      const value = item(input[i])
      if (value === fail || value === bail) return value
      output[i] = value
    }
    return output
  }
}

/**
 * Whether Schema may pick a union member by a literal property (its search tree): only objects,
 * tuples and declarations can have one; scalars, refinements and transformations of scalars not.
 */
const mayBeKeyed = (ast: AST.AST, decoding: boolean): boolean => {
  switch (ast._tag) {
    case "Refinement":
      return mayBeKeyed(ast.from, decoding)
    case "Transformation":
      return mayBeKeyed(decoding ? ast.from : ast.to, decoding)
    case "Union":
      return ast.types.some((member) => mayBeKeyed(member, decoding))
    case "TypeLiteral":
    case "TupleType":
    case "Declaration":
    case "Suspend":
      return true
    default:
      return false
  }
}

/** A union: see {@link members}. */
const union = (ast: AST.Union, mode: Mode): Fast => {
  // A union of plain literals (`Schema.Literal("a", "b")`): the first member equal to the input is
  // the input itself, so one lookup answers (not NaN, which no literal equals, but a Set holds).
  if (ast.types.every((m) => m._tag === "Literal" && !parsesOtherwise(m) && !Number.isNaN(m.literal))) {
    const literals = new Set(ast.types.map((m) => (m as AST.Literal).literal))
    return (u) => (literals.has(u as AST.LiteralValue) ? u : fail)
  }
  const whole = members(ast.types, mode)
  // `Schema.optional(X)` is `X | undefined`: a value that is not `undefined` fails that member
  // whatever the order, so it is X's alone (no member tried for nothing, no search for a second).
  const defined = ast.types.filter((member) => member._tag !== "UndefinedKeyword" || parsesOtherwise(member))
  if (defined.length === 0 || defined.length === ast.types.length) return whole
  const rest = defined.length === 1 ? compile(defined[0], mode) : members(defined, mode)
  return (input) => (input === undefined ? whole(input) : rest(input))
}

/**
 * The members of a union, tried. Schema tries the members of a union of scalars in their order
 * and takes the first success: so does this. Where Schema may narrow the members by a literal
 * property first, every member is tried: exactly one match is the answer (whatever Schema's
 * order), none is a failure, more than one is left to Schema.
 */
const members = (types: ReadonlyArray<AST.AST>, mode: Mode): Fast => {
  const compiled = types.map((member) => compile(member, mode))
  if (!types.some((member) => mayBeKeyed(member, mode.decoding))) {
    return (input) => {
      for (const member of compiled) {
        const value = member(input)
        if (value !== fail) return value
      }
      return fail
    }
  }
  return (input) => {
    let found: unknown = none
    for (const member of compiled) {
      const value = member(input)
      if (value === bail) return bail
      if (value === fail) continue
      if (found !== none) return bail
      found = value
    }
    return found === none ? fail : found
  }
}

const build = (ast: AST.AST, mode: Mode): Fast => {
  // Annotations that change how a node parses: those nodes are left to Schema.
  if (parsesOtherwise(ast)) return alwaysBail
  // Scalars are checked in one closure each (no predicate called from a generic guard).
  switch (ast._tag) {
    case "StringKeyword":
      return (u) => (typeof u === "string" ? u : fail)
    case "NumberKeyword":
      return (u) => (typeof u === "number" ? u : fail)
    case "BooleanKeyword":
      return (u) => (typeof u === "boolean" ? u : fail)
    case "UndefinedKeyword":
      return (u) => (u === undefined ? u : fail)
    case "UnknownKeyword":
    case "AnyKeyword":
      return (input) => input
    case "Literal": {
      const literal = ast.literal
      return (u) => (u === literal ? u : fail)
    }
    case "Refinement":
      return refinement(ast, mode)
    case "Transformation":
      return transformation(ast, mode)
    case "Declaration":
      return declaration(ast, mode)
    case "TypeLiteral":
      return typeLiteral(ast, mode)
    case "TupleType":
      return array(ast, mode)
    case "Union":
      return union(ast, mode)
    default:
      return alwaysBail
  }
}

const compile = (ast: AST.AST, mode: Mode): Fast => {
  const memo = mode.memo
  const known = memo.get(ast)
  if (known !== undefined) return known
  // Stands in while the node compiles: a node met again inside itself is left to Schema.
  memo.set(ast, alwaysBail)
  const fast = build(ast, mode)
  memo.set(ast, fast)
  return fast
}

const finish = <A>(
  fast: Fast,
  slow: (input: unknown, options: AST.ParseOptions) => Either.Either<A, ParseResult.ParseError>,
  options: AST.ParseOptions
) =>
(input: unknown): Either.Either<A, ParseResult.ParseError> => {
  const value = fast(input)
  return value === fail || value === bail ? slow(input, options) : Either.right(value as A)
}

/**
 * A decoder of `schema`, compiled once (keep it; compiling again is cached per AST node). Same
 * results and errors as `Schema.decodeUnknownEither(schema)(input, parseOptions)`, or with
 * `excess: "error"` as `Schema.decodeUnknownEither(schema)(input, exactParseOptions)`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeUnknownEither = <A, I>(
  schema: Schema.Schema<A, I, never>,
  excess: Excess = "ignore"
): (input: unknown) => Either.Either<A, ParseResult.ParseError> => {
  const mode = modes[excess].decode
  return finish(compile(schema.ast, mode), Schema.decodeUnknownEither(schema), mode.options)
}

/**
 * An encoder of `schema`, compiled once. Same results and errors as
 * `Schema.encodeUnknownEither(schema)(value, parseOptions)`, or with `excess: "error"` as
 * `Schema.encodeUnknownEither(schema)(value, exactParseOptions)` (how the client checks inputs).
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeEither = <A, I>(
  schema: Schema.Schema<A, I, never>,
  excess: Excess = "ignore"
): (value: A) => Either.Either<I, ParseResult.ParseError> => {
  const mode = modes[excess].encode
  return finish(compile(schema.ast, mode), Schema.encodeUnknownEither(schema), mode.options)
}

/**
 * Whether the compiled fast path answers `input` by itself (without Schema's parser): for tests
 * and benchmarks, which check that the common case takes it.
 *
 * @since 0.1.0
 * @category utils
 */
export const isFast = (
  schema: Schema.Schema.AnyNoContext,
  input: unknown,
  direction: "decode" | "encode",
  excess: Excess = "ignore"
): boolean => {
  const value = compile(schema.ast, modes[excess][direction])(input)
  return value !== fail && value !== bail
}
