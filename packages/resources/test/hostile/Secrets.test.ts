/**
 * Hostile world, secrets: a server that echoes every secret it is sent (verbatim, JSON-escaped
 * with `\/`, percent-encoded, base64) in bodies and headers, for every status, and answers that
 * hold secret fields; every channel is grepped for every form of every secret, over undici,
 * node:http and fetch.
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { Agents, Visitors, Webhooks } from "@effect-livechat/resources"
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Redacted } from "effect"
import type * as Http from "node:http"
import { forms, leaks, observe } from "./channels.js"
import * as Server from "./server.js"

const login = "john.doe@mycompany.com"
// Secrets with the characters that encodings change: `/`, `+`, `=`, `&`.
const apiKey = "k3y/with+special=chars&more"
const bearer = "bearer/tok+en=0123456789"
const visitorToken = "visitor/tok+en=ABCDEF"
const answerKey = "answer/key+XYZ=987"
const webhookToken = "hook/tok+en=555"

/** What a request carried that is secret, read as the server sees it. */
const carried = (request: Server.Received): Array<string> => {
  const out: Array<string> = []
  const authorization = request.headers.authorization
  if (authorization !== undefined) {
    out.push(authorization)
    const [scheme, value] = authorization.split(" ")
    out.push(value)
    if (scheme === "Basic") out.push(Buffer.from(value, "base64").toString("utf8"))
  }
  const token = new URLSearchParams(request.body).get("token")
  if (token !== null) out.push(token)
  return out
}

/** Every form of every secret, in one text, JSON-escaped the way PHP does (`\/`). */
const echoText = (secrets: ReadonlyArray<string>) => secrets.flatMap(forms).join(" | ")

