/**
 * Shared by the cli tests: the built binary, spawned as users run it, and fakes served in the test
 * process (so tests can read their records and requests).
 */
import type { LiveChatFake } from "@effect-livechat/testing"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { Effect, Exit, Redacted, Scope } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The built binary: the `livechat` of the package's `bin` (built by globalSetup.ts when out of date). */
export const bin = fileURLToPath(
  new URL(
    `../${JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")).bin.livechat}`,
    import.meta.url
  )
)

export interface Ran {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment of a spawned command: no LIVECHAT_* of the machine's, these instead. */
export const environment = (env: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => {
  const clean: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("LIVECHAT_") && name !== "CI" && !name.startsWith("VITEST")) clean[name] = value
  }
  return { ...clean, NO_COLOR: "1", ...env }
}

/** Runs a process to its end, with this standard input, collecting its output. */
const collect = (command: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, stdin = ""): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
    child.stdin.end(stdin)
  })

/** Runs `livechat args…` to its end. */
export const livechat = (
  args: ReadonlyArray<string>,
  options: { readonly env?: Readonly<Record<string, string>>; readonly stdin?: string } = {}
): Promise<Ran> => collect(process.execPath, [bin, ...args], environment(options.env), options.stdin)

/** Runs a shell command line in a pseudo-terminal (util-linux `script`): what it printed to the terminal. */
export const inTerminal = (command: string, env: Readonly<Record<string, string>> = {}): Promise<Ran> =>
  collect("script", ["-qfec", command, "/dev/null"], { ...environment(env), TERM: "xterm", COLUMNS: "100" })

export const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`

/** A fake served on 127.0.0.1 from the test process, with the environment that points `livechat` at it. */
export interface ServedFake {
  readonly url: string
  readonly fake: LiveChatFake.Fake
  readonly env: Readonly<Record<string, string>>
  readonly close: () => Promise<void>
}

export const serveFake = async (options: LiveChatFake.Options = {}): Promise<ServedFake> => {
  const scope = await Effect.runPromise(Scope.make())
  const served = await Effect.runPromise(Scope.extend(LiveChatFakeServer.serve(options), scope))
  return {
    url: served.url,
    fake: served.fake,
    env: {
      LIVECHAT_BASE_URL: served.url,
      LIVECHAT_LOGIN: served.fake.credentials.login,
      LIVECHAT_API_KEY: Redacted.value(served.fake.credentials.apiKey)
    },
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

export const temporaryDirectory = (): string => mkdtempSync(join(tmpdir(), "livechat-cli-"))

/** Runs an Effect of the fake (its requests, its counts). */
export const runFake = <A>(effect: Effect.Effect<A>): Promise<A> => Effect.runPromise(effect)
