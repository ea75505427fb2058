/**
 * How long `livechat` takes to start, as a person feels it: the whole process, from spawn to exit,
 * for `--help`, a group's help, and a command that makes one call (`agents list` against a fake in
 * another process), repeated as `hyperfine` does (warm-up runs, then the median and the spread of
 * the measured runs), with each run's peak RSS (read by the process itself as it exits, through a
 * module given to `--import`).
 *
 * Two contenders: the binary as installed (`bin/livechat.js`: the bundle of `dist/bundle`, with the
 * sync and the fake in chunks loaded by their commands) and the same program from its ES modules
 * (`dist/esm/bin/livechat.js`, as it was before the bundle: every module of every package, the
 * sync's SQL drivers and the fake included, loaded at start).
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { median } from "../../../scripts/stats.js"
import type { Fake } from "../../testing/bench/fake.js"

const root = fileURLToPath(new URL("../", import.meta.url))

/** Writes the process's peak RSS (KiB) on file descriptor 3 as it exits. */
const reporter = `data:text/javascript,${
  encodeURIComponent(
    "import { writeSync } from 'node:fs'; process.on('exit', () => { try { writeSync(3, String(process.resourceUsage().maxRSS)) } catch {} })"
  )
}`

interface Run {
  readonly millis: number
  readonly rssKiB: number
  readonly code: number | null
}

const once = (entry: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Promise<Run> =>
  new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(process.execPath, ["--import", reporter, entry, ...args], {
      env,
      stdio: ["ignore", "ignore", "ignore", "pipe"]
    })
    let rss = ""
    child.stdio[3]!.on("data", (chunk) => (rss += chunk))
    child.on("error", reject)
    child.on(
      "close",
      (code) => resolve({ millis: Number(process.hrtime.bigint() - start) / 1e6, rssKiB: Number(rss), code })
    )
  })

/** One row of the table: a command line, a contender, its runs' median, minimum and maximum. */
export interface Row {
  readonly command: string
  readonly contender: string
  readonly medianMillis: number
  readonly minMillis: number
  readonly maxMillis: number
  readonly peakRssMiB: number
}

/**
 * The start-up table: each command line, each contender, `warmup` runs then `runs` measured, the
 * contenders alternating run by run (so that a busy moment of the machine falls on both).
 */
export const startup = async (
  fake: Fake,
  options: { readonly runs: number; readonly warmup: number }
): Promise<ReadonlyArray<Row>> => {
  const contenders = [
    ["bundle (bin/livechat.js)", `${root}bin/livechat.js`],
    ["modules (dist/esm)", `${root}dist/esm/bin/livechat.js`]
  ] as const
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LIVECHAT_BASE_URL: fake.url,
    LIVECHAT_LOGIN: fake.login,
    LIVECHAT_API_KEY: fake.apiKey
  }
  const commands: ReadonlyArray<ReadonlyArray<string>> = [["--help"], ["agents", "--help"], ["agents", "list"]]
  const rows: Array<Row> = []
  for (const args of commands) {
    const runs = new Map<string, Array<Run>>(contenders.map(([name]) => [name, []]))
    for (let i = 0; i < options.warmup + options.runs; i++) {
      for (const [name, entry] of i % 2 === 0 ? contenders : [...contenders].reverse()) {
        const run = await once(entry, args, env)
        if (run.code !== 0) throw new Error(`startup: livechat ${args.join(" ")} (${name}) exited ${run.code}`)
        if (i >= options.warmup) runs.get(name)!.push(run)
      }
    }
    for (const [contender, measured] of runs) {
      const millis = measured.map((r) => r.millis)
      rows.push({
        command: `livechat ${args.join(" ")}`,
        contender,
        medianMillis: Math.round(median(millis)),
        minMillis: Math.round(Math.min(...millis)),
        maxMillis: Math.round(Math.max(...millis)),
        peakRssMiB: Math.round(median(measured.map((r) => r.rssKiB)) / 1024)
      })
    }
  }
  return rows
}
