/**
 * Hostile world, everything but secrets: a server enforcing the rate limit in fixed windows,
 * days-long Retry-After, cancelled calls, huge error bodies, invalid input, invalid options,
 * Retry-After on 503, and answers too large to read, over undici, node:http and fetch.
 */
import { Auth, LiveChatClient, type LiveChatError } from "@effect-livechat/core"
import { Agents, Archives, Greetings, Reports, Visitors } from "@effect-livechat/resources"
import { MockTransport } from "@effect-livechat/testing"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Duration, Effect, Either, Exit, Fiber, Layer, Option, Redacted, TestClock } from "effect"
import { fork } from "node:child_process"
import type * as Http from "node:http"
import { fileURLToPath } from "node:url"
import * as Server from "./server.js"

const auth = Auth.apiKey({ login: "john.doe@mycompany.com", apiKey: "c14b85863755158d7aa5cc4ba17f61cb" })

const clientOf = (
  server: Server.HostileServer,
  transport: Layer.Layer<HttpClient.HttpClient>,
  options: LiveChatClient.Options = {}
) => LiveChatClient.layer({ baseUrl: server.url, auth, ...options }).pipe(Layer.provide(transport))

const agent = { login: "a@b.c", name: "A", permission: "normal", status: "offline" }
const created = (_: Server.Received, response: Http.ServerResponse) => Server.json(response, 200, agent)
const newAgent = { login: "new@b.c", name: "New" }

const failure = <A>(exit: Exit.Exit<A, LiveChatError>): LiveChatError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  return Option.getOrThrow(Cause.failureOption(exit.cause))
}

