/**
 * Where and as whom the commands connect: the same environment variables as
 * `LiveChatClient.layerConfig` (`LIVECHAT_LOGIN`, `LIVECHAT_API_KEY`, `LIVECHAT_ACCESS_TOKEN`,
 * `LIVECHAT_BASE_URL`), each overridable by a flag (`--api-login`, `--api-key`, `--access-token`,
 * `--base-url`), and `--retries`. Secrets are `Redacted` from the moment they are read and never
 * printed.
 *
 * @since 0.1.0
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { Options } from "@effect/cli"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Config, type ConfigError, ConfigProvider, Effect, Layer, Option, Redacted } from "effect"
import { optional } from "./internal/options.js"

/**
 * The connection flags, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Flags {
  readonly apiLogin: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly accessToken: Option.Option<Redacted.Redacted<string>>
  readonly baseUrl: Option.Option<string>
  readonly retries: Option.Option<number>
}

/**
 * The connection flags every command that calls the API takes.
 *
 * @since 0.1.0
 * @category options
 */
export const options = {
  apiLogin: optional(Options.text("api-login"), "the agent's login (overrides LIVECHAT_LOGIN)"),
  apiKey: optional(Options.redacted("api-key"), "the agent's API key (overrides LIVECHAT_API_KEY)"),
  accessToken: optional(
    Options.redacted("access-token"),
    "an OAuth access token instead of login and API key (overrides LIVECHAT_ACCESS_TOKEN)"
  ),
  baseUrl: optional(
    Options.text("base-url"),
    "the API's base URL (overrides LIVECHAT_BASE_URL; default https://api.livechatinc.com)"
  ),
  retries: optional(Options.integer("retries"), "retries of a transient failure (default 4; 0 for none)")
} as const

const names = ["LIVECHAT_LOGIN", "LIVECHAT_API_KEY", "LIVECHAT_ACCESS_TOKEN", "LIVECHAT_BASE_URL"] as const

/**
 * The settings as `LiveChatClient.config` reads them: the environment, with the flags given in
 * place of their variables (a token flag hides login and key from the environment, and the other
 * way round, so a flag always wins).
 *
 * @since 0.1.0
 * @category config
 */
export const provider = (flags: Flags): ConfigProvider.ConfigProvider => {
  const settings = new Map<string, string>()
  for (const name of names) {
    const value = process.env[name]
    if (value !== undefined && value !== "") settings.set(name, value)
  }
  if (Option.isSome(flags.accessToken)) {
    settings.delete("LIVECHAT_LOGIN")
    settings.delete("LIVECHAT_API_KEY")
    settings.set("LIVECHAT_ACCESS_TOKEN", Redacted.value(flags.accessToken.value))
  }
  if (Option.isSome(flags.apiLogin) || Option.isSome(flags.apiKey)) settings.delete("LIVECHAT_ACCESS_TOKEN")
  if (Option.isSome(flags.apiLogin)) settings.set("LIVECHAT_LOGIN", flags.apiLogin.value)
  if (Option.isSome(flags.apiKey)) settings.set("LIVECHAT_API_KEY", Redacted.value(flags.apiKey.value))
  if (Option.isSome(flags.baseUrl)) settings.set("LIVECHAT_BASE_URL", flags.baseUrl.value)
  return ConfigProvider.fromMap(settings)
}

const baseUrl = Config.withDefault(Config.nonEmptyString("LIVECHAT_BASE_URL"), LiveChatClient.defaultBaseUrl)

/**
 * The client these flags describe, over undici. `authenticate: false` (visitor details, which
 * carry their own token) needs no credentials.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (flags: Flags, options: { readonly authenticate?: boolean | undefined } = {}) => {
  const retry = Option.match(flags.retries, {
    onNone: () => undefined,
    onSome: (times) => (times <= 0 ? false as const : { times })
  })
  const settings: Effect.Effect<LiveChatClient.Options, ConfigError.ConfigError> = options.authenticate === false
    ? Effect.map(baseUrl, (url) => ({ auth: Auth.none, baseUrl: url }))
    : LiveChatClient.config
  const client = Layer.unwrapEffect(Effect.map(settings, (s) => LiveChatClient.layer({ ...s, retry })))
  return client.pipe(
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provide(Layer.setConfigProvider(provider(flags)))
  )
}
