/**
 * The memory stage of `pnpm bench`, run in a process of its own so that its peak RSS is its own:
 * streams every chat of the fake at `--url` through `Archives.stream` (8 pages in flight), or, for
 * the floors, reads every page with the bench's plain `HttpClient` loop decoding the same Schema
 * (`--contender http`) or its raw undici loop (`--contender undici`; `undici-compiled` decoding the
 * same Schema with `Compiled`), or the client's own page loop (`--contender list`), and prints one
 * JSON line:
 * chats read, seconds, peak RSS, the heap at the end, and the most memory held in `ArrayBuffer`s
 * (sampled every 20 ms: socket buffers and bodies, outside V8's heap but in the RSS) (MiB).
 *
 *   memory.ts --url http://127.0.0.1:port --login … --key … [--concurrency 8] [--contender client]
 */
import { Archives } from "@effect-livechat/streams"
import { Stream } from "effect"
import { parseArgs } from "node:util"
import { client, platform, undici } from "./contenders.js"

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    login: { type: "string" },
    key: { type: "string" },
    concurrency: { type: "string", default: "8" },
    contender: { type: "string", default: "client" }
  }
})

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024)

const target = { url: values.url ?? "", login: values.login ?? "", apiKey: values.key ?? "" }
const concurrency = Number(values.concurrency)
const started = performance.now()
let peakArrayBuffers = 0
const sampler = setInterval(() => {
  peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers)
}, 20)
const controller = new AbortController()
process.on("SIGINT", () => controller.abort())
process.on("SIGTERM", () => controller.abort())
const floor = values.contender === "http"
  ? platform(target)
  : values.contender === "undici" || values.contender === "undici-compiled"
  ? undici(target)
  : undefined
// The client with its defaults, as a user runs it (8 requests in flight, no cap on starts).
const contender = floor === undefined ? client(target) : undefined
const chats = contender !== undefined
  ? values.contender === "list"
    // The client's page loop (`Archives.list`, one pass): the stream's own share, by difference.
    ? await contender.list(concurrency)(controller.signal)
    : await contender.runtime.runPromise(Stream.runCount(Archives.stream({}, { concurrency })), {
      signal: controller.signal
    })
  : await floor!.export(
    concurrency,
    values.contender === "http" ? "schema" : values.contender === "undici-compiled" ? "compiled" : "none"
  )(controller.signal)
const seconds = (performance.now() - started) / 1000
clearInterval(sampler)
;(globalThis as { gc?: () => void }).gc?.()
console.log(JSON.stringify({
  chats,
  seconds: Number(seconds.toFixed(1)),
  peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
  heapMiB: mib(process.memoryUsage().heapUsed),
  arrayBuffersMiB: mib(peakArrayBuffers)
}))
await (contender ?? floor)!.close()