describe.each(Server.transports)("hostile server over %s", (_, transport) => {
  it.scopedLive(
    "a server enforcing the same limit in fixed windows: ≤ 1% answered 429, ≥ 0.9 of the rate",
    () =>
      Effect.gen(function*() {
        // Modest numbers: the machine running the tests may be busy, and the client must keep up.
        const limit = 10
        const interval = 1000
        const total = 40
        // The server runs in its own process: its arrival times are not those of our busy event loop.
        const child = yield* Effect.acquireRelease(
          Effect.sync(() =>
            fork(fileURLToPath(new URL("./fixedWindowServer.mjs", import.meta.url)), [String(limit), String(interval)])
          ),
          (child) => Effect.sync(() => child.kill())
        )
        const ask = <A>(message?: string) =>
          Effect.async<A>((resume) => {
            child.once("message", (answer) => resume(Effect.succeed(answer as A)))
            if (message !== undefined) child.send(message)
          })
        const { port } = yield* ask<{ port: number }>()
        const baseUrl = `http://127.0.0.1:${port}`
        const layer = LiveChatClient.layer({ baseUrl, auth, rateLimit: { limit, interval, concurrency: 50 } }).pipe(
          Layer.provide(transport)
        )
        yield* Effect.gen(function*() {
          // A first request loads the transport and opens a connection; then the server forgets it.
          yield* Agents.list()
          yield* Effect.sleep(interval * 2)
          yield* ask("reset")
          yield* Effect.all(Array.from({ length: total }, () => Agents.list()), { concurrency: "unbounded" })
        }).pipe(Effect.provide(layer))
        const { arrivals, busiest, rejected } = yield* ask<
          { arrivals: ReadonlyArray<number>; rejected: number; busiest: number }
        >("report")
        const span = Math.max(...arrivals) - Math.min(...arrivals) + interval
        const achieved = (total / span) / (limit / interval)
        console.log(
          `fixed-window server over ${_}: ${rejected}/${arrivals.length} answered 429, busiest window ${busiest}, ${
            achieved.toFixed(3)
          } of the allowed rate`
        )
        expect(rejected / arrivals.length).toBeLessThanOrEqual(0.01)
        expect(achieved).toBeGreaterThanOrEqual(0.9)
      }),
    20_000
  )

  it.scoped("Retry-After of a day (or a date in year 9999) fails fast with RateLimited, and freezes nothing", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      for (const retryAfter of ["86400", "Fri, 31 Dec 9999 23:59:59 GMT", "1".repeat(400)]) {
        server.received.length = 0
        server.handle((_, response) =>
          server.received.length === 1
            ? Server.json(response, 429, { error: "slow down" }, { "retry-after": retryAfter })
            : Server.json(response, 200, [])
        )
        yield* Effect.gen(function*() {
          const exit = yield* Effect.exit(Agents.list())
          const error = failure(exit)
          expect(error._tag).toBe("RateLimited")
          if (error._tag !== "RateLimited") return
          expect(Duration.toMillis(error.retryAfter!)).toBeGreaterThan(Duration.toMillis("5 minutes"))
          // The next call is not held back by the pause the server asked for: it goes at once.
          expect(yield* Agents.list()).toEqual([])
        }).pipe(Effect.provide(clientOf(server, transport)))
        expect(server.received.length).toBe(2)
      }
    }))

  it.scoped("Retry-After on a 503 is honoured for reads (TestClock), not beyond maxRetryAfter", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle((_, response) =>
        server.received.length === 1
          ? Server.json(response, 503, { error: "maintenance" }, { "retry-after": "120" })
          : Server.json(response, 200, [])
      )
      yield* Effect.gen(function*() {
        const fiber = yield* Effect.fork(Agents.list())
        yield* Server.until(() => server.received.length === 1)
        yield* TestClock.adjust("119 seconds")
        yield* Server.realSleep(100)
        expect(server.received.length).toBe(1)
        yield* TestClock.adjust("1 second")
        expect(yield* Fiber.join(fiber)).toEqual([])
        expect(server.received.length).toBe(2)
      }).pipe(Effect.provide(clientOf(server, transport)))
      // With maxRetryAfter below the asked wait, the 503 is the answer.
      server.received.length = 0
      const exit = yield* Effect.exit(Agents.list()).pipe(
        Effect.provide(clientOf(server, transport, { maxRetryAfter: "1 minute" }))
      )
      const error = failure(exit)
      expect(error._tag).toBe("ServerError")
      if (error._tag === "ServerError") expect(error.retryAfter).toEqual(Duration.seconds(120))
      expect(server.received.length).toBe(1)
    }))

  it.scoped("writes waiting for the limiter when their caller's timeout fires never reach the server", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle(created)
      yield* Effect.gen(function*() {
        const fibers = yield* Effect.forEach(
          Array.from({ length: 5 }),
          () => Effect.fork(Effect.exit(Effect.timeout(Agents.create(newAgent), "500 millis"))),
          { concurrency: "unbounded" }
        )
        // The first goes at once; the others wait a second each for the limiter.
        yield* Server.until(() => server.received.length === 1)
        yield* Server.realSleep(50)
        yield* TestClock.adjust("500 millis")
        const exits = yield* Effect.forEach(fibers, Fiber.join)
        expect(exits.filter(Exit.isSuccess).length).toBe(1)
        yield* TestClock.adjust("1 minute")
        yield* Server.realSleep(200)
      }).pipe(Effect.provide(clientOf(server, transport, { rateLimit: { limit: 1, interval: "1 second" } })))
      expect(server.received.length).toBe(1)
    }))

  it.scopedLive("an interrupted call in flight closes its request: nothing stays open", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle(() => {}) // never answers
      const exit = yield* Effect.exit(Effect.timeout(Agents.create(newAgent), "200 millis")).pipe(
        Effect.provide(clientOf(server, transport, { retry: false }))
      )
      expect(Exit.isFailure(exit)).toBe(true)
      yield* Server.until(() => server.abandoned.length === 1, 2000)
      expect(server.received.length).toBe(1)
      expect(server.abandoned.length).toBe(1)
    }))

  it.scopedLive("the client's own timeout (live clock): Timeout, the request closed, a GET retried, a write not", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      let answered = 0
      // The first two requests never get an answer; the third does.
      server.handle((_, response) => {
        if (++answered > 2) Server.json(response, 200, agent)
      })
      const layer = clientOf(server, transport, { timeout: "150 millis", retry: { times: 1, jitter: false } })
      const started = performance.now()
      const write = failure(yield* Effect.exit(Agents.create(newAgent).pipe(Effect.provide(layer))))
      const waited = performance.now() - started
      expect(write._tag).toBe("TransportError")
      if (write._tag === "TransportError") expect(write.reason).toBe("Timeout")
      expect(waited).toBeGreaterThanOrEqual(140)
      expect(server.received.length).toBe(1) // a write that may have arrived is never sent twice
      yield* Server.until(() => server.abandoned.length === 1, 2000)
      // A read: times out once, then is retried and answered.
      const read = yield* Agents.get({ login: agent.login }).pipe(Effect.provide(layer))
      expect(read.login).toBe(agent.login)
      expect(server.received.length).toBe(3)
      yield* Server.until(() => server.abandoned.length === 2, 2000)
    }))

  it.scopedLive("the timeout runs from the start, not from the wait for a turn of the limiter", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle((_, response) => void setTimeout(() => Server.json(response, 200, agent), 100))
      // One at a time: the second call waits ~100 ms for its turn, then needs ~100 ms more.
      const layer = clientOf(server, transport, { timeout: "160 millis", retry: false, rateLimit: { concurrency: 1 } })
      const both = yield* Effect.all([Agents.get({ login: "a" }), Agents.get({ login: "b" })], {
        concurrency: 2
      }).pipe(Effect.provide(layer))
      expect(both.map((a) => a.login)).toEqual([agent.login, agent.login])
      expect(server.received.length).toBe(2)
    }))

  it.scoped(
    "20,000 agents with an unknown permission: a bounded message with a count of what was left out",
    () =>
      Effect.gen(function*() {
        const server = yield* Server.make
        server.handle((_, response) =>
          Server.json(
            response,
            200,
            Array.from({ length: 20_000 }, (_, i) => ({ ...agent, login: `a${i}@b.c`, permission: "viewer" }))
          )
        )
        const error = failure(yield* Effect.exit(Agents.list().pipe(Effect.provide(clientOf(server, transport)))))
        expect(error._tag).toBe("ResponseDecodeError")
        expect(error.message.length).toBeLessThan(8 * 1024)
        expect(error.message).toMatch(/59980 more issues omitted/)
        expect(JSON.stringify(error).length).toBeLessThan(16 * 1024)
      }),
    30_000
  )

  it.scoped("an error body of 20,000 errors and a 1 MB message: bounded fields", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle((_, response) =>
        Server.json(response, 400, {
          errors: [...Array.from({ length: 20_000 }, (_, i) => `error ${i}`), "x".repeat(1_000_000)]
        })
      )
      const error = failure(yield* Effect.exit(Agents.list().pipe(Effect.provide(clientOf(server, transport)))))
      expect(error._tag).toBe("BadRequest")
      expect(error.message.length).toBeLessThan(8 * 1024)
      expect(JSON.stringify(error).length).toBeLessThan(16 * 1024)
      expect(error.message).toMatch(/more omitted/)
    }))

  const invalid: ReadonlyArray<
    readonly [string, Effect.Effect<unknown, LiveChatError, LiveChatClient.LiveChatClient>]
  > = [
    [
      "NaN in Visitors.addDetails fields[].value",
      Visitors.addDetails({
        visitor_id: "v",
        license_id: 1,
        token: "visitor-token",
        id: "crm",
        fields: [{ name: "n", value: Number.NaN }]
      })
    ],
    ["Infinity in Greetings.update properties", Greetings.update({ greeting_id: 1, properties: { size: Infinity } })],
    [
      "a bracketed key in Greetings.update properties",
      Greetings.update({
        greeting_id: 1,
        properties: { "greeting-message_text][evil": "x" }
      })
    ],
    ["2024-02-31 in Archives.list", Archives.list({ date_from: "2024-02-31" })],
    ["2023-02-29 in Reports.totalChats", Reports.totalChats({ date_from: "2023-02-29" })],
    ["2023-04-31 12:00:00 in Archives.list", Archives.list({ date_to: "2023-04-31 12:00:00" })]
  ]
  for (const [name, call] of invalid) {
    it.scoped(`${name} is refused with InvalidInput before sending`, () =>
      Effect.gen(function*() {
        const server = yield* Server.make
        const error = failure(yield* Effect.exit(call.pipe(Effect.provide(clientOf(server, transport)))))
        expect(error._tag).toBe("InvalidInput")
        expect(server.received.length).toBe(0)
      }))
  }

  it.scoped("a login outside Latin-1 is sent as UTF-8 Basic credentials, not a crash", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      server.handle((_, response) => Server.json(response, 200, []))
      const login = "żółw@例え.jp"
      yield* Agents.list().pipe(
        Effect.provide(clientOf(server, transport, { auth: Auth.apiKey({ login, apiKey: "key-1234" }) }))
      )
      const header = server.received[0].headers.authorization!
      expect(Buffer.from(header.slice("Basic ".length), "base64").toString("utf8")).toBe(`${login}:key-1234`)
    }))

  it.scoped(
    "an answer larger than maxResponseBytes fails with TooLarge without being read whole",
    () =>
      Effect.gen(function*() {
        const server = yield* Server.make
        let written = 0
        const size = 50 * 1024 * 1024
        server.handle((request, response) => {
          const chunk = Buffer.alloc(64 * 1024, 32)
          if (request.url.includes("declared")) {
            response.writeHead(200, { "content-type": "application/json", "content-length": String(size) })
          } else {
            response.writeHead(200, { "content-type": "application/json" })
          }
          const pump = () => {
            while (written < size && !response.destroyed) {
              written += chunk.length
              if (!response.write(chunk)) {
                response.once("drain", pump)
                return
              }
            }
            if (!response.destroyed) response.end()
          }
          response.write("[")
          pump()
        })
        for (const login of ["chunked@b.c", "declared@b.c"]) {
          written = 0
          const error = failure(
            yield* Effect.exit(
              Agents.get({ login }).pipe(
                Effect.provide(clientOf(server, transport, { maxResponseBytes: 1024 * 1024, retry: false }))
              )
            )
          )
          expect(error._tag).toBe("TransportError")
          if (error._tag === "TransportError") expect(error.reason).toBe("TooLarge")
          yield* Server.until(() => server.abandoned.length > 0, 2000)
          expect(written).toBeLessThan(size / 2)
        }
      }),
    20_000
  )
})

