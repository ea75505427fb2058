/**
 * Benchmark: reading an archive of 10,000 chats from a fake served on 127.0.0.1 with 20 ms per
 * request, one page at a time and with more pages in flight. The fake runs in a child process
 * (`pnpm fake`), as a real server would, so the figures measure the client and the stream.
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { Archives } from "@effect-livechat/streams"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Stream } from "effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Starts `packages/testing/bin/fake.ts` in a child process; resolves with its URL and credentials. */
const childFake = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.async<
      { readonly url: string; readonly login: string; readonly apiKey: string; readonly stop: () => void },
      Error
    >(
      (resume) => {
        const child = spawn(
          process.execPath,
          ["--conditions=@effect-livechat/source", "--import", "tsx", "packages/testing/bin/fake.ts", ...args],
          { cwd: root, stdio: ["ignore", "pipe", "inherit"] }
        )
        let out = ""
        child.stdout.on("data", (chunk) => {
          out += chunk
          const url = /listening on (\S+)/.exec(out)?.[1]
          const login = /LIVECHAT_LOGIN=(\S+)/.exec(out)?.[1]
          const apiKey = /LIVECHAT_API_KEY=(\S+)/.exec(out)?.[1]
          if (url && login && apiKey) resume(Effect.succeed({ url, login, apiKey, stop: () => child.kill() }))
        })
        child.on("exit", (code) => resume(Effect.fail(new Error(`the fake exited with ${code}`))))
      }
    ),
    (fake) => Effect.sync(fake.stop)
  )

export const throughput = (chats = 10_000, latencyMillis = 20, levels: ReadonlyArray<number> = [1, 2, 4, 8, 16]) =>
  Effect.gen(function*() {
    const fake = yield* childFake(["--chats", String(chats), "--latency", String(latencyMillis), "--seed", "bench"])
    const client = LiveChatClient.layer({
      baseUrl: fake.url,
      auth: Auth.apiKey({ login: fake.login, apiKey: fake.apiKey }),
      rateLimit: { limit: 10_000, interval: "1 second", concurrency: 64 }
    }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)
    const rows: Array<{ concurrency: number; seconds: number; chatsPerSecond: number; speedup: number }> = []
    for (const concurrency of levels) {
      const started = performance.now()
      const count = yield* Archives.stream({}, { concurrency }).pipe(Stream.runCount, Effect.provide(client))
      const seconds = (performance.now() - started) / 1000
      if (count !== chats) return yield* Effect.die(`read ${count} chats, expected ${chats}`)
      rows.push({
        concurrency,
        seconds: Number(seconds.toFixed(2)),
        chatsPerSecond: Math.round(count / seconds),
        speedup: Number(((rows[0]?.seconds ?? seconds) / seconds).toFixed(1))
      })
    }
    return rows
  }).pipe(Effect.scoped)
