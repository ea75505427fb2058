/** Wire codecs: PHP-style form bodies and query strings, and path parameters. */
import { Wire } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import { readFileSync } from "node:fs"

interface Sample {
  readonly form: string | null
}
interface Fixture {
  readonly group: string
  readonly fn: string
  readonly sample: Sample
  readonly samples: ReadonlyArray<Sample>
}

// The reference's curl samples, transcribed in the resources package's fixtures.
const fixtures: ReadonlyArray<Fixture> = JSON.parse(
  readFileSync(new URL("../../resources/test/fixtures/requests.json", import.meta.url), "utf8")
)
const bracketed = fixtures.flatMap((f) =>
  [f.sample, ...f.samples].flatMap((s) =>
    s.form !== null && s.form.includes("[") ? [[`${f.group}.${f.fn}`, s.form] as const] : []
  )
)

describe("form bodies", () => {
  it("encodes the documented forms", () => {
    expect(Wire.encodeForm({ tag: ["a", "b"] })).toBe("tag[]=a&tag[]=b")
    expect(Wire.encodeForm({ requester: { mail: "x@y.z", name: "Mary Brown" } })).toBe(
      "requester[mail]=x%40y.z&requester[name]=Mary+Brown"
    )
    expect(Wire.encodeForm({ rules: [{ type: "url_funnel", urls: [{ url: "a" }, { url: "b" }] }] })).toBe(
      "rules[0][type]=url_funnel&rules[0][urls][0][url]=a&rules[0][urls][1][url]=b"
    )
    expect(
      Wire.encodeForm({ name: "Jenny Doe", groups: [1, 2], active: true, off: false, gone: undefined, none: null })
    )
      .toBe("name=Jenny+Doe&groups[]=1&groups[]=2&active=1&off=0")
    expect(Wire.encodeForm({ text: "a&b=c+d%" })).toBe("text=a%26b%3Dc%2Bd%25")
    expect(Wire.encodeForm({ agents: ["a", "b"], tag: ["c"] }, { indexed: ["agents"] })).toBe(
      "agents[0]=a&agents[1]=b&tag[]=c"
    )
  })

  it("decodes as PHP's parse_str does", () => {
    expect(
      Wire.decodeForm("tag[]=a&tag[]=b&requester[mail]=x%40y.z&rules[0][type]=t&rules[0][urls][1][url]=u&n=Jenny+Doe")
    )
      .toEqual({
        tag: ["a", "b"],
        requester: { mail: "x@y.z" },
        rules: [{ type: "t", urls: { 1: { url: "u" } } }],
        n: "Jenny Doe"
      })
    expect(Wire.decodeForm("?a=1&b")).toEqual({ a: "1", b: "" })
    expect(Wire.decodeForm("")).toEqual({})
  })

  it("has bracketed samples to check", () => expect(bracketed.length).toBeGreaterThanOrEqual(8))

  for (const [name, form] of bracketed) {
    it(`re-encodes the reference's sample of ${name}: ${form.slice(0, 60)}`, () => {
      const pairs = Wire.decodePairs(form)
      // Names the sample writes with indexes for scalars (`agents[0]=a`).
      const indexed = pairs.flatMap(([name]) => /^(\w+)\[\d+\]$/.exec(name)?.[1] ?? [])
      expect(Wire.decodePairs(Wire.encodeForm(Wire.decodeForm(form), { indexed }))).toEqual(pairs)
    })
  }

  const key = fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/)
  const { tree } = fc.letrec<
    { tree: Wire.Decoded; leaf: string; list: Array<Wire.Decoded>; object: Record<string, Wire.Decoded> }
  >(
    (tie) => ({
      tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("list"), tie("object")),
      leaf: fc.fullUnicodeString({ maxLength: 12 }),
      list: fc.array(tie("tree"), { minLength: 1, maxLength: 4 }),
      object: fc.dictionary(key, tie("tree"), { minKeys: 1, maxKeys: 4 })
    })
  )
  const body = fc.dictionary(key, tree, { maxKeys: 5 })

  it.prop("decode(encode(x)) gives back x", [body], ([value]) => {
    expect(Wire.decodeForm(Wire.encodeForm(value))).toEqual(value)
  }, { fastCheck: { numRuns: 500 } })

  it.prop("pairs survive text encoding unchanged", [fc.array(fc.tuple(key, fc.fullUnicodeString()))], ([pairs]) => {
    expect(Wire.decodePairs(Wire.encodePairs(pairs))).toEqual(pairs)
  })
})

describe("paths", () => {
  it("encodes parameters", () => {
    expect(Wire.buildPath("/agents/{login}", { login: "john@public.com" })).toEqual(
      Either.right("/agents/john%40public.com")
    )
    expect(Wire.buildPath("/tags/{tag}", { tag: "a b?#" })).toEqual(Either.right("/tags/a%20b%3F%23"))
    expect(Wire.buildPath("/greetings/{id}", { id: 2491 })).toEqual(Either.right("/greetings/2491"))
  })

  for (const bad of ["", ".", "..", "../agents", "a/b", "a\\b", "a\nb", "a\u0000b", "\u007f"]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      const result = Wire.buildPath("/chats/{chat_id}/tags", { chat_id: bad })
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(result.left.field).toBe("chat_id")
    })
  }

  it("lists a template's parameters", () => {
    expect(Wire.pathParameters("/chats/{chat_id}/tags")).toEqual(["chat_id"])
    expect(Wire.pathParameters("/agents")).toEqual([])
  })
})
