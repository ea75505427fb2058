/** The client's layers: configuration from the environment or any `Config`, auth, base URL safety, body encodings. */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { MockTransport } from "@effect-livechat/testing"
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Config, ConfigError, ConfigProvider, Effect, Exit, Layer, Redacted, Ref } from "effect"
import { apiKey, login, request, send, sent, testLayer, Thing, token } from "./support.js"

const ok = () => ({ body: { id: 1, name: "a" } })

/** Builds the client configured by `config` from the settings `env`, and runs one request through it. */
const configured = (
  env: Record<string, string>,
  config?: Parameters<typeof LiveChatClient.layerConfig>[0]
) => {
  const transport = MockTransport.layer(ok)
  const layer = Layer.merge(LiveChatClient.layerConfig(config).pipe(Layer.provide(transport)), transport)
  return Effect.gen(function*() {
    yield* send()
    return (yield* sent)[0]
  }).pipe(
    Effect.provide(layer),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
    Effect.exit
  )
}

/** The env-configured client (`layerConfig()`), as every user without options gets it. */
const fromEnv = (env: Record<string, string>) => configured(env)

const configFailure = (exit: Exit.Exit<unknown, unknown>): string => {
  expect(Exit.isFailure(exit)).toBe(true)
  return Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
}

describe("LiveChatClient.layerConfig", () => {
  it.effect("LIVECHAT_LOGIN + LIVECHAT_API_KEY authenticate with HTTP Basic", () =>
    Effect.gen(function*() {
      const exit = yield* fromEnv({ LIVECHAT_LOGIN: login, LIVECHAT_API_KEY: apiKey })
      expect(Exit.isSuccess(exit)).toBe(true)
      if (Exit.isSuccess(exit)) {
        expect(exit.value.headers["authorization"]).toBe(`Basic ${btoa(`${login}:${apiKey}`)}`)
        expect(exit.value.url.origin).toBe("https://api.livechatinc.com")
      }
    }))

  it.effect("LIVECHAT_ACCESS_TOKEN authenticates with a bearer token, against LIVECHAT_BASE_URL", () =>
    Effect.gen(function*() {
      const exit = yield* fromEnv({ LIVECHAT_ACCESS_TOKEN: token, LIVECHAT_BASE_URL: "http://127.0.0.1:8080" })
      expect(Exit.isSuccess(exit)).toBe(true)
      if (Exit.isSuccess(exit)) {
        expect(exit.value.headers["authorization"]).toBe(`Bearer ${token}`)
        expect(exit.value.url.href).toBe("http://127.0.0.1:8080/things/1")
      }
    }))

  it.effect("no credentials: a ConfigError that says what to set", () =>
    Effect.gen(function*() {
      const text = configFailure(yield* fromEnv({}))
      expect(text).toContain("LIVECHAT_LOGIN and LIVECHAT_API_KEY, or LIVECHAT_ACCESS_TOKEN")
    }))

  it.effect("a login without a key: a ConfigError naming LIVECHAT_API_KEY", () =>
    Effect.gen(function*() {
      const text = configFailure(yield* fromEnv({ LIVECHAT_LOGIN: login }))
      expect(text).toContain("set LIVECHAT_API_KEY")
    }))

  it.effect("a key without a login: a ConfigError naming LIVECHAT_LOGIN", () =>
    Effect.gen(function*() {
      const text = configFailure(yield* fromEnv({ LIVECHAT_API_KEY: apiKey }))
      expect(text).toContain("set LIVECHAT_LOGIN")
      expect(text).not.toContain(apiKey)
    }))

  it.effect("both a token and an API key: a ConfigError (contradictory)", () =>
    Effect.gen(function*() {
      const text = configFailure(
        yield* fromEnv({ LIVECHAT_LOGIN: login, LIVECHAT_API_KEY: apiKey, LIVECHAT_ACCESS_TOKEN: token })
      )
      expect(text).toContain("set only one way to authenticate")
    }))

  it.effect("an insecure LIVECHAT_BASE_URL: a ConfigError", () =>
    Effect.gen(function*() {
      const text = configFailure(
        yield* fromEnv({ LIVECHAT_ACCESS_TOKEN: token, LIVECHAT_BASE_URL: "http://api.example.com" })
      )
      expect(text).toContain("plain http:// is refused")
    }))
})

