#!/usr/bin/env node
/**
 * `livechat-fake` (`npx @effect-livechat/testing`, or `pnpm fake` in this repository): serves a
 * LiveChatFake on 127.0.0.1 and prints its URL and credentials.
 *
 *   livechat-fake [--port 8080] [--chats 1000] [--tickets 200] [--agents 4] [--groups 3] [--seed demo]
 *             [--cap 100000] [--latency 20] [--error-rate 0.05] [--reset-rate 0] [--truncate-rate 0]
 *
 * It runs until interrupted (Ctrl-C).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Layer, Redacted } from "effect"
import { parseArgs } from "node:util"
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
    "truncate-rate": { type: "string", default: "0" }
  }
})

if (values.help) {
  console.log(usage)
  process.exit(0)
}

const number = (name: Exclude<keyof typeof values, "help">) => {
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
  console.log(
    `  visitor details: license_id=${credentials.licenseId} token=${Redacted.value(credentials.visitorToken)}`
  )
  console.log("  Ctrl-C to stop")
  return yield* Effect.never
})

NodeRuntime.runMain(Effect.scoped(program).pipe(Effect.provide(Layer.empty)))
