/**
 * The child process of the crash test: one sync of the license configured in the environment
 * (`LIVECHAT_*`), as a user's process would run it. It starts, prints `started`, then waits for one
 * line on stdin naming the database (`sqlite <file>` or `pg <url>`) so that the test can start it
 * ahead of time; it prints `ready` before the sync and `done` after it.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { Sync } from "@effect-livechat/sync"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect, Layer, Redacted } from "effect"
import { createInterface } from "node:readline"

const target = Effect.async<string>((resume) => {
  const lines = createInterface({ input: process.stdin })
  lines.once("line", (line) => {
    lines.close()
    resume(Effect.succeed(line.trim()))
  })
})

const client = LiveChatClient.layerConfig({
  auth: LiveChatClient.authConfig,
  baseUrl: LiveChatClient.baseUrlConfig,
  rateLimit: Config.succeed(false),
  retry: Config.succeed({ base: "5 millis", maxDelay: "50 millis" })
})
  .pipe(
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.orDie
  )

const program = Effect.gen(function*() {
  yield* Console.log("started")
  const [kind, location] = (yield* target).split(" ")
  const database = kind === "pg"
    ? Sync.layerPg({ url: Redacted.make(location) }).pipe(Layer.orDie)
    : Sync.layerSqlite(location)
  const summary = yield* Effect.gen(function*() {
    yield* Console.log("ready")
    return yield* Sync.run({ batchSize: Number(process.env.SYNC_BATCH ?? 10), concurrency: 2 })
  }).pipe(Effect.provide(Layer.merge(database, client)))
  yield* Console.log(`done ${JSON.stringify(summary.resources.map((r) => [r.resource, r.mode, r.written]))}`)
})

NodeRuntime.runMain(program)