describe("LiveChatClient.layerConfig with Config values (Config.Wrap<Options>)", () => {
  const custom = {
    auth: Auth.apiKeyConfig({ login: Config.string("MY_LOGIN"), apiKey: Config.redacted("MY_KEY") }),
    baseUrl: Config.withDefault(Config.string("MY_URL"), LiveChatClient.defaultBaseUrl),
    retry: Config.succeed(false as const)
  }

  it.effect("reads the credentials and options under names of its own, from any provider", () =>
    Effect.gen(function*() {
      const exit = yield* configured(
        { MY_LOGIN: login, MY_KEY: apiKey, MY_URL: "http://127.0.0.1:9000/prefix" },
        custom
      )
      expect(Exit.isSuccess(exit)).toBe(true)
      if (Exit.isSuccess(exit)) {
        expect(exit.value.headers["authorization"]).toBe(`Basic ${btoa(`${login}:${apiKey}`)}`)
        expect(exit.value.url.href).toBe("http://127.0.0.1:9000/prefix/things/1")
      }
      // The LIVECHAT_* variables are not read at all when auth is given.
      const ignored = yield* configured({ LIVECHAT_ACCESS_TOKEN: token, MY_LOGIN: login, MY_KEY: apiKey }, custom)
      expect(Exit.isSuccess(ignored) && ignored.value.headers["authorization"]).toBe(
        `Basic ${btoa(`${login}:${apiKey}`)}`
      )
    }))

  it.effect("a bearer token under a name of its own", () =>
    Effect.gen(function*() {
      const exit = yield* configured({ MY_TOKEN: token }, { auth: Auth.bearerConfig(Config.redacted("MY_TOKEN")) })
      expect(Exit.isSuccess(exit) && exit.value.headers["authorization"]).toBe(`Bearer ${token}`)
    }))

  it.effect("a missing setting fails the layer with a ConfigError naming it, and prints no secret", () =>
    Effect.gen(function*() {
      const missingKey = configFailure(yield* configured({ MY_LOGIN: login }, custom))
      expect(missingKey).toContain("MY_KEY")
      const missingLogin = yield* configured({ MY_KEY: apiKey }, custom)
      const text = configFailure(missingLogin)
      expect(text).toContain("MY_LOGIN")
      expect(text).not.toContain(apiKey)
      expect(Exit.isFailure(missingLogin) && Cause.failureOption(missingLogin.cause)).toMatchObject({
        _tag: "Some",
        value: { _op: "MissingData", path: ["MY_LOGIN"] }
      })
      if (Exit.isFailure(missingLogin)) {
        const failure = Cause.failureOption(missingLogin.cause)
        expect(failure._tag === "Some" && ConfigError.isConfigError(failure.value)).toBe(true)
      }
    }))

  it.effect("an option that cannot be read is a ConfigError naming it; one read but refused is InvalidInput", () =>
    Effect.gen(function*() {
      const timeout = { ...custom, timeout: Config.duration("MY_TIMEOUT") }
      const unreadable = configFailure(
        yield* configured({ MY_LOGIN: login, MY_KEY: apiKey, MY_TIMEOUT: "soon" }, timeout)
      )
      expect(unreadable).toContain("MY_TIMEOUT")
      const read = yield* configured({ MY_LOGIN: login, MY_KEY: apiKey, MY_TIMEOUT: "2 seconds" }, timeout)
      expect(Exit.isSuccess(read)).toBe(true)
      const refused = yield* configured({ MY_LOGIN: login, MY_KEY: apiKey, MY_URL: "http://api.example.com" }, custom)
      expect(Exit.isFailure(refused) && Cause.failureOption(refused.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "InvalidInput", field: "baseUrl" }
      })
      // A refused key is named, never printed.
      const badKey = yield* configured({ MY_LOGIN: login, MY_KEY: `${apiKey} x` }, custom)
      expect(Exit.isFailure(badKey) && Cause.failureOption(badKey.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "InvalidInput", field: "auth.apiKey" }
      })
      expect(configFailure(badKey)).not.toContain(apiKey)
    }))

  it.effect("the secrets read stay Redacted: the Auth prints none of them", () =>
    Effect.gen(function*() {
      const read = Effect.withConfigProvider(
        ConfigProvider.fromMap(new Map([["MY_LOGIN", login], ["MY_KEY", apiKey], ["MY_TOKEN", token]]))
      )
      const basic = yield* read(
        Auth.apiKeyConfig({ login: Config.string("MY_LOGIN"), apiKey: Config.redacted("MY_KEY") })
      )
      const bearer = yield* read(Auth.bearerConfig(Config.redacted("MY_TOKEN")))
      for (const auth of [basic, bearer]) {
        for (const text of [String(auth), JSON.stringify(auth), Cause.pretty(Cause.fail(auth))]) {
          expect(text).not.toContain(apiKey)
          expect(text).not.toContain(token)
        }
      }
      expect(basic).toMatchObject({ _tag: "ApiKey", login })
      expect(basic._tag === "ApiKey" && Redacted.value(basic.apiKey)).toBe(apiKey)
    }))

  it.effect("the whole options as one Config, and the environment's credentials with options of its own", () =>
    Effect.gen(function*() {
      const whole = yield* configured(
        { LIVECHAT_ACCESS_TOKEN: token },
        Config.map(LiveChatClient.config, (env) => ({ ...env, userAgent: "mine/1.0" }))
      )
      expect(Exit.isSuccess(whole) && whole.value.headers["user-agent"]).toBe("mine/1.0")
      const parts = yield* configured(
        { LIVECHAT_LOGIN: login, LIVECHAT_API_KEY: apiKey, LIVECHAT_BASE_URL: "http://localhost:8080" },
        {
          auth: LiveChatClient.authConfig,
          baseUrl: LiveChatClient.baseUrlConfig,
          rateLimit: Config.succeed({ limit: 10, interval: "1 second" })
        }
      )
      expect(Exit.isSuccess(parts) && parts.value.url.href).toBe("http://localhost:8080/things/1")
      const insecure = configFailure(
        yield* configured({ LIVECHAT_ACCESS_TOKEN: token, LIVECHAT_BASE_URL: "http://api.example.com" }, {
          auth: LiveChatClient.authConfig,
          baseUrl: LiveChatClient.baseUrlConfig
        })
      )
      expect(insecure).toContain("LIVECHAT_BASE_URL")
      expect(insecure).toContain("plain http:// is refused")
    }))

  it.effect("an option given as undefined is left out (callers without exactOptionalPropertyTypes)", () =>
    Effect.gen(function*() {
      const config = { auth: Auth.bearerConfig(Config.redacted("MY_TOKEN")), timeout: undefined }
      const exit = yield* configured(
        { MY_TOKEN: token },
        config as unknown as Parameters<typeof LiveChatClient.layerConfig>[0]
      )
      expect(Exit.isSuccess(exit)).toBe(true)
    }))

  it.effect("without auth, the client has none (only visitor details can be called)", () =>
    Effect.gen(function*() {
      const exit = yield* configured({ LIVECHAT_ACCESS_TOKEN: token }, { userAgent: Config.succeed("mine/1.0") })
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "Unauthorized", status: 0 }
      })
    }))
})

