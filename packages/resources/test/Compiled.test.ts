/**
 * `Compiled` codecs agree with Schema's own parser on every endpoint's answer Schema: the same
 * value for every valid answer, the same error for every broken one, and the fast path taken for
 * the valid ones (so that the speed is really there). Inputs are random (fast-check, seeded; a
 * failure prints its seed and the shrunk input).
 */
import { Compiled } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, Equal, FastCheck as fc, ParseResult, Schema } from "effect"
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const options = Compiled.parseOptions

/** Both `Either`s the same: equal values (same classes), or the same error, word for word. */
const expectSame = <A>(
  compiled: Either.Either<A, ParseResult.ParseError>,
  schema: Either.Either<A, ParseResult.ParseError>
) => {
  if (Either.isRight(schema)) {
    expect(Either.isRight(compiled)).toBe(true)
    if (Either.isRight(compiled)) {
      expect(compiled.right).toStrictEqual(schema.right)
      // The same keys in the same order, all the way down (what JSON output and logs show).
      expect(JSON.stringify(compiled.right)).toBe(JSON.stringify(schema.right))
    }
  } else {
    expect(Either.isLeft(compiled)).toBe(true)
    if (Either.isLeft(compiled)) {
      expect(ParseResult.TreeFormatter.formatErrorSync(compiled.left)).toBe(
        ParseResult.TreeFormatter.formatErrorSync(schema.left)
      )
    }
  }
}