describe("options are validated with a typed error", () => {
  const bad: ReadonlyArray<readonly [string, LiveChatClient.Options]> = [
    ["timeout", { timeout: -1 }],
    ["timeout", { timeout: Number.NaN }],
    ["timeout", { timeout: "abc" as Duration.DurationInput }],
    ["timeout", { timeout: "30 days" }],
    ["retry.times", { retry: { times: Infinity } }],
    ["retry.times", { retry: { times: 1.5 } }],
    ["retry.times", { retry: { times: -1 } }],
    ["retry.base", { retry: { base: "abc" as Duration.DurationInput } }],
    ["retry.jitter", { retry: { jitter: "yes" as unknown as boolean } }],
    ["rateLimit.interval", { rateLimit: { interval: 0 } }],
    ["rateLimit.interval", { rateLimit: { interval: -5 } }],
    ["rateLimit.limit", { rateLimit: { limit: 0 } }],
    ["rateLimit.concurrency", { rateLimit: { concurrency: 2.5 } }],
    ["bodyEncoding", { bodyEncoding: "xml" as "json" }],
    ["userAgent", { userAgent: "agent\r\nX-Evil: 1" }],
    ["userAgent", { userAgent: "" }],
    ["maxRetryAfter", { maxRetryAfter: "forever" as Duration.DurationInput }],
    ["maxRetryAfter", { maxRetryAfter: Duration.infinity }],
    ["maxResponseBytes", { maxResponseBytes: 0 }],
    ["maxResponseBytes", { maxResponseBytes: Number.NaN }],
    ["allowInsecureHttp", { allowInsecureHttp: "yes" as unknown as boolean }],
    ["baseUrl", { baseUrl: "ftp://example.com" }],
    ["retries", { retries: 3 } as LiveChatClient.Options],
    ["auth.login", { auth: Auth.apiKey({ login: "a:b", apiKey: "key-1234" }) }],
    ["auth.apiKey", { auth: Auth.apiKey({ login: "a@b.c", apiKey: "key\r\n1234" }) }],
    ["auth.token", { auth: Auth.bearer("") }],
    ["auth", { auth: { _tag: "Basic" } as unknown as Auth.Auth }]
  ]
  for (const [field, options] of bad) {
    it.effect(`${field}: ${JSON.stringify(options, (_, v) => typeof v === "number" && !Number.isFinite(v) ? String(v) : v)}`, () =>
      Effect.gen(function*() {
        const result = yield* Effect.either(
          Layer.build(LiveChatClient.layer(options).pipe(Layer.provide(FetchHttpClient.layer)))
        )
        expect(Either.isLeft(result)).toBe(true)
        if (Either.isLeft(result)) {
          expect(result.left._tag).toBe("InvalidInput")
          expect(result.left.field).toBe(field)
        }
      }).pipe(Effect.scoped))
  }

  it.effect("a token from an auth Effect that cannot be a header value fails with InvalidInput, nothing sent", () =>
    Effect.gen(function*() {
      const transport = MockTransport.layer(() => ({ body: [] }))
      const layer = LiveChatClient.layer({
        auth: Auth.bearerEffect(Effect.succeed(Redacted.make("bad\r\ntoken"))),
        rateLimit: false
      }).pipe(Layer.provide(transport))
      const error = yield* Effect.flip(Agents.list().pipe(Effect.provide(layer)))
      expect(error._tag).toBe("InvalidInput")
    }))
})
