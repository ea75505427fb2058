/**
 * Benchmark: syncing an archive of 100,000 chats (`SYNC_BENCH_CHATS`) from a fake served by another
 * process (20 ms per request) into SQLite and into PostgreSQL (a throwaway server started with
 * `scripts/postgres.sh`), against the bare stream of the same archive in the same run: records/s of
 * each, their ratio, this process's CPU a chat, and the heap (after GC) sampled during each sync.
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { Archives, Progress } from "@effect-livechat/streams"
import { Sync } from "@effect-livechat/sync"
import { NodeHttpClient } from "@effect/platform-node"
import * as SqlClient from "@effect/sql/SqlClient"
import { Effect, Fiber, Layer, Redacted, Schedule, Stream } from "effect"
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { startFake } from "../../testing/bench/fake.js"

const postgresScript = fileURLToPath(new URL("../scripts/postgres.sh", import.meta.url))

/** The benchmarks' fake (`packages/testing/bench/serve.ts`) in a child process until the scope closes. */
const servedElsewhere = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(Effect.promise(() => startFake(args)), (fake) => Effect.sync(fake.stop))

/** A throwaway PostgreSQL database until the scope closes. */
const throwawayPostgres = Effect.acquireRelease(
  Effect.sync(() => {
    const out = execFileSync("bash", [postgresScript, "start"], { encoding: "utf8" })
    return { dir: /^DIR=(.*)$/m.exec(out)![1], url: /^DATABASE_URL=(.*)$/m.exec(out)![1] }
  }),
  ({ dir }) => Effect.sync(() => execFileSync("bash", [postgresScript, "stop", dir]))
)

const gc = (globalThis as { gc?: () => void }).gc

const heapMiB = () => {
  gc?.()
  return Math.round(process.memoryUsage().heapUsed / 1048576)
}

/** Runs `effect`, sampling the heap (after GC) every second; returns its result, seconds and samples. */
const measured = <A, E, R>(effect: Effect.Effect<A, E, R>, progress: Progress.Progress) =>
  Effect.gen(function*() {
    const samples: Array<{ items: number; heapMiB: number }> = []
    const sample = Effect.flatMap(progress.get, (p) =>
      Effect.sync(() => samples.push({ items: p.items, heapMiB: heapMiB() })))
    const sampler = yield* Effect.fork(Effect.repeat(Effect.delay(sample, "1 second"), Schedule.forever))
    const started = performance.now()
    const cpu = process.cpuUsage()
    const result = yield* effect
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    yield* Fiber.interrupt(sampler)
    yield* sample
    return { result, seconds, cpuMicros: used.user + used.system, samples }
  })

export const syncThroughput = (
  chats = Number(process.env.SYNC_BENCH_CHATS ?? 100_000),
  latencyMillis = 20,
  concurrency = 8
) =>
  Effect.gen(function*() {
    const fake = yield* servedElsewhere(["--chats", String(chats), "--latency", String(latencyMillis)])
    const client = yield* Layer.build(
      LiveChatClient.layer({
        baseUrl: fake.url,
        auth: Auth.apiKey({ login: fake.login, apiKey: fake.apiKey }),
        rateLimit: { limit: 10_000, interval: "1 second", concurrency: 64 }
      }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)
    )

    const bare = Effect.gen(function*() {
      const progress = yield* Progress.make
      const run = yield* measured(Archives.stream({}, { concurrency, progress }).pipe(Stream.runCount), progress)
      if (run.result !== chats) return yield* Effect.die(`streamed ${run.result} chats, expected ${chats}`)
      return run
    }).pipe(Effect.provide(client))

    const sync = (database: Layer.Layer<SqlClient.SqlClient>) =>
      Effect.gen(function*() {
        const progress = yield* Progress.make
        const run = yield* measured(
          Sync.run({ resources: ["chats"], concurrency, progress: { chats: progress } }),
          progress
        )
        const [{ n }] = yield* Effect.flatMap(
          SqlClient.SqlClient,
          (sql) => sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM livechat_chats`
        )
        if (Number(n) !== chats) return yield* Effect.die(`mirrored ${n} chats, expected ${chats}`)
        return run
      }).pipe(Effect.provide(database), Effect.provide(client))

    const dir = mkdtempSync(join(tmpdir(), "livechat-bench-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
    const pg = yield* throwawayPostgres

    // The bare stream before and after the syncs: the ratio is taken against their mean.
    const before = yield* bare
    const sqlite = yield* sync(Sync.layerSqlite(join(dir, "bench.db")).pipe(Layer.orDie))
    const postgres = yield* sync(Sync.layerPg({ url: Redacted.make(pg.url) }).pipe(Layer.orDie))
    const after = yield* bare
    const bareRate = (chats / before.seconds + chats / after.seconds) / 2

    const row = (
      name: string,
      run: { seconds: number; cpuMicros: number; samples: ReadonlyArray<{ heapMiB: number }> }
    ) => {
      const heaps = run.samples.map((s) => s.heapMiB)
      const rate = chats / run.seconds
      return {
        run: name,
        seconds: Number(run.seconds.toFixed(2)),
        chatsPerSecond: Math.round(rate),
        ratioToBare: Number((rate / bareRate).toFixed(2)),
        // This process's CPU (the stream, and the sync's side of the database) a chat: on a loaded
        // machine, a steadier measure than the wall clock.
        cpuMicrosPerChat: Math.round(run.cpuMicros / chats),
        heapMiBMin: Math.min(...heaps),
        heapMiBMax: Math.max(...heaps)
      }
    }
    return [
      row("bare stream (before)", before),
      row("sync into SQLite", sqlite),
      row("sync into PostgreSQL", postgres),
      row("bare stream (after)", after)
    ]
  }).pipe(Effect.scoped)