describe("LiveChatClient.layer", () => {
  const baseUrlOf = (baseUrl: string, allowInsecureHttp?: boolean) =>
    Effect.gen(function*() {
      yield* send()
      return (yield* sent)[0].url.href
    }).pipe(Effect.provide(testLayer(ok, { baseUrl, allowInsecureHttp })), Effect.either)

  it.effect("plain http:// is refused for a host that is not loopback", () =>
    Effect.gen(function*() {
      const result = yield* baseUrlOf("http://api.livechatinc.com")
      expect(result._tag).toBe("Left")
      if (result._tag === "Left") {
        expect(result.left._tag).toBe("InvalidInput")
        expect(result.left.message).toContain("plain http:// is refused")
      }
    }))

  it.effect("plain http:// is allowed on loopback, or with allowInsecureHttp", () =>
    Effect.gen(function*() {
      expect(yield* baseUrlOf("http://127.0.0.1:9000")).toMatchObject({
        _tag: "Right",
        right: "http://127.0.0.1:9000/things/1"
      })
      expect(yield* baseUrlOf("http://localhost:9000")).toMatchObject({ _tag: "Right" })
      expect(yield* baseUrlOf("http://[::1]:9000")).toMatchObject({ _tag: "Right" })
      expect(yield* baseUrlOf("http://proxy.internal", true)).toMatchObject({ _tag: "Right" })
    }))

  it.effect("a base URL with a path prefix keeps it; one with credentials or a query is refused", () =>
    Effect.gen(function*() {
      expect(yield* baseUrlOf("https://proxy.example/livechat")).toMatchObject({
        _tag: "Right",
        right: "https://proxy.example/livechat/things/1"
      })
      expect(yield* baseUrlOf("https://user:pass@api.livechatinc.com")).toMatchObject({ _tag: "Left" })
      expect(yield* baseUrlOf("https://api.livechatinc.com/?x=1")).toMatchObject({ _tag: "Left" })
      expect(yield* baseUrlOf("ftp://api.livechatinc.com")).toMatchObject({ _tag: "Left" })
      expect(yield* baseUrlOf("not a url")).toMatchObject({ _tag: "Left" })
    }))

  it.effect("invalid rate-limit settings are refused", () =>
    Effect.gen(function*() {
      const result = yield* send().pipe(Effect.provide(testLayer(ok, { rateLimit: { concurrency: 0 } })), Effect.flip)
      expect(result._tag).toBe("InvalidInput")
      if (result._tag === "InvalidInput") expect(result.field).toBe("rateLimit.concurrency")
    }))

  it.effect("a bearer token from an Effect is obtained for each request (refreshable)", () =>
    Effect.gen(function*() {
      const counter = yield* Ref.make(0)
      const auth = Auth.bearerEffect(
        Effect.map(Ref.updateAndGet(counter, (n) => n + 1), (n) => Redacted.make(`token-${n}`))
      )
      const headers = yield* Effect.gen(function*() {
        yield* send()
        yield* send()
        return (yield* sent).map((r) => r.headers["authorization"])
      }).pipe(Effect.provide(testLayer(ok, { auth })))
      expect(headers).toEqual(["Bearer token-1", "Bearer token-2"])
    }))

  it.effect("without credentials, an authenticated endpoint fails with Unauthorized and sends nothing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(send())
      expect(error._tag).toBe("Unauthorized")
      expect(error.message).toContain("no credentials are configured")
      expect(yield* sent).toHaveLength(0)
    }).pipe(Effect.provide(testLayer(ok, { auth: Auth.none }))))

  it.effect("without credentials, an endpoint that authenticates otherwise is sent without Authorization", () =>
    Effect.gen(function*() {
      yield* Effect.flatMap(
        LiveChatClient.LiveChatClient,
        (client) => client.execute({ ...request("POST", "/things/1", { token: "t" }), authenticate: false }, Thing)
      )
      const [one] = yield* sent
      expect(one.headers["authorization"]).toBeUndefined()
    }).pipe(Effect.provide(testLayer(ok, { auth: Auth.none }))))

  it.effect("bodyEncoding json sends JSON bodies", () =>
    Effect.gen(function*() {
      yield* send(request("POST", "/things/1", { groups: [1, 2], name: "Jenny" }))
      const [one] = yield* sent
      expect(one.headers["content-type"]).toBe("application/json")
      expect(JSON.parse(one.body ?? "")).toEqual({ groups: [1, 2], name: "Jenny" })
    }).pipe(Effect.provide(testLayer(ok, { bodyEncoding: "json" }))))

  it.effect("layerApiKey and layerBearer authenticate as their names say", () =>
    Effect.gen(function*() {
      const headerWith = (client: Layer.Layer<LiveChatClient.LiveChatClient, unknown, HttpClient.HttpClient>) => {
        const transport = MockTransport.layer(ok)
        return Effect.gen(function*() {
          yield* send()
          return (yield* sent)[0].headers["authorization"]
        }).pipe(Effect.provide(Layer.merge(client.pipe(Layer.provide(transport), Layer.orDie), transport)))
      }
      expect(yield* headerWith(LiveChatClient.layerApiKey({ login, apiKey }))).toBe(
        `Basic ${btoa(`${login}:${apiKey}`)}`
      )
      expect(yield* headerWith(LiveChatClient.layerBearer(token))).toBe(`Bearer ${token}`)
      expect(yield* headerWith(LiveChatClient.layerBearer(Effect.succeed(Redacted.make("fresh"))))).toBe("Bearer fresh")
    }))

  it.effect("the user agent can be set", () =>
    Effect.gen(function*() {
      yield* send()
      expect((yield* sent)[0].headers["user-agent"]).toBe("my-app/1.0")
    }).pipe(Effect.provide(testLayer(ok, { userAgent: "my-app/1.0" }))))
})
