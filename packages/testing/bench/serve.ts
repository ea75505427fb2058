/**
 * The benchmark's fake: a `LiveChatFake` served on 127.0.0.1 in a process of its own (started by
 * `pnpm bench` with an IPC channel). It prints one JSON line with its URL and credentials, then
 * answers IPC messages:
 *
 * - `"stats"`: the CPU time this process has used (µs) and the answers it gave by status since the
 *   last `"stats"` (counted only with `--count`, which records requests).
 *
 *   serve.ts [--chats 10000] [--latency 0] [--rate-limit 100] [--window fixed] [--count]
 */
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { Effect, Redacted } from "effect"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: {
    chats: { type: "string", default: "10000" },
    latency: { type: "string", default: "0" },
    "rate-limit": { type: "string" },
    window: { type: "string", default: "fixed" },
    count: { type: "boolean", default: false }
  }
})

const rateLimit = values["rate-limit"] === undefined
  ? undefined
  : {
    limit: Number(values["rate-limit"]),
    interval: "1 second" as const,
    window: values.window === "sliding" ? "sliding" as const : "fixed" as const
  }

const program = Effect.gen(function*() {
  const served = yield* LiveChatFakeServer.serve({
    seed: { chats: Number(values.chats), tickets: 10, seed: "bench" },
    record: values.count,
    faults: { latency: Number(values.latency), rateLimit }
  })
  const fake = served.fake
  process.on("message", (message) => {
    if (message !== "stats") return
    const requests = Effect.runSync(fake.requests)
    Effect.runSync(fake.clearRequests)
    const statuses: Record<string, number> = {}
    for (const request of requests) statuses[request.status] = (statuses[request.status] ?? 0) + 1
    const cpu = process.cpuUsage()
    process.send?.({ cpuMicros: cpu.user + cpu.system, statuses })
  })
  process.on("disconnect", () => process.exit(0))
  // Credentials of a local fake, for the parent only (over its pipe).
  console.log(JSON.stringify({
    url: served.url,
    login: fake.credentials.login,
    apiKey: Redacted.value(fake.credentials.apiKey)
  }))
  return yield* Effect.never
})

Effect.runFork(Effect.scoped(program))