const echo = (status: number) => (request: Server.Received, response: Http.ServerResponse) => {
  const secrets = carried(request)
  const text = echoText(secrets)
  const headers = {
    location: `https://evil.example/?echo=${encodeURIComponent(text)}`,
    "retry-after": "0",
    "x-echo": Buffer.from(text).toString("base64")
  }
  if (status === 200) {
    // A success whose body is not JSON, then one that does not match the Schema.
    return Server.json(
      response,
      200,
      request.url.includes("json") ? `not json ${text}` : { login: text, oops: secrets }
    )
  }
  const body = JSON.stringify({ error: text, errors: secrets.map((secret) => ({ message: `bad ${secret}` })) })
  Server.json(response, status, body.replace(/\//g, "\\/"), headers)
}

const statuses = [200, 302, 400, 401, 403, 404, 429, 500, 503]

let rotation = 0
const authentications: ReadonlyArray<
  readonly [string, () => { readonly auth: Auth.Auth; readonly secrets: () => ReadonlyArray<string> }]
> = [
  ["API key", () => ({
    auth: Auth.apiKey({ login, apiKey }),
    secrets: () => [apiKey, `${login}:${apiKey}`]
  })],
  ["bearer token", () => ({ auth: Auth.bearer(bearer), secrets: () => [bearer] })],
  ["bearer token from an Effect (rotating)", () => {
    const produced: Array<string> = []
    const token = Effect.sync(() => {
      const next = `rotating/tok+en=${++rotation}-abcdef`
      produced.push(next)
      return Redacted.make(next)
    })
    return { auth: Auth.bearerEffect(token), secrets: () => produced }
  }]
]

const clientOf = (server: Server.HostileServer, transport: Layer.Layer<HttpClient.HttpClient>, auth: Auth.Auth) =>
  LiveChatClient.layer({ baseUrl: server.url, auth, retry: false, rateLimit: false }).pipe(Layer.provide(transport))

describe.each(Server.transports)("hostile server over %s: secrets", (_, transport) => {
  for (const [name, make] of authentications) {
    it.scoped(`${name}: echoed in every status, header and encoding, shows in no channel`, () =>
      Effect.gen(function*() {
        const server = yield* Server.make
        const { auth, secrets } = make()
        const found: Array<string> = []
        for (const status of statuses) {
          server.handle(echo(status))
          for (const target of ["someone@x.com", "json@x.com"]) {
            const { exit, texts } = yield* observe(Agents.get({ login: target })).pipe(
              Effect.provide(clientOf(server, transport, auth))
            )
            expect(Exit.isFailure(exit)).toBe(true)
            for (const leak of leaks(texts, secrets())) found.push(`${status}: ${leak}`)
          }
        }
        expect(secrets().length).toBeGreaterThan(0)
        expect(server.received.length).toBe(statuses.length * 2)
        expect(found).toEqual([])
      }))
  }

  it.scoped("a visitor token sent in the body and echoed in a 400 shows in no channel", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle(echo(400))
      const { exit, texts } = yield* observe(
        Visitors.addDetails({
          visitor_id: "v1",
          license_id: 1,
          token: Redacted.make(visitorToken),
          id: "crm",
          fields: [{ name: "n", value: "v" }]
        })
      ).pipe(Effect.provide(clientOf(server, transport, Auth.none)))
      expect(Exit.isFailure(exit)).toBe(true)
      expect(server.received[0].body).toContain(encodeURIComponent(visitorToken))
      expect(leaks(texts, [visitorToken])).toEqual([])
    }))

  const agent = {
    login: "a@b.c",
    name: "A",
    permission: "superuser", // not a documented value: the answer does not decode
    status: "offline"
  }
  const answers: ReadonlyArray<readonly [string, unknown, ReadonlyArray<string>]> = [
    ["an agent with its api_key", { ...agent, api_key: answerKey }, [answerKey]],
    ["an agent whose api_key has the wrong type", { ...agent, permission: "normal", api_key: 98765432109 }, [
      "98765432109"
    ]],
    ["an agent whose api_key is an object", { ...agent, api_key: { value: answerKey } }, [answerKey]],
    [
      "a list of 2,000 agents with api_keys",
      Array.from({ length: 2000 }, (_, i) => ({ ...agent, api_key: `${answerKey}${i}` })),
      [
        answerKey
      ]
    ]
  ]
  for (const [name, body, secrets] of answers) {
    it.scoped(`${name} that fails to decode shows no secret field`, () =>
      Effect.gen(function*() {
        const server = yield* Server.make
        server.handle((_, response) => Server.json(response, 200, body))
        const call = Array.isArray(body) ? Agents.list() : Agents.get({ login: "a@b.c" })
        const { exit, texts } = yield* observe(call as Effect.Effect<unknown, unknown, LiveChatClient.LiveChatClient>)
          .pipe(Effect.provide(clientOf(server, transport, Auth.apiKey({ login, apiKey }))))
        expect(Exit.isFailure(exit)).toBe(true)
        expect(leaks(texts, secrets)).toEqual([])
      }))
  }

  it.scoped("a webhook's token in an answer that fails to decode shows in no channel", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle((_, response) =>
        Server.json(response, 200, {
          events: [{
            id: "1",
            licence: 1,
            event_type: "nope",
            data_types: [],
            url: "u",
            verified: true,
            token: webhookToken
          }]
        })
      )
      const { exit, texts } = yield* observe(Webhooks.list()).pipe(
        Effect.provide(clientOf(server, transport, Auth.apiKey({ login, apiKey })))
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(leaks(texts, [webhookToken])).toEqual([])
    }))

  it.scoped("secret fields of an error answer are redacted by name", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle((_, response) =>
        Server.json(response, 400, { error: "nope", api_key: answerKey, token: webhookToken })
      )
      const { exit, texts } = yield* observe(Agents.get({ login: "a@b.c" })).pipe(
        Effect.provide(clientOf(server, transport, Auth.apiKey({ login, apiKey })))
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(leaks(texts, [answerKey, webhookToken])).toEqual([])
      expect(texts.some(([, text]) => text.includes("<redacted>"))).toBe(true)
    }))
})
