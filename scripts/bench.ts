/**
 * `pnpm bench [--quick] [--rounds N] [--out file.json] [--only name,name] [--gc-trace]`: the speed
 * and memory benchmark. It is not a test: it asserts only that every contender read every record, and exits
 * non-zero only if something crashed.
 *
 * Every scenario runs against a `LiveChatFake` served by a child process (as a real server would
 * be), all contenders of a scenario in this one process, in repeated rounds whose order alternates
 * (forward, then backward), and reports medians and the ratios of medians to the raw undici loop
 * and to the plain `HttpClient` loop decoding the same Schemas. The memory stage streams 100k and
 * 1M chats (quick: 2k and 20k) in child processes of their own, for their peak RSS (with V8's
 * defaults, median of 5 runs, then with `--max-old-space-size=96`; the floors at 100k too); the
 * sync stage mirrors 100k chats (quick: 2k) into SQLite and PostgreSQL against the bare stream; the
 * startup stage times `livechat` from spawn to exit (`--help`, a call), bundled and from modules; the
 * push stage measures the sync's push mode (a chat's delay to its row, push vs poll; deliveries/s).
 * `--gc-trace` runs the memory goals' runs under V8's `--trace-gc-verbose` and adds to each the
 * old generation's limits V8 set and the speeds it set them from (packages/streams/bench/gcTrace.ts).
 * Results go to `.bench/latest.json` (or `--out`). Ctrl-C stops any stage and every child process.
 */
import { Effect } from "effect"
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs"
import { availableParallelism, loadavg } from "node:os"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import type { Run } from "../packages/streams/bench/contenders.js"
import type { PushFigures } from "../packages/sync/bench/push.js"
import type { Fake } from "../packages/testing/bench/fake.js"
import { bundleForNode } from "./bundle.js"
import { packages } from "./packages.js"
import { median } from "./stats.js"

// The contenders run this library as users do, from its built `dist` (not from its TypeScript
// sources through tsx, whose transform keeps function names with a call per closure made, calls
// that showed in profiles of the request path and that no user pays). So the packages are built
// first where a source is newer than the build, and the modules that load them are imported after.
const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = `${dir}/${entry.name}`
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }, 0)
const stale = packages().filter((pkg) => {
  const built = `${pkg.path}dist/esm/index.js`
  return !existsSync(built) || statSync(built).mtimeMs < newest(`${pkg.path}src`)
})
if (stale.length > 0) {
  console.log(`building (${stale.map((pkg) => pkg.dir).join(", ")} changed): the benchmark measures the built packages`)
  execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./build.ts", import.meta.url))], {
    stdio: ["ignore", "ignore", "inherit"]
  })
}
const { client, official, platform, undici } = await import("../packages/streams/bench/contenders.js")
const { syncThroughput } = await import("../packages/sync/bench/sync.js")
const { startup } = await import("../packages/cli/bench/startup.js")
const { pushBench } = await import("../packages/sync/bench/push.js")
const { startFake, stopAll: stopFakes } = await import("../packages/testing/bench/fake.js")
const { summarize } = await import("../packages/streams/bench/gcTrace.js")
const { resultLine } = await import("../packages/streams/bench/measure.js")

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    out: { type: "string", default: ".bench/latest.json" },
    only: { type: "string" },
    "gc-trace": { type: "boolean", default: false }
  }
})
const quick = values.quick
const rounds = Number(values.rounds ?? (quick ? 2 : 3))
const only = values.only?.split(",")
const size = quick
  ? {
    gets: 300,
    chats: 2_000,
    limitedPages: 150,
    memory: [2_000, 20_000],
    sync: 2_000,
    push: { chats: 50, deliveries: 500, seed: 2_000 }
  }
  : {
    gets: 2_000,
    chats: 10_000,
    limitedPages: 300,
    memory: [100_000, 1_000_000],
    sync: 100_000,
    push: { chats: 500, deliveries: 5_000, seed: 20_000 }
  }
const root = fileURLToPath(new URL("../", import.meta.url))

// ---------------------------------------------------------------------------------------------
// Child processes, all stopped on Ctrl-C.

const children = new Set<ChildProcess>()
const controller = new AbortController()
const stopAll = () => {
  stopFakes()
  for (const child of children) child.kill("SIGTERM")
}
process.on("SIGINT", () => {
  console.error("\ninterrupted: stopping every stage and child process")
  controller.abort()
  stopAll()
  process.exit(130)
})
process.on("exit", stopAll)

