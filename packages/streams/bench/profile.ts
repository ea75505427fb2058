/**
 * `node --cpu-prof --conditions=@effect-livechat/source --import tsx packages/streams/bench/profile.ts
 * [stream|list|list-dated|http|http-compiled|pages|get|get-no-timeout|http-get] [runs] [concurrency]`: runs one contender of `pnpm bench` several times against
 * a fake served by another process, printing each run's time and this process's CPU, so that a CPU
 * profile of exactly that work can be taken (`--cpu-prof`; summarise it with
 * `scripts/cpuprofile.ts`). `CLIENT_OPTIONS` (JSON) overrides the client's options, to price one
 * part: `CLIENT_OPTIONS='{"timeout":false}'`.
 */
import { Archives as ArchivesApi } from "@effect-livechat/resources"
import { Effect, Stream } from "effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { client, platform, type Target } from "./contenders.js"

const [which = "stream", runs = "5", concurrency = "8", chats = "10000"] = process.argv.slice(2)
const root = fileURLToPath(new URL("../../../", import.meta.url))

const child = spawn(
  process.execPath,
  ["--conditions=@effect-livechat/source", "--import", "tsx", "packages/testing/bench/serve.ts", "--chats", chats],
  { cwd: root, stdio: ["ignore", "pipe", "inherit", "ipc"] }
)
const target = await new Promise<Target>((resolve) => {
  let out = ""
  child.stdout!.on("data", (chunk) => {
    out += chunk
    const line = out.split("\n").find((l) => l.startsWith("{"))
    if (line !== undefined) resolve(JSON.parse(line))
  })
})
const fast = {
  rateLimit: { limit: 1_000_000, concurrency: 64 },
  ...JSON.parse(process.env.CLIENT_OPTIONS ?? "{}")
} as const
const ours = client(target, fast)
const http = platform(target)
const viaStream = (signal: AbortSignal) =>
  ours.runtime.runPromise(
    Stream.range(1, 400).pipe(
      Stream.mapEffect((page) => Effect.map(ArchivesApi.list({ page }), (p) => p.chats), {
        concurrency: Number(concurrency)
      }),
      Stream.flattenIterables,
      Stream.runCount
    ),
    { signal }
  )
const noTimeout = client(target, { ...fast, timeout: false })
/** Like `list`, with the date filters a run sends (the whole archive's range), to price them. */
const listDated = (signal: AbortSignal) =>
  ours.runtime.runPromise(
    Effect.map(
      Effect.forEach(
        Array.from({ length: 400 }, (_, i) => i + 1),
        (page) =>
          Effect.map(
            ArchivesApi.list({ date_from: "2000-01-01", date_to: "2099-12-31 23:59:59", page }),
            (p) => p.chats.length
          ),
        { concurrency: Number(concurrency) }
      ),
      (counts) => counts.reduce((a, b) => a + b, 0)
    ),
    { signal }
  )
const run = which === "list-dated"
  ? listDated
  : which === "get"
  ? ours.getAgent(2000)
  : which === "get-no-timeout"
  ? noTimeout.getAgent(2000)
  : which === "http-get"
  ? http.getAgent(2000, "schema")
  : which === "pages"
  ? viaStream
  : which === "stream"
  ? ours.stream(Number(concurrency))
  : which === "list"
  ? ours.list(Number(concurrency))
  : which === "http-compiled"
  ? http.export(Number(concurrency), "compiled")
  : http.export(Number(concurrency), "schema")
const signal = new AbortController().signal
try {
  for (let i = 0; i < Number(runs); i++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const read = await run(signal)
    const used = process.cpuUsage(cpu)
    console.log(
      `${which}: ${read} records in ${Math.round(performance.now() - started)} ms, CPU ${
        Math.round((used.user + used.system) / 1000)
      } ms`
    )
  }
} finally {
  await ours.close()
  await noTimeout.close()
  await http.close()
  child.kill()
}
