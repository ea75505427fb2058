/**
 * Crash safety: a sync in a child process, killed with SIGKILL at seeded random instants, each time
 * followed by a complete run; the mirror must then equal the fake exactly (none missing, none
 * twice). The child is bundled once with esbuild so that it starts fast.
 *
 * `SYNC_CRASH_SEED` replays a seed (it is printed), `SYNC_CRASH_POINTS` sets the number of kills that must land mid-run.
 */
import { Sync } from "@effect-livechat/sync"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Redacted } from "effect"
import { build } from "esbuild"
import { spawn } from "node:child_process"
import { mkdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type Database, database, expectExact, postgresMissing, served } from "./support.js"

const here = fileURLToPath(new URL(".", import.meta.url))
const bundle = `${here}../node_modules/.cache/sync-crash-child.mjs`

const seed = Number(process.env.SYNC_CRASH_SEED ?? 20261126)

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
const random = (state: number) => () => {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), 1 | state)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const buildChild = Effect.promise(async () => {
  mkdirSync(`${here}../node_modules/.cache`, { recursive: true })
  await build({
    entryPoints: [`${here}crash/child.ts`],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundle,
    conditions: ["@effect-livechat/source"],
    external: ["better-sqlite3", "pg-native"],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: "error"
  })
})

interface Outcome {
  /** Whether the child was killed before it finished. */
  readonly killed: boolean
  /** Milliseconds from `ready` to its end. */
  readonly millis: number
}

interface Child {
  /** Starts the sync into `target` (`sqlite <file>` or `pg <url>`), kills it `killAfter` ms after it is ready. */
  readonly run: (target: string, killAfter: number | undefined) => Effect.Effect<Outcome, Error>
}

/** Starts a child process, ready to sync once told where (so that its start-up overlaps the test's checks). */
const startChild = (env: Record<string, string>) =>
  Effect.async<Child, Error>((resume) => {
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    let started = false
    let readyAt = 0
    let timer: NodeJS.Timeout | undefined
    let onExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined
    let onReady: (() => void) | undefined
    child.stderr.on("data", (chunk) => (err += chunk))
    child.stdout.on("data", (chunk) => {
      out += chunk
      if (!started && out.includes("started")) {
        started = true
        resume(Effect.succeed({ run }))
      }
      if (readyAt === 0 && out.includes("ready")) {
        readyAt = performance.now()
        onReady?.()
      }
    })
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      if (!started) resume(Effect.fail(new Error(`the child exited with ${code ?? signal}: ${out}\n${err}`)))
      onExit?.(code, signal)
    })
    const run = (target: string, killAfter: number | undefined) =>
      Effect.async<Outcome, Error>((done) => {
        onReady = () => {
          if (killAfter !== undefined) timer = setTimeout(() => child.kill("SIGKILL"), killAfter)
        }
        onExit = (code, signal) => {
          const millis = performance.now() - readyAt
          const finished = out.includes("done")
          if (signal === "SIGKILL") return done(Effect.succeed({ killed: !finished, millis }))
          if (code === 0 && finished) return done(Effect.succeed({ killed: false, millis }))
          done(Effect.fail(new Error(`the child exited with ${code ?? signal}: ${out}\n${err}`)))
        }
        child.stdin.end(`${target}\n`)
        return Effect.sync(() => child.kill("SIGKILL"))
      })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

const crashes = (db: Database, kills: number) =>
  Effect.gen(function*() {
    console.log(`crash test on ${db}: seed ${seed}, ${kills} kills (SYNC_CRASH_SEED=${seed} replays it)`)
    const next = random(seed + (db === "postgres" ? 1 : 0))
    const { client, fake, url } = yield* served({
      seed: { chats: 200, tickets: 40, agents: 4, groups: 3, seed: "crash" },
      faults: { latency: "2 millis" }
    })
    const env = {
      LIVECHAT_BASE_URL: url,
      LIVECHAT_LOGIN: fake.credentials.login,
      LIVECHAT_API_KEY: Redacted.value(fake.credentials.apiKey)
    }
    const target = (location: string) => (db === "postgres" ? `pg ${location}` : `sqlite ${location}`)

    // Complete runs first, a full one and an incremental one, to know how long each lasts.
    const scratch = yield* database(db)
    const full = yield* Effect.flatMap(startChild(env), (child) => child.run(target(scratch.url), undefined))
    yield* fake.addChats(3)
    const incremental = yield* Effect.flatMap(startChild(env), (child) => child.run(target(scratch.url), undefined))
    yield* expectExact(scratch.sql, fake)

    let current = scratch
    let killed = 0
    let resumed = 0
    let point = 0
    let child = yield* Effect.fork(startChild(env))
    // Kill points that land after a child finished do not count: go on until `kills` landed mid-run.
    for (; killed < kills && point < kills * 3; point++) {
      const fresh = point % 3 === 0
      if (fresh) {
        current = yield* database(db)
      } else {
        // Drift between runs: the next run is incremental.
        yield* fake.addChats(3)
      }
      const after = Math.floor(next() * (fresh ? full : incremental).millis)
      const outcome = yield* Effect.flatMap(Fiber.join(child), (c) => c.run(target(current.url), after))
      child = yield* Effect.fork(startChild(env))
      if (outcome.killed) killed++
      // The complete run neither audits nor re-verifies: the mirror must be exact from the resumed
      // checkpoint alone, with nothing left for a repair to mend.
      const complete = yield* Sync.run({ batchSize: 10, onLocked: "wait", audit: false, verifyDays: 0 }).pipe(
        Effect.provide(Layer.succeedContext(current.context)),
        Effect.provide(client)
      )
      if (complete.resources.some((r) => r.mode === "resumed")) resumed++
      yield* expectExact(current.sql, fake).pipe(
        Effect.tapDefect(() =>
          Effect.sync(() => console.log(`failed at kill point ${point} (${after} ms), seed ${seed}`))
        )
      )
    }
    yield* Fiber.interrupt(child)
    console.log(
      `${db}: ${killed} children killed mid-run in ${point} points; ${resumed} complete runs resumed a checkpoint`
    )
    expect(killed).toBe(kills)
    if (kills >= 12) expect(resumed).toBeGreaterThan(0)
  }).pipe(Effect.scoped)

describe("crash safety (SIGKILL at seeded random points)", () => {
  it.live(
    "SQLite: exact after every kill",
    () => Effect.zipRight(buildChild, crashes("sqlite", Number(process.env.SYNC_CRASH_POINTS ?? 20))),
    180_000
  )

  it.live.skipIf(postgresMissing !== undefined && process.env.CI === undefined)(
    "PostgreSQL: exact after every kill",
    () => Effect.zipRight(buildChild, crashes("postgres", Number(process.env.SYNC_CRASH_POINTS_PG ?? 4))),
    180_000
  )
})
