/**
 * Where and as whom the commands connect. Each setting is read from, in order: its flag, its file
 * flag, its environment variable, the file its `_FILE` variable names.
 *
 * | setting | flag | file flag | variable | file variable |
 * |---|---|---|---|---|
 * | login | `--api-login` | | `LIVECHAT_LOGIN` | |
 * | API key | `--api-key` (`-`: standard input) | `--api-key-file` | `LIVECHAT_API_KEY` | `LIVECHAT_API_KEY_FILE` |
 * | OAuth token | `--access-token` (`-`: standard input) | `--access-token-file` | `LIVECHAT_ACCESS_TOKEN` | `LIVECHAT_ACCESS_TOKEN_FILE` |
 * | base URL | `--base-url` | | `LIVECHAT_BASE_URL` | |
 *
 * A secret written as a flag's value shows in `ps` and in the shell's history: the variables, the
 * files and standard input keep it out of the process's arguments. Secrets are `Redacted` from the
 * moment they are read and never printed. Given by flags, a token wins over the environment's login
 * and key, and a login or key over the environment's token.
 *
 * @since 0.1.0
 */
import { Auth, type InvalidInput, LiveChatClient } from "@effect-livechat/core"
import { Options } from "@effect/cli"
import { Config, ConfigError, Effect, Layer, Option } from "effect"
import * as FieldFlags from "./Flags.js"
import { optional } from "./internal/options.js"
import * as Secrets from "./internal/secrets.js"

/**
 * The connection flags, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Flags {
  readonly apiLogin: Option.Option<string>
  readonly apiKey: Option.Option<string>
  readonly apiKeyFile: Option.Option<string>
  readonly accessToken: Option.Option<string>
  readonly accessTokenFile: Option.Option<string>
  readonly baseUrl: Option.Option<string>
  readonly allowInsecureHttp: boolean
  readonly retries: Option.Option<number>
}

const text = (name: string, value: string, description: string) =>
  optional(Options.text(name).pipe(Options.withPseudoName(value)), description)

/**
 * The connection flags every command that calls the API takes.
 *
 * @since 0.1.0
 * @category options
 */
export const options = {
  apiLogin: text("api-login", "email", "the agent's login (or LIVECHAT_LOGIN)"),
  apiKey: text(
    "api-key",
    "string",
    "the agent's API key, - to read it from standard input (or LIVECHAT_API_KEY); a key written here shows in ps"
  ),
  apiKeyFile: text("api-key-file", "file", "read the API key from this file (or LIVECHAT_API_KEY_FILE)"),
  accessToken: text(
    "access-token",
    "string",
    "an OAuth access token instead of login and key, - to read it from standard input (or LIVECHAT_ACCESS_TOKEN)"
  ),
  accessTokenFile: text(
    "access-token-file",
    "file",
    "read the access token from this file (or LIVECHAT_ACCESS_TOKEN_FILE)"
  ),
  baseUrl: text(
    "base-url",
    "url",
    `the API's base URL (or LIVECHAT_BASE_URL; default ${LiveChatClient.defaultBaseUrl})`
  ),
  allowInsecureHttp: Options.boolean("allow-insecure-http").pipe(
    Options.withDescription(
      "allow a plain http:// base URL that is not on this machine (credentials travel unencrypted)"
    )
  ),
  retries: optional(
    FieldFlags.integer("retries"),
    "retries of a transient failure (default 4; 0 for none)"
  )
} as const

const missing = ConfigError.MissingData(
  ["LIVECHAT_LOGIN"],
  "no credentials: set LIVECHAT_LOGIN and LIVECHAT_API_KEY (or LIVECHAT_API_KEY_FILE), or LIVECHAT_ACCESS_TOKEN " +
    "(or LIVECHAT_ACCESS_TOKEN_FILE)"
)

/**
 * The credentials the flags and the environment give (see the module's table).
 *
 * @since 0.1.0
 * @category config
 */