/** A copy of a JSON value with the leaf (or member) at a random path replaced, or removed. */
const mutate = (value: unknown, path: ReadonlyArray<number>, replacement: unknown, remove: boolean): unknown => {
  if (path.length === 0 || value === null || typeof value !== "object") return replacement
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
  if (entries.length === 0) return replacement
  const [key, child] = entries[path[0] % entries.length]
  if (Array.isArray(value)) {
    const copy = [...value]
    if (remove && path.length === 1) copy.splice(key as number, 1)
    else copy[key as number] = mutate(child, path.slice(1), replacement, remove)
    return copy
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  if (remove && path.length === 1) delete copy[key as string]
  else copy[key as string] = mutate(child, path.slice(1), replacement, remove)
  return copy
}

const outputs = [...new Set(Endpoints.table.map((endpoint) => endpoint.output))].map((schema) => ({
  name: Endpoints.table.filter((e) => e.output === schema).map((e) => `${e.group}.${e.name}`).join(", "),
  schema: schema as Schema.Schema<unknown, unknown>
}))

describe("Compiled", () => {
  for (const { name, schema } of outputs) {
    const answers = Arbitrary.make(schema)
    const decode = Compiled.decodeUnknownEither(schema)
    const encode = Compiled.encodeEither(schema)
    const decodeBySchema = Schema.decodeUnknownEither(schema)
    const encodeBySchema = Schema.encodeEither(schema)

    it.prop(
      `${name}: encodes and decodes every valid answer as Schema does, on the fast path`,
      [answers],
      ([value]) => {
        const encoded = encode(value)
        expectSame(encoded, encodeBySchema(value, options))
        expect(Compiled.isFast(schema, value, "encode")).toBe(true)
        // Through JSON, as an answer arrives.
        const json: unknown = JSON.parse(JSON.stringify(Either.getOrThrow(encoded)))
        const decoded = decodeBySchema(json, options)
        expectSame(decode(json), decoded)
        // (JSON can break a valid value: `Infinity` becomes `null`.)
        if (Either.isRight(decoded)) expect(Compiled.isFast(schema, json, "decode")).toBe(true)
      },
      { fastCheck: { numRuns: 6, seed: 10 } }
    )

    it.prop(
      `${name}: a broken answer fails with Schema's own error`,
      [answers, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), fc.boolean()],
      ([value, path, replacement, remove]) => {
        const json: unknown = JSON.parse(JSON.stringify(Either.getOrThrow(encodeBySchema(value, options))))
        const broken = mutate(json, path, replacement, remove)
        expectSame(decode(broken), decodeBySchema(broken, options))
      },
      { fastCheck: { numRuns: 6, seed: 11 } }
    )
  }

  // Structs are compiled to generated code: names that need quoting, optional properties between
  // required ones, scalars checked in line, nested structs and unions called; and `__proto__`,
  // which the generated code must not write as a literal key (it takes the loop instead).
  const awkward = Schema.Struct({
    plain: Schema.String,
    "with space": Schema.Number,
    "quote\"and\\backslash": Schema.optional(Schema.Boolean),
    "line\nbreak\u2028": Schema.Literal("x"),
    "0": Schema.optional(Schema.Literal(1)),
    constructor: Schema.optional(Schema.Literal(true)),
    toString: Schema.NullOr(Schema.String),
    nested: Schema.optional(Schema.Struct({ n: Schema.Number, m: Schema.optional(Schema.Literal(null)) })),
    last: Schema.Union(Schema.String, Schema.Number),
    // Unions checked in line (literals, scalars, `optional`), passed in line by their first member
    // (a number; a string is called), and `X | undefined` where X is not a scalar.
    rate: Schema.optional(Schema.Literal("rated", "not_rated", 0, true)),
    num: Schema.Union(Schema.Number, Schema.NumberFromString),
    maybeNum: Schema.optional(Schema.Union(Schema.Number, Schema.NumberFromString)),
    numOrText: Schema.Union(Schema.NumberFromString, Schema.String),
    list: Schema.optional(Schema.Array(Schema.Union(Schema.String, Schema.Literal(1))))
  })
  const withProto = Schema.Struct({ a: Schema.String, ["__proto__"]: Schema.optional(Schema.Number) })
  // Named properties beside index signatures: a transformed one (the output is not the input), and
  // every key checked by the index signature's type as well.
  const withRest = Schema.Struct(
    { n: Schema.NumberFromString, s: Schema.optional(Schema.String) },
    Schema.Record({ key: Schema.String, value: Schema.Unknown })
  )
  const withStrings = Schema.Struct(
    { a: Schema.optional(Schema.String) },
    Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number) })
  )
  const junk = fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant("x"),
    fc.constant(1),
    fc.constantFrom("12", "-0", "1e3", "abc", "rated", "not_rated"),
    fc.constant(true),
    fc.array(fc.oneof(fc.constant(1), fc.constant(2), fc.string({ maxLength: 2 })), { maxLength: 3 }),
    fc.record({ n: fc.oneof(fc.integer(), fc.string()), m: fc.oneof(fc.constant(null), fc.integer()) }, {
      requiredKeys: []
    })
  )
  const keys = [
    "plain",
    "with space",
    "quote\"and\\backslash",
    "line\nbreak\u2028",
    "0",
    "constructor",
    "toString",
    "rate",
    "num",
    "maybeNum",
    "numOrText",
    "list"
  ]
  for (
    const [label, schema] of [
      ["a struct with awkward names", awkward],
      ["a struct with __proto__", withProto],
      ["a struct with other keys kept", withRest],
      ["a struct with other keys checked", withStrings]
    ] as const
  ) {
    it.prop(
      `${label}: random objects decode exactly as Schema decodes them (value, key order, error)`,
      [
        fc.dictionary(fc.constantFrom(...keys, "nested", "last", "a", "__proto__", "extra", "n", "s"), junk, {
          maxKeys: 12
        }),
        awkward.pipe(Arbitrary.make)
      ],
      ([random, valid]) => {
        const decode = Compiled.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>)
        const bySchema = Schema.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>)
        for (const input of [random, JSON.parse(JSON.stringify(valid)), { ...valid, extra: 1 }]) {
          expectSame(decode(input), bySchema(input, options))
        }
      },
      { fastCheck: { numRuns: 300, seed: 12 } }
    )
  }

  it("a struct's valid input takes the generated fast path", () => {
    const input = {
      plain: "p",
      "with space": 1,
      "line\nbreak\u2028": "x",
      toString: null,
      last: 2,
      num: 3,
      numOrText: "x"
    }
    expect(Compiled.isFast(awkward, input, "decode")).toBe(true)
    const more = { ...input, rate: 0, num: "4", maybeNum: "5", numOrText: "6", list: ["a", 1] }
    expect(Compiled.isFast(awkward, more, "decode")).toBe(true)
    expectSame(Compiled.decodeUnknownEither(awkward)(more), Schema.decodeUnknownEither(awkward)(more, options))
    expect(Either.getOrThrow(Compiled.decodeUnknownEither(awkward)(more))).toMatchObject({ num: 4, numOrText: 6 })
    expect(Compiled.isFast(withProto, { a: "a" }, "decode")).toBe(true)
  })

  // Exact codecs (`excess: "error"`), as the client checks every endpoint's input: the same request
  // fields, or the same error (an unknown field named), as Schema with `onExcessProperty: "error"`.
  const inputs = [...new Set(Endpoints.table.map((endpoint) => endpoint.input))].map((schema) => ({
    name: Endpoints.table.filter((e) => e.input === schema).map((e) => `${e.group}.${e.name}`).join(", "),
    schema: schema as Schema.Schema<unknown, unknown>
  }))
  for (const { name, schema } of inputs) {
    it.prop(
      `${name} input: exact encoding as Schema's, with and without unknown or broken fields`,
      [
        Arbitrary.make(schema),
        fc.constantFrom("extra", "page", "login", "Symbol"),
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.boolean()
      ],
      ([value, key, junk, path, remove]) => {
        const encode = Compiled.encodeEither(schema, "error")
        const bySchema = Schema.encodeUnknownEither(schema)
        const exact = Compiled.exactParseOptions
        expectSame(encode(value), bySchema(value, exact))
        const withExtra = key === "Symbol"
          ? { ...(value as object), [Symbol.for("extra")]: junk }
          : { ...(value as object), [key]: junk }
        expectSame(encode(withExtra), bySchema(withExtra, exact))
        const broken = mutate(value, path, junk, remove)
        expectSame(encode(broken), bySchema(broken, exact))
      },
      { fastCheck: { numRuns: 10, seed: 13 } }
    )
  }

  it("the common inputs take the exact fast path, and an unknown field does not", () => {
    const list = Endpoints.table.find((e) => e.group === "Archives" && e.name === "list")!
    const get = Endpoints.table.find((e) => e.group === "Agents" && e.name === "get")!
    expect(Compiled.isFast(list.input, { page: 2 }, "encode", "error")).toBe(true)
    expect(Compiled.isFast(list.input, { date_from: "2024-01-01", page: 2 }, "encode", "error")).toBe(true)
    expect(Compiled.isFast(get.input, { login: "a@b.c" }, "encode", "error")).toBe(true)
    expect(Compiled.isFast(get.input, { login: "a@b.c", extra: 1 }, "encode", "error")).toBe(false)
    expect(Compiled.isFast(get.input, { login: "a@b.c", extra: 1 }, "encode")).toBe(true)
  })

  it("where new Function is refused (a strict CSP), structs take the loop: same results, still fast", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--disallow-code-generation-from-strings",
        "--conditions=@effect-livechat/source",
        "--import",
        "tsx",
        fileURLToPath(new URL("./fixtures/compiled-no-eval.ts", import.meta.url))
      ],
      { encoding: "utf8", timeout: 60_000 }
    )
    const result = JSON.parse(out.trim().split("\n").pop()!)
    expect(result.refused).toBe(true)
    expect(result.checked).toBeGreaterThan(50)
    expect(result.mismatches).toBe(0)
    expect(result.slow).toBe(0)
  }, 90_000)

  it("a union whose members can both match is left to Schema (same result)", () => {
    const schema = Schema.Union(
      Schema.Struct({ a: Schema.String }),
      Schema.Struct({ a: Schema.String, b: Schema.optional(Schema.Number) })
    )
    const input = { a: "x", b: 1 }
    expect(Compiled.isFast(schema, input, "decode")).toBe(false)
    expectSame(Compiled.decodeUnknownEither(schema)(input), Schema.decodeUnknownEither(schema)(input, options))
  })

  it("a transformation that returns an Effect is left to Schema (same result)", () => {
    const schema = Schema.transformOrFail(Schema.String, Schema.Number, {
      strict: true,
      decode: (s) => Effect.sync(() => Number(s)),
      encode: (n) => Effect.sync(() => String(n))
    })
    expect(Compiled.isFast(schema, "12", "decode")).toBe(false)
    expectSame(Compiled.decodeUnknownEither(schema)("12"), Schema.decodeUnknownEither(schema)("12", options))
  })

  // Schema classes: made without their constructor once the first instance shows that it adds
  // nothing; a class whose constructor does add something (a default, a field initializer) keeps
  // being made by it. Either way, the same instances as Schema's, every time.
  class Plain extends Schema.Class<Plain>("test/Plain")({ id: Schema.String, n: Schema.optional(Schema.Number) }) {
    get double() {
      return (this.n ?? 0) * 2
    }
  }
  class Defaulted extends Schema.Class<Defaulted>("test/Defaulted")({
    id: Schema.String,
    n: Schema.Number.pipe(Schema.propertySignature, Schema.withConstructorDefault(() => 7))
  }) {}
  class Initialised extends Schema.Class<Initialised>("test/Initialised")({ id: Schema.String }) {
    readonly seen = "yes"
  }
  const classes = [
    ["a plain class", Plain, (i: number) => ({ id: `p${i}`, ...(i % 2 === 0 ? { n: i } : {}) })],
    ["a class with a constructor default", Defaulted, (i: number) => ({ id: `d${i}`, n: i })],
    ["a class with a field initializer", Initialised, (i: number) => ({ id: `i${i}` })]
  ] as const
  for (const [label, klass, input] of classes) {
    it(`${label}: every instance as Schema makes it (class, fields, getters)`, () => {
      const schema = Schema.Array(klass as Schema.Schema<object, object>)
      const decode = Compiled.decodeUnknownEither(schema)
      const bySchema = Schema.decodeUnknownEither(schema)
      for (let round = 0; round < 3; round++) {
        const inputs = Array.from({ length: 5 }, (_, i) => input(round * 5 + i))
        const compiled = decode(inputs)
        expectSame(compiled, bySchema(inputs, options))
        for (const instance of Either.getOrThrow(compiled)) expect(instance).toBeInstanceOf(klass)
      }
    })
  }

  it("a plain class's instances keep their getters and the class's equality", () => {
    const decode = Compiled.decodeUnknownEither(Schema.Array(Plain))
    const [a, b] = Either.getOrThrow(decode([{ id: "x", n: 2 }, { id: "x", n: 2 }]))
    const [c] = Either.getOrThrow(decode([{ id: "x", n: 2 }]))
    expect(c.double).toBe(4)
    expect(Equal.equals(a, b)).toBe(true)
    expect(Equal.equals(a, c)).toBe(true)
    expect(Object.isFrozen(c)).toBe(Object.isFrozen(a))
  })
})
