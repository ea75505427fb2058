/**
 * The benchmarks' fake in a child process of its own (`serve.ts`, as a real server would be):
 * started with an IPC channel, it resolves once the child printed its URL and credentials. Used by
 * `scripts/bench.ts` and by the sync benchmark (`packages/sync/bench/sync.ts`); every child still
 * running is stopped by {@link stopAll} (and when this process exits).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const serve = fileURLToPath(new URL("./serve.ts", import.meta.url))

/** Where the fake listens, and its owner's credentials. */
export interface Fake {
  readonly url: string
  readonly login: string
  readonly apiKey: string
  /** CPU used by the fake (µs) and its answers by status since the last call (counted with `--count`). */
  readonly stats: () => Promise<{ readonly cpuMicros: number; readonly statuses: Record<string, number> }>
  readonly stop: () => void
}

const children = new Set<ChildProcess>()

/** Stops every fake still running. */
export const stopAll = () => {
  for (const child of children) child.kill("SIGTERM")
}
process.on("exit", stopAll)

/** Starts a fake with `serve.ts`'s arguments (`--chats`, `--latency`, `--rate-limit`, `--window`, `--count`). */
export const startFake = (args: ReadonlyArray<string>): Promise<Fake> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@effect-livechat/source", "--import", "tsx", serve, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit", "ipc"]
    })
    children.add(child)
    let out = ""
    child.stdout!.on("data", (chunk) => {
      out += chunk
      const line = out.split("\n").find((l) => l.startsWith("{"))
      if (line === undefined) return
      const target = JSON.parse(line) as Pick<Fake, "url" | "login" | "apiKey">
      resolve({
        ...target,
        stats: () =>
          new Promise((resolveStats) => {
            child.once("message", (message) => resolveStats(message as never))
            child.send("stats")
          }),
        stop: () => {
          children.delete(child)
          child.kill("SIGTERM")
        }
      })
    })
    child.on("exit", (code) => {
      children.delete(child)
      reject(new Error(`the fake exited with ${code}`))
    })
  })
