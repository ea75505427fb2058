/**
 * The fake's CPU per page of the chats archive, measured two ways:
 *
 * - served (default): `serve.ts` in a child process (with `--count`, as `pnpm bench` runs it, so
 *   requests are recorded), read with an undici pool at 8 in flight; the child's CPU per page is
 *   taken from its `stats` IPC answer;
 * - `--in-process`: `LiveChatFake.make` in this process, each page asked of its `HttpClient`
 *   (`LiveChatFake.httpClient`, what `LiveChatFake.layer` runs on) and its body read as text, 8 at
 *   a time; this process's CPU per page (the `HttpClient`'s share included, the client's not).
 *
 * Each pass reads every page of `GET /chats` once. The first pass reads each page for the first
 * time (records made and encoded): it is reported on its own, and the median is over the others.
 *
 *   node --conditions=@effect-livechat/source --import tsx packages/testing/bench/pageCost.ts \
 *     [--chats 10000] [--passes 6] [--in-process] [--profile <dir>]
 *
 * `--profile <dir>` runs the served child with `--cpu-prof --cpu-prof-dir=<dir>` (written when it
 * exits); `--bundled` runs it as one JavaScript file bundled by esbuild (`.bench/serve.mjs`) instead
 * of through the TypeScript loader, so that a profile's frames have readable positions.
 */
import { LiveChatFake } from "@effect-livechat/testing"
import { Effect, Redacted } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import type { Readable } from "node:stream"
import { parseArgs } from "node:util"
import { Pool } from "undici"
import { bundleForNode } from "../../../scripts/bundle.js"
import { median } from "../../../scripts/stats.js"

const { values } = parseArgs({
  options: {
    chats: { type: "string", default: "10000" },
    passes: { type: "string", default: "6" },
    "in-process": { type: "boolean", default: false },
    profile: { type: "string" },
    bundled: { type: "boolean", default: false }
  }
})
const chats = Number(values.chats)
const passes = Number(values.passes)
const concurrency = 8

/** Runs `work(page)` for pages `1..pages` with `concurrency` in flight. */
const everyPage = async (pages: number, work: (page: number) => Promise<void>) => {
  let next = 1
  const worker = async () => {
    while (next <= pages) await work(next++)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

const report = (label: string, first: number, cpuMicros: ReadonlyArray<number>, pages: number) => {
  const perPage = cpuMicros.map((micros) => micros / pages).sort((a, b) => a - b)
  console.log(
    `${label}: ${chats} chats, ${pages} pages a pass, ${perPage.length} passes; fake CPU µs / page: median ${
      median(perPage).toFixed(0)
    } (min ${perPage[0].toFixed(0)}, max ${perPage[perPage.length - 1].toFixed(0)}); first read of each page: ${
      (first / pages).toFixed(0)
    }`
  )
}

/** The first JSON line the fake prints: its URL and credentials. */
const firstJsonLine = async (output: Readable): Promise<{ url: string; login: string; apiKey: string }> => {
  for await (const line of createInterface({ input: output })) {
    if (line.startsWith("{")) return JSON.parse(line)
  }
  throw new Error("the fake stopped before printing its URL")
}

const served = async () => {
  const profile = values.profile === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${values.profile}`]
  const script = values.bundled
    ? [await bundleForNode("packages/testing/bench/serve.ts", ".bench/serve.mjs")]
    : ["--conditions=@effect-livechat/source", "--import", "tsx", "packages/testing/bench/serve.ts"]
  const child: ChildProcess = spawn(process.execPath, [...profile, ...script, "--chats", String(chats), "--count"], {
    stdio: ["ignore", "pipe", "inherit", "ipc"]
  })
  const target = await firstJsonLine(child.stdout!)
  const stats = () =>
    new Promise<{ cpuMicros: number; statuses: Record<string, number> }>((resolve) => {
      child.once("message", (message) => resolve(message as never))
      child.send("stats")
    })
  const pool = new Pool(target.url, { connections: 16 })
  const headers = {
    authorization: `Basic ${Buffer.from(`${target.login}:${target.apiKey}`).toString("base64")}`,
    "x-api-version": "2",
    accept: "application/json"
  }
  const get = async (page: number) => {
    const response = await pool.request({ path: `/chats?page=${page}`, method: "GET", headers })
    const text = await response.body.text()
    if (response.statusCode !== 200) throw new Error(`page ${page}: ${response.statusCode} ${text.slice(0, 200)}`)
    return JSON.parse(text) as { pages: number }
  }
  const pages = (await get(1)).pages
  const used: Array<number> = []
  for (let pass = 0; pass <= passes; pass++) {
    const before = await stats()
    await everyPage(pages, async (page) => void (await get(page)))
    const after = await stats()
    const answered = Object.values(after.statuses).reduce((a, b) => a + b, 0)
    if (answered !== pages) throw new Error(`pass ${pass}: the fake recorded ${answered} answers, not ${pages}`)
    used.push(after.cpuMicros - before.cpuMicros)
  }
  await pool.close()
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.disconnect() // the fake exits (and writes its profile)
  await exited
  report("served (child process, requests recorded)", used[0], used.slice(1), pages)
}

const inProcess = async () => {
  const fake = await Effect.runPromise(LiveChatFake.make({ seed: { chats, tickets: 10, seed: "bench" } }))
  const client = LiveChatFake.httpClient(fake)
  const headers = {
    authorization: `Basic ${btoa(`${fake.credentials.login}:${Redacted.value(fake.credentials.apiKey)}`)}`,
    "x-api-version": "2",
    accept: "application/json"
  }
  const get = (page: number) =>
    Effect.runPromise(Effect.gen(function*() {
      const response = yield* client.get(`http://127.0.0.1/chats?page=${page}`, { headers })
      const text = yield* response.text
      if (response.status !== 200) throw new Error(`page ${page}: ${response.status} ${text.slice(0, 200)}`)
      return text
    }))
  const pages = (JSON.parse(await get(1)) as { pages: number }).pages
  const used: Array<number> = []
  for (let pass = 0; pass <= passes; pass++) {
    const cpu = process.cpuUsage()
    await everyPage(pages, async (page) => void (await get(page)))
    const spent = process.cpuUsage(cpu)
    used.push(spent.user + spent.system)
    await Effect.runPromise(fake.clearRequests)
  }
  report(
    "in process (LiveChatFake.httpClient, each body read as text; requests recorded)",
    used[0],
    used.slice(1),
    pages
  )
}

await (values["in-process"] ? inProcess() : served())
