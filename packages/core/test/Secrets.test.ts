/** Secrets never appear in error messages, JSON, log lines or span attributes. */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { MockTransport } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Inspectable, Logger, Redacted } from "effect"
import { apiKey, login, recordingTracer, request, send, testLayer, token } from "./support.js"

const basic = btoa(`${login}:${apiKey}`)

const expectClean = (text: string, forbidden: ReadonlyArray<string> = [apiKey, token, basic]) => {
  for (const secret of forbidden) expect(text).not.toContain(secret)
}

// Servers that echo what they were sent: the credentials come back in bodies and headers.
const echo = (status: number) => () => ({
  status,
  headers: { location: `https://evil.example/?key=${apiKey}&token=${token}`, "retry-after": "1" },
  body: { error: `invalid credentials ${apiKey} / Bearer ${token} / Basic ${basic}`, api_key: apiKey }
})

// Each client knows (and so can scrub) the secrets it was configured with.
const authentications = [
  ["API key", Auth.apiKey({ login, apiKey }), [apiKey, basic]],
  ["bearer token", Auth.bearer(token), [token]]
] as const

describe("secrets", () => {
  for (const [name, auth, secrets] of authentications) {
    const clean = (text: string) => expectClean(text, secrets)
    for (const status of [200, 302, 400, 401, 404, 429, 500]) {
      it.effect(`${name}: a ${status} answer echoing the secrets leaks nothing`, () =>
        Effect.gen(function*() {
          const lines: Array<string> = []
          const logger = Logger.make((options) => {
            lines.push(
              Logger.stringLogger.log(options),
              Logger.jsonLogger.log(options),
              Logger.logfmtLogger.log(options)
            )
          })
          const { spans, tracer } = recordingTracer()
          const result = yield* send(request("GET")).pipe(
            Effect.tapErrorCause((cause) => Effect.logError("request failed", cause)),
            Effect.either,
            Effect.withTracer(tracer),
            Effect.provide(Logger.replace(Logger.defaultLogger, logger))
          )
          if (result._tag === "Left") {
            const error = result.left
            clean(error.message)
            clean(JSON.stringify(error))
            clean(String(error))
            clean(Inspectable.format(error))
            clean(Cause.pretty(Cause.fail(error)))
          }
          if (result._tag === "Left") expect(lines.length).toBeGreaterThan(0)
          for (const line of lines) clean(line)
          expect(spans.length).toBeGreaterThan(0)
          for (const span of spans) {
            for (const [key, value] of span.attributes) clean(`${key}=${String(value)}`)
          }
        }).pipe(Effect.provide(testLayer(echo(status), { auth, retry: false }))))
    }
  }

  it.effect("one span per request, named after the method and path template, with status and attempts", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      yield* send().pipe(Effect.withTracer(tracer))
      expect(spans.map((span) => span.name)).toEqual(["livechat.GET /things/{id}"])
      const [span] = spans
      expect(Object.fromEntries(span.attributes)).toEqual({
        "http.request.method": "GET",
        "url.template": "/things/{id}",
        "url.full": "https://api.livechatinc.com/things/1",
        "server.address": "api.livechatinc.com",
        "http.response.status_code": 200,
        "livechat.attempts": 1
      })
      const [sent] = yield* Effect.flatMap(MockTransport.Transport, (t) => t.requests)
      expect(sent.headers["authorization"]).toBe(`Basic ${basic}`)
    }).pipe(Effect.provide(testLayer(() => ({ body: { id: 1, name: "a" } })))))

  it("credentials print as <redacted>", () => {
    const auth = Auth.apiKey({ login, apiKey })
    expectClean(JSON.stringify(auth))
    expectClean(String(auth))
    expectClean(Inspectable.format(auth))
    expect(String(Redacted.make(apiKey))).toBe("<redacted>")
    expectClean(JSON.stringify(Auth.bearer(token)))
  })

  it.effect("a client configured from the environment does not print its secrets", () =>
    Effect.gen(function*() {
      const config = yield* LiveChatClient.config
      expectClean(JSON.stringify(config))
      expectClean(Inspectable.format(config))
    }).pipe(
      Effect.withConfigProvider(
        ConfigProvider.fromMap(new Map([["LIVECHAT_LOGIN", login], ["LIVECHAT_API_KEY", apiKey]]))
      )
    ))
})
