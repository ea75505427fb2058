#!/usr/bin/env node
/**
 * `livechat-fake` (`npx @effect-livechat/testing`, or `pnpm fake` in this repository): serves a
 * LiveChatFake on 127.0.0.1 and prints its URL and credentials.
 *
 *   livechat-fake [--port 8080] [--chats 1000] [--tickets 200] [--agents 4] [--groups 3] [--seed demo]
 *             [--cap 100000] [--latency 20] [--error-rate 0.05] [--reset-rate 0] [--truncate-rate 0]
 *             [--dates days|times|refuse-times] [--time-zone America/Phoenix] [--chat-order desc|asc]
 *             [--ties stable|unstable]
 *
 * It runs until interrupted (Ctrl-C).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Layer, Redacted } from "effect"
import { parseArgs } from "node:util"
import * as LiveChatFake from "../LiveChatFake.js"
import * as LiveChatFakeServer from "../LiveChatFakeServer.js"

const usage = `Usage: livechat-fake [options]

Serves a fake LiveChat REST API v2 on 127.0.0.1 and prints its URL and credentials; Ctrl-C stops it.

  --port <n>             port to listen on (default 0: a free one)
  --chats <n>            chats in the archive (default 1000)
  --tickets <n>          tickets (default 200)
  --agents <n>           agents (default 4)
  --groups <n>           groups (default 3)
  --seed <text>          seed of the generated data (default 1)
  --cap <n>              records reachable per query (default 100000)
  --latency <ms>         delay of every answer (default 0)
  --error-rate <share>   share of requests answered 500/502/503 (default 0)
  --reset-rate <share>   share of connections reset (default 0)
  --truncate-rate <share> share of bodies cut in half (default 0)
  --dates <mode>         date_from/date_to: days (default, as documented: a time of day is ignored),
                         times (a time of day honoured to the second) or refuse-times (a 400)
  --time-zone <zone>     the license's time zone, days are read in it (default America/Phoenix)
  --chat-order <order>   order of GET /chats by start time: desc (default) or asc
  --ties <mode>          records of the same second: stable (default) or unstable (shuffled per request)
  --help                 this text`

const { values } = parseArgs({
  options: {
    help: { type: "boolean", default: false },
    port: { type: "string", default: "0" },
    chats: { type: "string", default: "1000" },
    tickets: { type: "string", default: "200" },
    agents: { type: "string", default: "4" },
    groups: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
    cap: { type: "string", default: "100000" },
    latency: { type: "string", default: "0" },
    "error-rate": { type: "string", default: "0" },
    "reset-rate": { type: "string", default: "0" },
    "truncate-rate": { type: "string", default: "0" },
    dates: { type: "string", default: "days" },
    "time-zone": { type: "string", default: LiveChatFake.defaultTimeZone },
    "chat-order": { type: "string", default: "desc" },
    ties: { type: "string", default: "stable" }
  }
})

if (values.help) {
  console.log(usage)
  process.exit(0)
}

const choice = <const A extends string>(name: "dates" | "chat-order" | "ties", allowed: ReadonlyArray<A>): A => {
  const value = values[name]
  if (!(allowed as ReadonlyArray<string>).includes(value)) {
    console.error(`--${name} must be one of ${allowed.join(", ")} (got ${value})`)
    process.exit(2)
  }
  return value as A
}

const timeZone = values["time-zone"]
try {
  new Intl.DateTimeFormat("en-US", { timeZone })
} catch {
  console.error(`--time-zone must be a time zone in the TZ format, e.g. America/Phoenix (got ${timeZone})`)
  process.exit(2)
}

const number = (name: Exclude<keyof typeof values, "help" | "dates" | "time-zone" | "chat-order" | "ties">) => {
  const value = Number(values[name])
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a number of at least 0 (got ${values[name]})`)
    process.exit(2)
  }
  return value
}

const program = Effect.gen(function*() {
  const served = yield* LiveChatFakeServer.serve({
    port: number("port"),
    seed: {
      chats: number("chats"),
      tickets: number("tickets"),
      agents: number("agents"),
      groups: number("groups"),
      seed: values.seed
    },
    recordCap: number("cap"),
    record: false,
    dates: choice("dates", ["days", "times", "refuse-times"]),
    timeZone,
    chatOrder: choice("chat-order", ["desc", "asc"]),
    ties: choice("ties", ["stable", "unstable"]),
    faults: {
      latency: number("latency"),
      errorRate: number("error-rate"),
      resetRate: number("reset-rate"),
      truncateRate: number("truncate-rate")
    }
  })
  const { credentials } = served.fake
  // A local fake's credentials are printed on purpose: they exist only in this process.
  console.log(`LiveChatFake listening on ${served.url}`)
  console.log(`  LIVECHAT_BASE_URL=${served.url}`)
  console.log(`  LIVECHAT_LOGIN=${credentials.login}`)
  console.log(`  LIVECHAT_API_KEY=${Redacted.value(credentials.apiKey)}`)
  console.log(`  LIVECHAT_ACCESS_TOKEN=${Redacted.value(credentials.token)}`)
  console.log(`  dates: ${values.dates}, license time zone ${served.fake.timeZone}`)
  console.log(
    `  visitor details: license_id=${credentials.licenseId} token=${Redacted.value(credentials.visitorToken)}`
  )
  console.log("  Ctrl-C to stop")
  return yield* Effect.never
})

NodeRuntime.runMain(Effect.scoped(program).pipe(Effect.provide(Layer.empty)))
