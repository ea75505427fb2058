import { parseArgs } from "node:util"

/**
 * A memory child's arguments: the fake (`--url`, `--login`, `--key`), pages in flight
 * (`--concurrency`, default 8) and the contender (`--contender`, default `contender`).
 */
export const childArgs = (contender: string) => {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      login: { type: "string" },
      key: { type: "string" },
      concurrency: { type: "string", default: "8" },
      contender: { type: "string", default: contender }
    }
  })
  return {
    target: { url: values.url ?? "", login: values.login ?? "", apiKey: values.key ?? "" },
    concurrency: Number(values.concurrency),
    contender: values.contender
  }
}

/**
 * What a memory child of `pnpm bench` prints: runs `read` (which resolves with the records it
 * read) and prints one JSON line: records read, seconds, peak RSS, the heap at the end (after a
 * collection, with `--expose-gc`), and the most memory held in `ArrayBuffer`s (sampled every 20 ms:
 * socket buffers and bodies, outside V8's heap but in the RSS), in MiB. SIGINT and SIGTERM abort
 * the read's signal.
 */
export const measure = async (
  read: (signal: AbortSignal) => Promise<number>,
  close: () => Promise<void>
): Promise<void> => {
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024)
  const started = performance.now()
  let peakArrayBuffers = 0
  const sampler = setInterval(() => {
    peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers)
  }, 20)
  const controller = new AbortController()
  process.on("SIGINT", () => controller.abort())
  process.on("SIGTERM", () => controller.abort())
  const chats = await read(controller.signal)
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
  await close()
}

/**
 * The result line {@link measure} printed, read back from a child's output: the last line that is
 * a JSON object (V8's trace lines, with `--gc-trace`, may stand before and after it).
 */
export const resultLine = (out: string): string => {
  const lines = out.trim().split("\n")
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].startsWith("{")) return lines[i]
  throw new Error(`no result line in the child's output (${lines.length} lines)`)
}
