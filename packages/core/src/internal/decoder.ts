/**
 * Compiled decoders: a Schema's AST turned once into plain functions that decode a successful
 * answer without Effect's general interpreter (no `Either` per node, no issue bookkeeping, no
 * per-field closures allocated while decoding).
 *
 * Sound by construction: the fast path accepts a value only where Schema's own decoding accepts
 * it, with the same result (it runs the Schema's own refinements, transformations and
 * declarations). It answers "fails" only where Schema's decoding fails too, and "cannot tell" for
 * anything it does not handle (an unknown AST node, an Effect-returning transformation, a union
 * where more than one member matches). For either of those, the caller runs the Schema's own
 * decoding, which gives the exact error (or, after "cannot tell", the exact success). So errors
 * are byte for byte Schema's, and nothing is validated less.
 *
 * It supports the options the client decodes answers with: every error reported, excess
 * properties ignored (Schema's default), properties not exact.
 * @internal
 */
import { Either, Option, ParseResult, Schema, SchemaAST as AST } from "effect"

const fail: unique symbol = Symbol.for("@effect-livechat/core/decoder/fail")
const bail: unique symbol = Symbol.for("@effect-livechat/core/decoder/bail")

/** A compiled decoder: the decoded value, {@link fail} (Schema fails too) or {@link bail} (ask Schema). */
type Fast = (input: unknown) => unknown

/** The options the compiled decoders agree with. */
export const parseOptions: AST.ParseOptions = { errors: "all", onExcessProperty: "ignore" }

const memo = new WeakMap<AST.AST, Fast>()

const alwaysBail: Fast = () => bail

const hasOwn = Object.prototype.hasOwnProperty

const isRecord = (u: unknown): u is Record<PropertyKey, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** The result of a Schema callback that may be an `Either` (sync) or another Effect (not handled). */
const settle = (result: unknown): unknown => {
  if (!Either.isEither(result)) return bail
  return Either.isRight(result) ? result.right : fail
}

const refinement = (ast: AST.Refinement): Fast => {
  const from = compile(ast.from)
  return (input) => {
    const a = from(input)
    if (a === fail || a === bail) return a
    return Option.isNone(ast.filter(a, parseOptions, ast)) ? a : fail
  }
}

const transformation = (ast: AST.Transformation): Fast => {
  const from = compile(ast.from)
  const to = compile(ast.to)
  const t = ast.transformation
  switch (t._tag) {
    case "ComposeTransformation":
      return (input) => {
        const a = from(input)
        return a === fail || a === bail ? a : to(a)
      }
    case "FinalTransformation":
      return (input) => {
        const a = from(input)
        if (a === fail || a === bail) return a
        const b = settle(t.decode(a, parseOptions, ast, input))
        return b === fail || b === bail ? b : to(b)
      }
    default:
      return alwaysBail
  }
}

const declaration = (ast: AST.Declaration): Fast => {
  const parse = ast.decodeUnknown(...ast.typeParameters)
  return (input) => settle(parse(input, parseOptions, ast))
}

const typeLiteral = (ast: AST.TypeLiteral): Fast => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return (input) => (input === null || input === undefined ? fail : input)
  }
  if (ast.propertySignatures.some((ps) => typeof ps.name !== "string")) return alwaysBail
  // Index signatures over plain string keys only (`Schema.Record({ key: Schema.String, … })`).
  if (ast.indexSignatures.some((is) => is.parameter._tag !== "StringKeyword")) return alwaysBail
  const names = ast.propertySignatures.map((ps) => ps.name as string)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  const types = ast.propertySignatures.map((ps) => compile(ps.type))
  const expected = new Set<string>(names)
  const indexTypes = ast.indexSignatures.map((is) => compile(is.type))
  const count = names.length
  return (input) => {
    if (!isRecord(input)) return fail
    const output: Record<string, unknown> = {}
    for (let i = 0; i < count; i++) {
      const name = names[i]
      const has = hasOwn.call(input, name)
      if (!has && optional[i]) continue
      const value = types[i](input[name])
      if (value === fail || value === bail) return value
      output[name] = value
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

const tuple = (ast: AST.TupleType): Fast => {
  if (ast.elements.length > 0 || ast.rest.length !== 1) return alwaysBail
  const item = compile(ast.rest[0].type)
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

const none: unique symbol = Symbol.for("@effect-livechat/core/decoder/none")

/**
 * A union: every member is tried; exactly one match is the answer (Schema's decoding, whatever
 * order it tries them in, finds the same one); none is a failure; two or more ask Schema.
 */
const union = (ast: AST.Union): Fast => {
  const members = ast.types.map(compile)
  return (input) => {
    let found: unknown = none
    for (const member of members) {
      const value = member(input)
      if (value === bail) return bail
      if (value === fail) continue
      if (found !== none) return bail
      found = value
    }
    return found === none ? fail : found
  }
}

const guard = (test: (u: unknown) => boolean): Fast => (input) => (test(input) ? input : fail)

const build = (ast: AST.AST): Fast => {
  // Annotations that change how a node parses: leave those nodes to Schema.
  if (
    Option.isSome(AST.getParseOptionsAnnotation(ast)) ||
    Option.isSome(AST.getDecodingFallbackAnnotation(ast))
  ) return alwaysBail
  switch (ast._tag) {
    case "StringKeyword":
      return guard((u) => typeof u === "string")
    case "NumberKeyword":
      return guard((u) => typeof u === "number")
    case "BooleanKeyword":
      return guard((u) => typeof u === "boolean")
    case "UndefinedKeyword":
      return guard((u) => u === undefined)
    case "UnknownKeyword":
    case "AnyKeyword":
      return (input) => input
    case "Literal": {
      const literal = ast.literal
      return guard((u) => u === literal)
    }
    case "Refinement":
      return refinement(ast)
    case "Transformation":
      return transformation(ast)
    case "Declaration":
      return declaration(ast)
    case "TypeLiteral":
      return typeLiteral(ast)
    case "TupleType":
      return tuple(ast)
    case "Union":
      return union(ast)
    default:
      return alwaysBail
  }
}

const compile = (ast: AST.AST): Fast => {
  const known = memo.get(ast)
  if (known !== undefined) return known
  // Stands in while the node compiles (a node met again inside itself asks Schema).
  memo.set(ast, alwaysBail)
  const fast = build(ast)
  memo.set(ast, fast)
  return fast
}

/**
 * A decoder of `schema` compiled once: the fast path, and Schema's own decoding
 * (`errors: "all"`, excess properties ignored) when the fast path fails or cannot tell.
 */
export const make = <A, I, R>(
  schema: Schema.Schema<A, I, R>
): (input: unknown) => Either.Either<A, ParseResult.ParseError> => {
  const fast = compile(schema.ast)
  const slow = ParseResult.decodeUnknownEither(schema as Schema.Schema<A, I, never>)
  return (input) => {
    const value = fast(input)
    return value === fail || value === bail ? slow(input, parseOptions) : Either.right(value as A)
  }
}

/**
 * Like {@link make}, and tells which path answered (for tests: the fast path must answer the
 * common case).
 */
export const withPath = <A, I, R>(schema: Schema.Schema<A, I, R>) => {
  const fast = compile(schema.ast)
  const slow = ParseResult.decodeUnknownEither(schema as Schema.Schema<A, I, never>)
  return (input: unknown): { readonly result: Either.Either<A, ParseResult.ParseError>; readonly fast: boolean } => {
    const value = fast(input)
    return value === fail || value === bail
      ? { result: slow(input, parseOptions), fast: false }
      : { result: Either.right(value as A), fast: true }
  }
}