/**
 * The memory stage's programs bundled (esbuild, from the sources) into plain JavaScript files, so
 * that their RSS is the library's and not the TypeScript loader's (tsx alone holds ~150 MB): the
 * client's (loading what a user's program would) and the floors'.
 */
const bundleMemoryChildren = async () => ({
  client: await bundleForNode("packages/streams/bench/memory.ts", ".bench/memory.mjs"),
  floors: await bundleForNode("packages/streams/bench/memoryFloors.ts", ".bench/memoryFloors.mjs")
})

const runChild = (script: string, args: ReadonlyArray<string>, flags: ReadonlyArray<string> = []): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", ...flags, script, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"]
    })
    children.add(child)
    let out = ""
    child.stdout.on("data", (chunk) => (out += chunk))
    child.on("exit", (code) => {
      children.delete(child)
      if (code === 0) resolve(out)
      else reject(new Error(`${script} exited with ${code}`))
    })
  })

// ---------------------------------------------------------------------------------------------
// Scenarios.

interface Contender {
  readonly name: string
  readonly run: Run
  /** The records a run must read. */
  readonly expect: number
}

interface Scenario {
  readonly name: string
  readonly title: string
  readonly fake: Fake
  readonly contenders: ReadonlyArray<Contender>
  /** Per-run extras (the fake's statuses, the share answered 429). */
  readonly statuses?: boolean
  /**
   * A pause before each run: under a server's rate limit, the quota the previous contender used in
   * the server's current window must not count against the next one.
   */
  readonly settleMillis?: number
}

interface Sample {
  readonly millis: number
  /** CPU used by this process (the contender) during the run. */
  readonly cpuMicros: number
  readonly fakeCpuMicros: number
  readonly requests: number
  readonly statuses: Record<string, number>
}

const gc = () => (globalThis as { gc?: () => void }).gc?.()

const measure = async (scenario: Scenario) => {
  const samples = new Map<string, Array<Sample>>(scenario.contenders.map((c) => [c.name, []]))
  // A warm-up run of each, unmeasured (JIT, connections).
  for (const contender of scenario.contenders) await contender.run(controller.signal)
  await scenario.fake.stats()
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? scenario.contenders : [...scenario.contenders].reverse()
    for (const contender of order) {
      gc()
      if (scenario.settleMillis !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, scenario.settleMillis))
      }
      const before = await scenario.fake.stats()
      const started = performance.now()
      const cpu = process.cpuUsage()
      const read = await contender.run(controller.signal)
      const millis = performance.now() - started
      const used = process.cpuUsage(cpu)
      const after = await scenario.fake.stats()
      if (read !== contender.expect) {
        throw new Error(`${scenario.name} / ${contender.name}: read ${read}, expected ${contender.expect}`)
      }
      samples.get(contender.name)!.push({
        millis,
        cpuMicros: used.user + used.system,
        fakeCpuMicros: after.cpuMicros - before.cpuMicros,
        requests: Object.values(after.statuses).reduce((a, b) => a + b, 0),
        statuses: after.statuses
      })
    }
  }
  return scenario.contenders.map((contender) => {
    const runs = samples.get(contender.name)!
    return {
      scenario: scenario.name,
      contender: contender.name,
      medianMillis: median(runs.map((s) => s.millis)),
      runsMillis: runs.map((s) => Math.round(s.millis)),
      fakeCpuMicros: median(runs.map((s) => s.fakeCpuMicros)),
      cpuMicros: median(runs.map((s) => s.cpuMicros)),
      statuses: runs[runs.length - 1].statuses,
      requests: median(runs.map((s) => s.requests)),
      expect: contender.expect
    }
  })
}

type Row = Awaited<ReturnType<typeof measure>>[number]

