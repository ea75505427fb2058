/**
 * Shared by the resources tests: the reference's samples (fixtures/) and a client over a recording transport.
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import type { Endpoint, LiveChatError } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { MockTransport } from "@effect-livechat/testing"
import { expect } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url))

export interface Sample {
  readonly variant: string | null
  readonly path: string
  readonly query: ReadonlyArray<readonly [string, string]>
  readonly form: string | null
  readonly json: unknown
  readonly response: string | null
}

export interface RequestFixture {
  readonly group: string
  readonly fn: string
  readonly name: string
  readonly method: string
  readonly path: string
  readonly sample: Sample
  readonly samples: ReadonlyArray<Sample>
  readonly responses: ReadonlyArray<string>
  readonly sameAs: string | null
  readonly sameAsItem: string | null
}

export const requests: ReadonlyArray<RequestFixture> = JSON.parse(readFileSync(`${fixtures}requests.json`, "utf8"))

export const readResponse = (file: string): unknown => JSON.parse(readFileSync(`${fixtures}responses/${file}`, "utf8"))

/** The sample answer of an endpoint: its own file, or what `sameAs` points to (one item for `sameAsItem`). */
export const sampleResponse = (fixture: RequestFixture): unknown => {
  if (fixture.responses.length > 0) return readResponse(fixture.responses[0])
  if (fixture.sameAs === null) return undefined
  const other = requests.find((r) => `${r.group}/${r.fn}` === fixture.sameAs)
  const whole = other === undefined ? undefined : sampleResponse(other)
  if (fixture.sameAsItem === null) return whole
  const list = (whole as Record<string, ReadonlyArray<unknown>>)[fixture.sameAsItem.replace("[]", "")]
  return list[0]
}

export const endpointOf = (group: string, fn: string): Endpoint.Endpoint | undefined =>
  (Endpoints.groups as Record<string, Record<string, Endpoint.Endpoint>>)[group]?.[fn]

export const login = "john.doe@mycompany.com"
export const apiKey = "c14b85863755158d7aa5cc4ba17f61cb"

/** A client with the reference's sample credentials over a transport that answers with `handler`. */
export const clientLayer = (handler: MockTransport.Handler, options: LiveChatClient.Options = {}) => {
  const transport = MockTransport.layer(handler)
  return Layer.merge(
    LiveChatClient.layer({
      auth: Auth.apiKey({ login, apiKey }),
      retry: false,
      rateLimit: false,
      ...options
    }).pipe(Layer.provide(transport)),
    transport
  )
}

/** A client as {@link clientLayer} that answers every request with the sample response `file` (fixtures/responses/). */
export const sampleLayer = (file: string, options: LiveChatClient.Options = {}) =>
  clientLayer(() => ({ body: readResponse(file) }), options)

/** The requests the recording transport has received so far, in order. */
export const sent = Effect.flatMap(MockTransport.Transport, (t) => t.requests)

/** Calls an endpoint function with an input its type does not allow, as untyped code could. */
export const unchecked = <I, A, E, R>(fn: (input: I) => Effect.Effect<A, E, R>, input: unknown) => fn(input as I)

/**
 * Expects `effect` to fail with `InvalidInput` at `field` and nothing to have been sent. `operation`, when
 * given, must match the error's `operation`: exactly for a string, by pattern for a `RegExp`.
 */
export const refused = <A, R>(
  effect: Effect.Effect<A, LiveChatError, R>,
  field: string,
  operation?: string | RegExp
) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(effect)
    expect(error._tag).toBe("InvalidInput")
    if (error._tag === "InvalidInput") {
      if (typeof operation === "string") expect(error.operation).toBe(operation)
      else if (operation !== undefined) expect(error.operation).toMatch(operation)
      expect(error.field).toBe(field)
    }
    expect(yield* sent).toHaveLength(0)
  })
