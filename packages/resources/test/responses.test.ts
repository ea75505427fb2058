/**
 * Every sample response of the reference decodes with its endpoint's output Schema, and the
 * client returns it through the whole pipeline.
 */
import { Endpoint } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, ParseResult, Schema } from "effect"
import { clientLayer, endpointOf, readResponse, requests, sampleResponse } from "./support.js"

describe("sample responses decode", () => {
  for (const fixture of requests) {
    const files = fixture.responses.length > 0 ? fixture.responses : [`(same as ${fixture.sameAs})`]
    for (const file of files) {
      it(`${fixture.group}.${fixture.fn}: ${file}`, () => {
        const endpoint = endpointOf(fixture.group, fixture.fn)
        expect(endpoint, `${fixture.group}.${fixture.fn} has a function`).toBeDefined()
        if (endpoint === undefined) return
        const body = file.startsWith("(") ? sampleResponse(fixture) : readResponse(file)
        expect(body).toBeDefined()
        const decoded = Schema.decodeUnknownEither(endpoint.output)(body, { errors: "all" })
        if (Either.isLeft(decoded)) throw new Error(ParseResult.TreeFormatter.formatErrorSync(decoded.left))
        // What the client decodes, the fake can encode back (the same Schema serves both).
        expect(Either.isRight(Schema.encodeEither(endpoint.output)(decoded.right))).toBe(true)
      })
    }
  }

  it.effect("the client returns a decoded sample through the whole pipeline", () =>
    Effect.gen(function*() {
      const endpoint = endpointOf("Agents", "get")!
      const agent = yield* Endpoint.call(endpoint)({ login: "john.doe@mycompany.com" })
      expect(agent.login).toBe("john.doe@mycompany.com")
      expect(String(agent.api_key)).toBe("<redacted>")
    }).pipe(Effect.provide(clientLayer(() => ({ body: readResponse("Agents/get.json") })))))
})