export const auth = (flags: Flags): Effect.Effect<Auth.Auth, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const key = yield* Secrets.resolve(
      { name: "api-key", value: flags.apiKey },
      { name: "api-key-file", value: flags.apiKeyFile },
      "LIVECHAT_API_KEY"
    )
    const token = yield* Secrets.resolve(
      { name: "access-token", value: flags.accessToken },
      { name: "access-token-file", value: flags.accessTokenFile },
      "LIVECHAT_ACCESS_TOKEN"
    )
    const tokenByFlag = Option.isSome(flags.accessToken) || Option.isSome(flags.accessTokenFile)
    const keyByFlag = Option.isSome(flags.apiKey) || Option.isSome(flags.apiKeyFile) || Option.isSome(flags.apiLogin)
    if (tokenByFlag && Option.isSome(token)) return Auth.bearer(token.value)
    const login = Option.isSome(flags.apiLogin) ? flags.apiLogin : yield* Secrets.env("LIVECHAT_LOGIN")
    if (keyByFlag || Option.isNone(token)) {
      if (Option.isSome(login) && Option.isSome(key)) return Auth.apiKey({ login: login.value, apiKey: key.value })
      if (Option.isSome(login) || Option.isSome(key)) {
        const absent = Option.isSome(login) ? "LIVECHAT_API_KEY" : "LIVECHAT_LOGIN"
        return yield* Effect.fail(ConfigError.MissingData([absent], `${absent} is missing (or its flag)`))
      }
      return yield* Effect.fail(missing)
    }
    return Auth.bearer(token.value)
  })

/**
 * The client these flags describe: `NodeLiveChatClient.layerConfig` (or, over `fetch`,
 * `LiveChatClient.layerConfig`) given the settings as `Config` values. `authenticate: false` (visitor details, which carry their own token) needs no
 * credentials.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  flags: Flags,
  options: {
    readonly authenticate?: boolean | undefined
    /**
     * The transport: `undici` (the default: the client's Node transport, the fastest per request,
     * for exports and syncs), or the runtime's `fetch` (no client to load: a command that makes
     * one call starts sooner).
     */
    readonly transport?: "undici" | "fetch" | undefined
  } = {}
) => {
  const retry = Option.match(flags.retries, {
    onNone: () => undefined,
    onSome: (times) => (times <= 0 ? false as const : { times })
  })
  const baseUrl = Option.match(flags.baseUrl, {
    onNone: () => Config.withDefault(Config.nonEmptyString("LIVECHAT_BASE_URL"), LiveChatClient.defaultBaseUrl),
    onSome: Config.succeed
  })
  return Layer.unwrapEffect(
    Effect.zipWith(
      options.authenticate === false ? Effect.succeed(Auth.none) : auth(flags),
      options.transport === "fetch" ? fetch : node,
      (credentials, layerConfig) =>
        layerConfig({
          auth: Config.succeed(credentials),
          baseUrl,
          retry: Config.succeed(retry),
          allowInsecureHttp: Config.succeed(flags.allowInsecureHttp)
        })
    )
  )
}

type LayerConfig = (
  options: Config.Config.Wrap<LiveChatClient.Options>
) => Layer.Layer<LiveChatClient.LiveChatClient, ConfigError.ConfigError | InvalidInput>

/** The client over `@effect/platform`'s `HttpClient` on the runtime's `fetch` (nothing more to load). */
const fetch: Effect.Effect<LayerConfig> = Effect.map(
  Effect.promise(() => import("@effect/platform/FetchHttpClient")),
  (m) => (options) => LiveChatClient.layerConfig(options).pipe(Layer.provide(m.layer))
)

/** The client's Node transport over undici, loaded when a command that reads much first calls the API. */
const node: Effect.Effect<LayerConfig> = Effect.map(
  Effect.promise(() => import("@effect-livechat/core/node")),
  (m) => m.NodeLiveChatClient.layerConfig
)
