/**
 * For each endpoint of the reference, the request the client sends is exactly the reference's
 * curl sample: method, path (parameters encoded), query and form body, API version and auth headers.
 */
import { Endpoint, Wire } from "@effect-livechat/core"
import { MockTransport } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { apiKey, clientLayer, endpointOf, login, requests, type Sample, sampleResponse } from "./support.js"

/** Pairs grouped by name: the order of distinct names does not matter on the wire, the order within one does. */
const grouped = (pairs: Wire.Pairs) => {
  const out: Record<string, Array<string>> = {}
  for (const [name, value] of pairs) (out[name] ??= []).push(value)
  return out
}

const pathParams = (template: string, path: string): Record<string, string> => {
  const names = Wire.pathParameters(template)
  const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`)
  const match = pattern.exec(path)
  if (match === null) throw new Error(`sample path ${path} does not match ${template}`)
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]))
}

describe("requests match the reference's curl samples", () => {
  for (const fixture of requests) {
    const samples: ReadonlyArray<Sample> = [fixture.sample, ...fixture.samples]
    samples.forEach((sample, i) => {
      const label = `${fixture.group}.${fixture.fn}${sample.variant === null ? "" : ` (${sample.variant})`}${
        i > 0 ? ` #${i}` : ""
      }`
      it.effect(label, () =>
        Effect.gen(function*() {
          const endpoint = endpointOf(fixture.group, fixture.fn)
          expect(endpoint, `${label} has a function`).toBeDefined()
          if (endpoint === undefined) return
          expect(endpoint.method).toBe(fixture.method)
          const wirePairs = sample.form === null ? sample.query : [...sample.query, ...Wire.decodePairs(sample.form)]
          const wire = { ...Wire.fromPairs(wirePairs), ...pathParams(endpoint.path, sample.path) }
          // The sample's parameters are valid input (decoded tolerantly, as from the wire).
          const input = Schema.decodeUnknownSync(endpoint.input)(wire, { onExcessProperty: "error" })

          yield* Endpoint.call(endpoint)(input).pipe(Effect.ignore)
          const [sent] = yield* Effect.flatMap(MockTransport.Transport, (t) => t.requests)

          expect(sent.method).toBe(fixture.method)
          expect(decodeURIComponent(sent.url.pathname)).toBe(decodeURIComponent(sample.path))
          expect(sent.url.pathname).not.toContain("@")
          expect(grouped(Wire.decodePairs(sent.url.search))).toEqual(grouped(sample.query))
          if (sample.form === null) {
            expect(sent.body).toBeUndefined()
          } else {
            expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded")
            expect(grouped(Wire.decodePairs(sent.body ?? ""))).toEqual(grouped(Wire.decodePairs(sample.form)))
          }
          expect(sent.headers["x-api-version"]).toBe("2")
          if (endpoint.authenticate) {
            expect(sent.headers["authorization"]).toBe(`Basic ${btoa(`${login}:${apiKey}`)}`)
          } else {
            expect(sent.headers["authorization"]).toBeUndefined()
          }
        }).pipe(Effect.provide(clientLayer(() => ({ body: sampleResponse(fixture) ?? {} })))))
    })
  }
})
