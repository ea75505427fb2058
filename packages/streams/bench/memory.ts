/**
 * The memory stage of `pnpm bench`, run in a process of its own so that its peak RSS is its own:
 * streams every chat of the fake at `--url` through `Archives.stream` (8 pages in flight) and
 * prints one JSON line: chats read, seconds, peak RSS and the heap at the end (MiB).
 *
 *   memory.ts --url http://127.0.0.1:port --login … --key … [--concurrency 8]
 */
import { Archives } from "@effect-livechat/streams"
import { Stream } from "effect"
import { parseArgs } from "node:util"
import { client } from "./contenders.js"

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    login: { type: "string" },
    key: { type: "string" },
    concurrency: { type: "string", default: "8" }
  }
})

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024)

const target = { url: values.url ?? "", login: values.login ?? "", apiKey: values.key ?? "" }
const contender = client(target, { rateLimit: { limit: 1_000_000, concurrency: 64 } })
const started = performance.now()
const controller = new AbortController()
process.on("SIGINT", () => controller.abort())
process.on("SIGTERM", () => controller.abort())
const chats = await contender.runtime.runPromise(
  Stream.runCount(Archives.stream({}, { concurrency: Number(values.concurrency) })),
  { signal: controller.signal }
)
const seconds = (performance.now() - started) / 1000
;(globalThis as { gc?: () => void }).gc?.()
console.log(JSON.stringify({
  chats,
  seconds: Number(seconds.toFixed(1)),
  peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
  heapMiB: mib(process.memoryUsage().heapUsed)
}))
await contender.close()
