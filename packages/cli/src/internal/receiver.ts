/**
 * The flags of a webhook receiver (`livechat webhooks listen`, `livechat sync --listen`): where it
 * listens, and the Basic credentials and license a delivery must carry. The password, a secret, is
 * read as the API key is: `--webhook-password -` (standard input), `--webhook-password-file`,
 * `LIVECHAT_WEBHOOK_PASSWORD`, `LIVECHAT_WEBHOOK_PASSWORD_FILE`.
 */
import { Webhook } from "@effect-livechat/core"
import { Webhooks } from "@effect-livechat/resources"
import { Options } from "@effect/cli"
import { ConfigError, Effect, Option } from "effect"
import * as Flags from "../Flags.js"
import { optional } from "./options.js"
import * as Secrets from "./secrets.js"

/** The receiver's flags, as parsed. */
export interface ReceiverFlags {
  readonly port: number
  readonly host: string
  readonly username: Option.Option<string>
  readonly password: Option.Option<string>
  readonly passwordFile: Option.Option<string>
  readonly licenseId: Option.Option<string>
}

/** The receiver's flags. */
export const options = {
  port: Flags.integer("port").pipe(
    Options.withDefault(8080),
    Options.withDescription("the port the receiver listens on (0: one chosen by the system)")
  ),
  host: Options.text("host").pipe(
    Options.withPseudoName("address"),
    Options.withDefault("127.0.0.1"),
    Options.withDescription("the address it listens on (0.0.0.0: every interface; put TLS in front)")
  ),
  username: optional(
    Options.text("webhook-username").pipe(Options.withPseudoName("name")),
    "the user of the Basic credentials in the webhook's URL (or LIVECHAT_WEBHOOK_USERNAME; default livechat)"
  ),
  password: optional(
    Options.text("webhook-password").pipe(Options.withPseudoName("string")),
    "their password, - to read it from standard input (or LIVECHAT_WEBHOOK_PASSWORD)"
  ),
  passwordFile: optional(
    Options.text("webhook-password-file").pipe(Options.withPseudoName("file")),
    "read the password from this file (or LIVECHAT_WEBHOOK_PASSWORD_FILE)"
  ),
  licenseId: optional(
    Options.text("license-id").pipe(Options.withPseudoName("ids")),
    "your license, or licenses comma-separated: a delivery for another is refused (or LIVECHAT_LICENSE_ID)"
  )
} as const

/** The receiver's settings, from its flags and the environment. */
export const settings = (flags: ReceiverFlags) =>
  Effect.gen(function*() {
    const password = yield* Secrets.resolve(
      { name: "webhook-password", value: flags.password },
      { name: "webhook-password-file", value: flags.passwordFile },
      "LIVECHAT_WEBHOOK_PASSWORD"
    )
    if (Option.isNone(password)) {
      return yield* Effect.fail(
        ConfigError.MissingData(
          ["LIVECHAT_WEBHOOK_PASSWORD"],
          "the receiver needs a password: set LIVECHAT_WEBHOOK_PASSWORD (or LIVECHAT_WEBHOOK_PASSWORD_FILE, or " +
            "--webhook-password-file)"
        )
      )
    }
    const username = Option.isSome(flags.username)
      ? flags.username.value
      : Option.getOrElse(yield* Secrets.env("LIVECHAT_WEBHOOK_USERNAME"), () => "livechat")
    const licenses = Option.isSome(flags.licenseId) ? flags.licenseId : yield* Secrets.env("LIVECHAT_LICENSE_ID")
    if (Option.isNone(licenses)) {
      return yield* Effect.fail(
        ConfigError.MissingData(["LIVECHAT_LICENSE_ID"], "give your license: --license-id, or LIVECHAT_LICENSE_ID")
      )
    }
    return {
      port: flags.port,
      host: flags.host,
      username,
      password: password.value,
      licenseId: licenses.value.split(",").map((id) => id.trim()).filter((id) => id !== "")
    }
  })

/** What {@link settings} gives: `WebhookServer.ServeOptions`' fields. */
export type Settings = Effect.Effect.Success<ReturnType<typeof settings>>

/**
 * Registers a webhook at `url` (the receiver's credentials added) for each of `events` with every
 * data type it supports, idempotently (`Webhooks.ensure`). Returns how many were created.
 */
export const register = (url: string, settings: Settings, events: ReadonlyArray<Webhook.EventType>) =>
  Webhooks.ensure(
    Webhooks.withCredentials(url, settings),
    events.map((event_type) => ({ event_type, data_types: Webhook.supportedDataTypes[event_type] }))
  )
