/**
 * Property tests over every endpoint of the table: inputs generated from the endpoint's input
 * Schema, valid and made hostile (non-finite and huge numbers at any depth, bracketed keys in
 * user-keyed maps, impossible calendar dates, path parameters that would change the path). Every
 * request that reaches the transport must be in its documented shape: the right method, a path
 * matching the template, and a query and body that decode back with the endpoint's input Schema
 * (no `NaN` or `Infinity` on the wire); every other input is refused with `InvalidInput` and
 * nothing is sent.
 */
import { Auth, Endpoint, LiveChatClient, Wire } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, FastCheck as fc, Layer, Schema } from "effect"

interface Sent {
  readonly method: string
  readonly url: URL
  readonly body: string
}

const sent: Array<Sent> = []
const transport = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    Effect.sync(() => {
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      sent.push({ method: request.method, url: new URL(request.url), body })
      return HttpClientResponse.fromWeb(request, new Response("{}", { status: 200 }))
    })
  )
)
const client = Effect.runSync(
  LiveChatClient.make({ auth: Auth.apiKey({ login: "a@b.c", apiKey: "key-12345" }), retry: false, rateLimit: false })
    .pipe(Effect.provide(transport))
)

const isPlain = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u) && Object.getPrototypeOf(u) === Object.prototype

type Mutation = { readonly kind: number; readonly pick: number; readonly variant: number }
const hostileNumbers = [Number.NaN, Infinity, -Infinity, 1e21, -1e300]
const impossibleDays = ["2023-02-29", "2024-02-31", "2023-04-31", "2100-02-29"]
const badSegments = ["", ".", "..", "a/b", "../agents", "x\u0000y"]

/** Applies one hostile change to a valid input (a copy; the change may find nothing to change). */
const mutate = (input: unknown, endpoint: Endpoint.Endpoint, m: Mutation): unknown => {
  let seen = 0
  const walk = (value: unknown, depth: number, change: (value: unknown, depth: number) => unknown): unknown => {
    const changed = change(value, depth)
    if (changed !== value) return changed
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, change))
    if (isPlain(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, depth + 1, change)]))
    }
    return value
  }
  switch (m.kind % 4) {
    case 0: // a non-finite or huge number in place of any number
      return walk(
        input,
        0,
        (value) =>
          typeof value === "number" && seen++ === m.pick % 8 ? hostileNumbers[m.variant % hostileNumbers.length] : value
      )
    case 1: // a bracketed key in any nested object
      return walk(input, 0, (value, depth) =>
        depth > 0 && isPlain(value) && seen++ === m.pick % 4
          ? { ...value, [["a][b", "x[0]", "]", "[", "ok]evil[x"][m.variant % 5]]: "x" }
          : value)
    case 2: // an impossible date in place of any day
      return walk(
        input,
        0,
        (value) =>
          typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) && seen++ === m.pick % 4
            ? `${impossibleDays[m.variant % impossibleDays.length]}${value.slice(10)}`
            : value
      )
    default: // a path parameter that would change the path
      return isPlain(input) && endpoint.pathParams.length > 0
        ? {
          ...input,
          [endpoint.pathParams[m.pick % endpoint.pathParams.length]]: badSegments[m.variant % badSegments.length]
        }
        : input
  }
}

/** Why a request on the wire is not in its endpoint's documented shape, or `undefined`. */
const outOfShape = (endpoint: Endpoint.Endpoint, request: Sent): string | undefined => {
  if (request.method !== endpoint.method) return `method ${request.method}`
  const pattern = new RegExp(`^${endpoint.path.replace(/\{\w+\}/g, "([^/]+)")}$`)
  const match = pattern.exec(request.url.pathname)
  if (match === null) return `path ${request.url.pathname} does not match ${endpoint.path}`
  const params = Object.fromEntries(endpoint.pathParams.map((name, i) => [name, decodeURIComponent(match[i + 1])]))
  const pairs = [...Wire.decodePairs(request.url.search), ...Wire.decodePairs(request.body)]
  const nonFinite = pairs.find(([, value]) =>
    /^[-+]?(NaN|Infinity)$/.test(value) || /^-?\d+(\.\d+)?e[+-]?\d+$/i.test(value)
  )
  if (nonFinite !== undefined) return `${nonFinite[0]}=${nonFinite[1]} on the wire`
  const input = { ...Wire.decodeForm(request.url.search), ...Wire.decodeForm(request.body), ...params }
  const decoded = Schema.decodeUnknownEither(endpoint.input)(input, { onExcessProperty: "error" })
  return Either.isLeft(decoded) ? `the wire does not decode: ${decoded.left.message}` : undefined
}

/** How many inputs each endpoint is tried with (valid, then made hostile); SHAPE_RUNS multiplies them. */
const scale = Number(process.env.SHAPE_RUNS ?? 1)
const runs = { valid: 15 * scale, hostile: 35 * scale }
const seed = Number(process.env.SHAPE_SEED ?? 20261126)
let cases = 0
let refused = 0

describe(`every endpoint's requests stay in their documented shape (fast-check, seed ${seed})`, () => {
  for (const endpoint of Endpoints.table) {
    const name = Endpoint.fullName(endpoint)
    it(name, async () => {
      const valid = Arbitrary.make(endpoint.input) as fc.Arbitrary<unknown>
      const mutation = fc.record({ kind: fc.nat(), pick: fc.nat(), variant: fc.nat() })
      const check = async (input: unknown) => {
        cases++
        const before = sent.length
        const result = await Effect.runPromise(
          Effect.either(
            Endpoint.call(endpoint)(input as never).pipe(Effect.provideService(LiveChatClient.LiveChatClient, client))
          )
        )
        const wire = sent.slice(before)
        if (Either.isLeft(result) && result.left._tag === "InvalidInput") {
          refused++
          expect(wire, `${name}: refused but sent`).toEqual([])
          return
        }
        expect(wire, `${name}: one request`).toHaveLength(1)
        expect(outOfShape(endpoint, wire[0]), `${name}: ${wire[0].url} ${wire[0].body}`).toBeUndefined()
      }
      await fc.assert(fc.asyncProperty(valid, check), { numRuns: runs.valid, seed })
      await fc.assert(
        fc.asyncProperty(valid, mutation, (input, m) => check(mutate(input, endpoint, m))),
        { numRuns: runs.hostile, seed: seed + 1 }
      )
    }, 60_000)
  }

  it("every endpoint of the table was tried", () => {
    console.log(
      `${cases} cases over ${Endpoints.table.length} endpoints (seed ${seed}): ${
        cases - refused
      } sent in shape, ${refused} refused with InvalidInput`
    )
    expect(cases).toBe(Endpoints.table.length * (runs.valid + runs.hostile))
  })
})