const main = async () => {
  const load = loadavg()
  console.log(
    `node ${process.version}, ${availableParallelism()} cores, load average ${
      load.map((l) => l.toFixed(2)).join(" ")
    } at start, ${rounds} rounds${quick ? " (quick)" : ""}\n`
  )
  const [plain, slow, limited] = await Promise.all([
    startFake(["--chats", String(size.chats), "--count"]),
    startFake(["--chats", String(size.chats), "--latency", "20", "--count"]),
    startFake(["--chats", String(size.limitedPages * 25 + 25), "--rate-limit", "100", "--window", "fixed", "--count"])
  ])
  const fast = { rateLimit: { limit: 1_000_000, concurrency: 64 } } as const
  const raw = undici(plain)
  const rawSlow = undici(slow)
  const rawLimited = undici(limited)
  const peer = official(plain)
  const peerSlow = official(slow)
  const http = platform(plain)
  const httpSlow = platform(slow)
  const ours = client(plain, fast)
  // The same on the HttpClient path (LiveChatClient.layer), over undici and over fetch: must not regress.
  const oursHttp = client(plain, fast, "httpclient")
  const oursFetch = client(plain, fast, "fetch")
  const oursSlow = client(slow, fast)
  const oursDefault = client(plain)
  const oursBare = client(plain, { timeout: false, rateLimit: false, retry: false })
  const oursLimited = client(limited, { rateLimit: { limit: 100, interval: "1 second", concurrency: 8 } })
  const chats = size.chats
  const scenarios: Array<Scenario> = [
    {
      name: "request",
      title: "GET /agents/{login}, one after another, no latency",
      fake: plain,
      contenders: [
        { name: "undici", run: raw.getAgent(size.gets, "none"), expect: size.gets },
        { name: "undici + Schema", run: raw.getAgent(size.gets, "schema"), expect: size.gets },
        { name: "livechatapi", run: peer.getAgent(size.gets), expect: size.gets },
        { name: "HttpClient", run: http.getAgent(size.gets, "none"), expect: size.gets },
        { name: "HttpClient + Schema", run: http.getAgent(size.gets, "schema"), expect: size.gets },
        { name: "HttpClient + Compiled", run: http.getAgent(size.gets, "compiled"), expect: size.gets },
        { name: "client Agents.get", run: ours.getAgent(size.gets), expect: size.gets },
        { name: "client Agents.get, HttpClient path", run: oursHttp.getAgent(size.gets), expect: size.gets },
        { name: "client Agents.get, fetch path", run: oursFetch.getAgent(size.gets), expect: size.gets },
        // The price of three promises (per-attempt timeout, rate limiter, retry): the same calls without them.
        { name: "client Agents.get, bare", run: oursBare.getAgent(size.gets), expect: size.gets }
      ]
    },
    {
      name: "export x8",
      title: `${chats} chats, no latency, 8 pages in flight`,
      fake: plain,
      contenders: [
        { name: "undici", run: raw.export(8, "none"), expect: chats },
        { name: "undici + Schema", run: raw.export(8, "schema"), expect: chats },
        { name: "undici + Compiled", run: raw.export(8, "compiled"), expect: chats },
        { name: "livechatapi", run: peer.export(8), expect: chats },
        { name: "HttpClient", run: http.export(8, "none"), expect: chats },
        { name: "HttpClient + Schema", run: http.export(8, "schema"), expect: chats },
        { name: "HttpClient + Compiled", run: http.export(8, "compiled"), expect: chats },
        { name: "client Archives.list", run: ours.list(8), expect: chats },
        { name: "client Archives.stream", run: ours.stream(8), expect: chats },
        { name: "client Archives.list, HttpClient path", run: oursHttp.list(8), expect: chats },
        { name: "client Archives.stream, HttpClient path", run: oursHttp.stream(8), expect: chats },
        { name: "client Archives.list, fetch path", run: oursFetch.list(8), expect: chats }
      ]
    },
    {
      name: "export x1",
      title: `${chats} chats, no latency, 1 page at a time`,
      fake: plain,
      contenders: [
        { name: "undici", run: raw.export(1, "none"), expect: chats },
        { name: "livechatapi", run: peer.export(1), expect: chats },
        { name: "HttpClient", run: http.export(1, "none"), expect: chats },
        { name: "HttpClient + Schema", run: http.export(1, "schema"), expect: chats },
        { name: "client Archives.list", run: ours.list(1), expect: chats },
        { name: "client Archives.stream", run: ours.stream(1), expect: chats }
      ]
    },
    {
      name: "export x8 20ms",
      title: `${chats} chats, 20 ms a request, 8 pages in flight (livechatapi also 1 at a time)`,
      fake: slow,
      contenders: [
        { name: "undici", run: rawSlow.export(8, "none"), expect: chats },
        { name: "livechatapi", run: peerSlow.export(8), expect: chats },
        { name: "livechatapi x1", run: peerSlow.export(1), expect: chats },
        { name: "HttpClient + Schema", run: httpSlow.export(8, "schema"), expect: chats },
        { name: "client Archives.stream", run: oursSlow.stream(8), expect: chats }
      ]
    },
    {
      name: "defaults x8",
      title: `${chats} chats, no latency, 8 in flight, the client with its default options`,
      fake: plain,
      contenders: [
        { name: "undici", run: raw.export(8, "none"), expect: chats },
        { name: "client Archives.stream (defaults)", run: oursDefault.stream(8), expect: chats }
      ]
    },
    {
      name: "limit 100/s",
      title:
        `${size.limitedPages} pages from a server allowing 100 requests a second (fixed windows), 8 in flight, limiter at 100/s`,
      fake: limited,
      statuses: true,
      settleMillis: 1_100,
      contenders: [
        { name: "undici, naive (waits Retry-After)", run: rawLimited.limited(size.limitedPages, 8), expect: 0 },
        { name: "client, rateLimit 100/s", run: oursLimited.limited(size.limitedPages, 8), expect: 0 }
      ].map((c) => ({ ...c, expect: size.limitedPages * 25 }))
    }
  ].filter((s) => only === undefined || only.includes(s.name))

  const rows: Array<Row> = []
  try {
    for (const scenario of scenarios) {
      console.log(`${scenario.name}: ${scenario.title}`)
      const measured = await measure(scenario)
      for (const row of measured) rows.push(row)
      for (const row of measured) {
        console.log(`  ${row.contender.padEnd(36)} ${row.runsMillis.join(" / ")} ms`)
      }
    }
  } finally {
    await Promise.allSettled([raw.close(), rawSlow.close(), rawLimited.close()])
    await Promise.allSettled(
      [http, httpSlow, ours, oursHttp, oursFetch, oursSlow, oursDefault, oursBare, oursLimited].map((c) => c.close())
    )
    plain.stop()
    slow.stop()
    limited.stop()
  }

  // The table of ratios.
  const table = rows.map((row) => {
    const base = rows.find((r) => r.scenario === row.scenario && r.contender === "undici")
    const floor = rows.find((r) => r.scenario === row.scenario && r.contender === "HttpClient + Schema")
    const requests = row.requests || 1
    return {
      scenario: row.scenario,
      contender: row.contender,
      "median ms": Math.round(row.medianMillis),
      "µs / request": Math.round((row.medianMillis * 1000) / requests),
      "× undici": base === undefined ? "" : (row.medianMillis / base.medianMillis).toFixed(2),
      "× HttpClient+Schema": floor === undefined ? "" : (row.medianMillis / floor.medianMillis).toFixed(2),
      "own CPU µs / request": Math.round(row.cpuMicros / requests),
      "own CPU × HttpClient+Schema": floor === undefined ? "" : (row.cpuMicros / floor.cpuMicros).toFixed(2),
      "fake CPU µs / page": Math.round(row.fakeCpuMicros / requests)
    }
  })
  console.log("")
  console.table(table)

  const limitedRows = rows.filter((r) => r.scenario === "limit 100/s").map((r) => {
    const total = Object.values(r.statuses).reduce((a, b) => a + b, 0)
    const ok = r.statuses["200"] ?? 0
    return {
      contender: r.contender,
      answers: total,
      "429s": r.statuses["429"] ?? 0,
      "share 429": total === 0 ? 0 : Number(((r.statuses["429"] ?? 0) / total).toFixed(3)),
      "share of allowed rate": Number((ok / (r.medianMillis / 1000) / 100).toFixed(2))
    }
  })
  if (limitedRows.length > 0) {
    console.log("\nUnder a server limit of 100 requests a second (last round):")
    console.table(limitedRows)
  }

  // Memory: each run in a process of its own, against a fake of that size; with V8's defaults (the
  // goals), then with the old space capped (`--max-old-space-size=96`, what the streams README
  // suggests where RSS matters), measured separately; and, at the first size, the floors of the
  // stack reading the same pages (the plain `HttpClient` loop with the Schema, raw undici).
  const memory: Array<Record<string, number>> = []
  const capped: Array<Record<string, number | string>> = []
  const floors: Array<Record<string, number | string>> = []
  if (only === undefined || only.includes("memory")) {
    console.log("\nmemory: streaming every chat through Archives.stream (8 in flight), each run in its own process")
    const scripts = await bundleMemoryChildren()
    for (const chats of size.memory) {
      const fake = await startFake(["--chats", String(chats)])
      try {
        const runs: Array<readonly [string, ReadonlyArray<string>, Array<Record<string, number | string>>]> = [
          ["client", [], memory],
          ["client", ["--max-old-space-size=96"], capped],
          // The floors of the stack, at the first size (the same pages, 8 in flight).
          ...(chats === size.memory[0]
            ? [["http", [], floors] as const, ["undici", [], floors] as const]
            : [])
        ]
        for (const [contender, flags, into] of runs) {
          const args = ["--url", fake.url, "--login", fake.login, "--key", fake.apiKey, "--contender", contender]
          // The goals' runs (the client, V8's defaults) five times, their median kept: the peak
          // follows the limits V8 sets after its full collections, and one run can be well off the
          // typical one (168 MB among fifteen around 149; why: packages/streams/bench/gcTrace.ts,
          // which `--gc-trace` reads them with).
          const repeat = into === memory ? 5 : 1
          const traced = values["gc-trace"] && into === memory
          const rows: Array<Record<string, number | string>> = []
          for (let i = 0; i < repeat; i++) {
            const out = await runChild(
              contender === "client" ? scripts.client : scripts.floors,
              args,
              traced ? [...flags, "--trace-gc-verbose"] : flags
            )
            const result = JSON.parse(resultLine(out)) as Record<string, number>
            if (result.chats !== chats) throw new Error(`memory: read ${result.chats} chats, expected ${chats}`)
            const row = {
              ...result,
              contender,
              node: flags.join(" ") || "defaults",
              ...(traced ? summarize(out) : {})
            }
            rows.push(row)
            console.log(`  ${JSON.stringify(row)}`)
          }
          const peaks = rows.map((row) => row.peakRssMiB as number)
          into.push({
            ...rows[peaks.indexOf(median(peaks))],
            ...(repeat > 1 ? { runsPeakRssMiB: peaks.join(" ") } : {})
          })
        }
      } finally {
        fake.stop()
      }
    }
  }

  // Sync: records/s of a sync into SQLite and into PostgreSQL ÷ the bare stream's, in the same run
  // (packages/sync/bench/sync.ts: its own fake in another process, 20 ms a request, 8 in flight).
  let sync: ReadonlyArray<{ readonly run: string; readonly ratioToBare: number }> = []
  if (only === undefined || only.includes("sync")) {
    console.log(`\nsync: ${size.sync} chats into SQLite and PostgreSQL vs the bare stream of the same fake`)
    sync = await Effect.runPromise(syncThroughput(size.sync), { signal: controller.signal })
    console.table(sync)
  }

  // Start-up of the command line: the whole process, hyperfine-style (packages/cli/bench/startup.ts).
  let starts: ReadonlyArray<{ readonly command: string; readonly contender: string; readonly medianMillis: number }> =
    []
  if (only === undefined || only.includes("startup")) {
    console.log("\nstartup: livechat, spawned to exit (median of the runs after the warm-up)")
    const fake = await startFake(["--chats", "100"])
    try {
      starts = await startup(fake, quick ? { runs: 3, warmup: 1 } : { runs: 15, warmup: 3 })
    } finally {
      fake.stop()
    }
    console.table(starts)
  }

  // Push: the delay from a chat ending in a served fake to its row in SQLite, by webhooks vs the poll
  // at its default interval, and the deliveries per second one receiver sustains with the mirror
  // writing (packages/sync/bench/push.ts).
  let push: PushFigures | undefined
  if (only === undefined || only.includes("push")) {
    console.log(`\npush: ${size.push.chats} chats ended one at a time, then ${size.push.deliveries} deliveries at once`)
    push = await Effect.runPromise(pushBench(size.push), { signal: controller.signal })
    console.table(push.delays)
    console.table([push.throughput])
  }

  const ratio = (scenario: string, a: string, b: string) => {
    const x = rows.find((r) => r.scenario === scenario && r.contender === a)
    const y = rows.find((r) => r.scenario === scenario && r.contender === b)
    return x && y ? x.medianMillis / y.medianMillis : NaN
  }
  const cpuRatio = (scenario: string, a: string, b: string) => {
    const x = rows.find((r) => r.scenario === scenario && r.contender === a)
    const y = rows.find((r) => r.scenario === scenario && r.contender === b)
    return x && y ? (x.cpuMicros / x.expect) / (y.cpuMicros / y.expect) : NaN
  }
  const fakeCpu = rows.filter((r) => r.scenario === "export x8")
  const fakeMicrosPerPage = fakeCpu.length === 0
    ? NaN
    : median(fakeCpu.map((r) => r.fakeCpuMicros / (r.requests || 1)))
  const goals = [
    // Issue 21: the client on its Node transport against the official client and raw undici.
    {
      goal: "one request after another ≤ 1.0× the official client (livechatapi)",
      value: ratio("request", "client Agents.get", "livechatapi"),
      target: 1.0
    },
    {
      goal: "one request after another ≤ 1.3× raw undici",
      value: ratio("request", "client Agents.get", "undici"),
      target: 1.3
    },
    {
      goal: "10,000 chats, 8 in flight (Archives.list, the same pages) ≤ 1.5× raw undici",
      value: ratio("export x8", "client Archives.list", "undici"),
      target: 1.5
    },
    {
      goal: "10,000 chats, 8 in flight: client CPU per chat ≤ the official client's",
      value: cpuRatio("export x8", "client Archives.list", "livechatapi"),
      target: 1.0
    },
    // The HttpClient path (fetch runtimes, users' own HttpClient) keeps the goals it had.
    {
      goal: "HttpClient path: one request after another ≤ 1.25× HttpClient + Schema",
      value: ratio("request", "client Agents.get, HttpClient path", "HttpClient + Schema"),
      target: 1.25
    },
    {
      goal: "HttpClient path: export x8 ≤ 1.15× HttpClient + Schema (Archives.list)",
      value: ratio("export x8", "client Archives.list, HttpClient path", "HttpClient + Schema"),
      target: 1.15
    },
    {
      goal:
        "decoding a page (as the client does, Compiled) ≤ 0.5× fetching and parsing it ((undici+Compiled − undici) ÷ undici)",
      value: ratio("export x8", "undici + Compiled", "undici") - 1,
      target: 0.5
    },
    {
      goal: "20 ms export x8 ≤ 1.05× raw undici",
      value: ratio("export x8 20ms", "client Archives.stream", "undici"),
      target: 1.05
    },
    {
      goal: "fake: ≤ 500 µs CPU a page (median over export x8 runs)",
      value: fakeMicrosPerPage,
      target: 500
    },
    ...(memory.length === 2
      ? [
        {
          goal: `peak RSS ${size.memory[1]} chats ≤ 1.1× the ${size.memory[0]} run`,
          value: memory[1].peakRssMiB / memory[0].peakRssMiB,
          target: 1.1
        },
        { goal: `peak RSS ${size.memory[1]} chats < 200 MiB`, value: memory[1].peakRssMiB, target: 200 }
      ]
      : []),
    ...sync.filter((r) => r.run.startsWith("sync")).map((r) => ({
      goal: `${r.run}: ≥ 0.8 of the bare stream's records/s`,
      value: -r.ratioToBare,
      target: -0.8
    })),
    ...starts.filter((r) => r.contender.startsWith("bundle") && r.command !== "livechat agents --help").map((r) => ({
      goal: `${r.command} starts and ends in ≤ 0.3 s`,
      value: r.medianMillis / 1000,
      target: 0.3
    })),
    ...limitedRows.filter((r) => r.contender.startsWith("client")).flatMap((r) => [
      { goal: "limiter at the server's limit: ≤ 1% answered 429", value: r["share 429"], target: 0.01 },
      {
        goal: "limiter at the server's limit: ≥ 0.9 of the allowed rate",
        value: -r["share of allowed rate"],
        target: -0.9
      }
    ])
  ].filter((g) => !Number.isNaN(g.value)).map((g) => ({
    goal: g.goal,
    measured: Number(Math.abs(g.value).toFixed(2)),
    met: g.value <= g.target ? "yes" : "no"
  }))
  console.log("\nGoals:")
  console.table(goals)

  const endLoad = loadavg()
  console.log(`load average ${endLoad.map((l) => l.toFixed(2)).join(" ")} at the end`)
  mkdirSync(dirname(values.out), { recursive: true })
  writeFileSync(
    values.out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cores: availableParallelism(),
        loadAverage: { start: load, end: endLoad },
        quick,
        rounds,
        size,
        rows,
        table,
        limited: limitedRows,
        memory,
        memoryCapped: capped,
        memoryFloors: floors,
        sync,
        startup: starts,
        push,
        goals
      },
      null,
      2
    )
  )
  console.log(`results written to ${values.out}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    stopAll()
    process.exit(1)
  }
)
