/**
 * Secrets off the command line: every secret `livechat` takes can be given where `ps` and the
 * shell's history cannot see it (an environment variable, a file, standard input), the commands the
 * READMEs show do so, and a running command's arguments hold none.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Redacted } from "effect"
import { spawn } from "node:child_process"
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { bin, environment, livechat, type ServedFake, serveFake, temporaryDirectory } from "./support.js"

let served: ServedFake
let key: string
let dir: string
beforeAll(async () => {
  served = await serveFake({ seed: { chats: 30, tickets: 5, agents: 2, groups: 1, seed: "secrets" } })
  key = served.env.LIVECHAT_API_KEY
  dir = temporaryDirectory()
  writeFileSync(join(dir, "key"), `${key}\n`)
})
afterAll(() => served.close())

/** The environment of the fake without its API key: each case gives the key its own way. */
const withoutKey = () => ({ LIVECHAT_BASE_URL: served.url, LIVECHAT_LOGIN: served.env.LIVECHAT_LOGIN })

describe("secrets", () => {
  it("the API key from a file (flag or _FILE variable) or standard input, never only from an argument", {
    timeout: 60_000
  }, async () => {
    const ways = await Promise.all([
      livechat(["agents", "list", "--api-key-file", join(dir, "key")], { env: withoutKey() }),
      livechat(["agents", "list"], { env: { ...withoutKey(), LIVECHAT_API_KEY_FILE: join(dir, "key") } }),
      livechat(["agents", "list", "--api-key", "-"], { env: withoutKey(), stdin: `${key}\n` }),
      livechat(["agents", "list"], { env: { ...withoutKey(), LIVECHAT_API_KEY: key } })
    ])
    for (const ran of ways) {
      expect(ran.stderr).toBe("")
      expect(ran.code).toBe(0)
      expect(ran.stdout).toBe(ways[0].stdout)
    }
    expect(JSON.parse(ways[0].stdout).length).toBeGreaterThan(0)
    // A file that cannot be read: one line naming the flag and the file, not a secret; exit 2.
    const missing = await livechat(["agents", "list", "--api-key-file", join(dir, "nope")], { env: withoutKey() })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(
      `InvalidConfig: api-key-file: cannot read --api-key-file ${JSON.stringify(join(dir, "nope"))} (ENOENT)\n`
    )
    const empty = await livechat(["agents", "list", "--api-key", "-"], { env: withoutKey(), stdin: "" })
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain("--api-key - (standard input) is empty")
  })

  it("an OAuth token from a file wins over the environment's login and key", { timeout: 60_000 }, async () => {
    writeFileSync(join(dir, "token"), "not-a-token\n")
    const ran = await livechat(["agents", "list", "--access-token-file", join(dir, "token"), "--retries", "0"], {
      env: served.env
    })
    // The fake knows no such token: the request was sent with it (a bearer), and refused.
    expect(ran.code).toBe(3)
    expect(ran.stderr).toMatch(/^Unauthorized: /)
    expect(ran.stderr).not.toContain("not-a-token")
  })

  it("a visitor's token from standard input or a file", { timeout: 60_000 }, async () => {
    const { licenseId, visitorToken } = served.fake.credentials
    const token = Redacted.value(visitorToken)
    writeFileSync(join(dir, "visitor"), `${token}\n`)
    const input = [
      "--visitor-id",
      "S1",
      "--license-id",
      String(licenseId),
      "--id",
      "x",
      "--fields",
      "[{\"name\":\"a\",\"value\":\"b\"}]"
    ]
    const [fromStdin, fromFile, wrong] = await Promise.all([
      livechat(["visitors", "add-details", ...input, "--token", "-"], { env: served.env, stdin: token }),
      livechat(["visitors", "add-details", ...input, "--token-file", join(dir, "visitor")], { env: served.env }),
      livechat(["visitors", "add-details", ...input, "--token-file", join(dir, "none")], { env: served.env })
    ])
    for (const ran of [fromStdin, fromFile]) {
      expect(ran.stderr).toBe("")
      expect(ran.code).toBe(0)
    }
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain(`cannot read --token-file ${JSON.stringify(join(dir, "none"))} (ENOENT)`)
  })

  it("the database URL from LIVECHAT_DATABASE_URL", { timeout: 60_000 }, async () => {
    const file = join(temporaryDirectory(), "mirror.db")
    const ran = await livechat(["sync", "--resources", "agents", "--quiet"], {
      env: { ...served.env, LIVECHAT_DATABASE_URL: `file:${file}` }
    })
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    expect(existsSync(file)).toBe(true)
  })

  it("a running command's arguments (what ps shows) hold no secret", { timeout: 60_000 }, async () => {
    const child = spawn(
      process.execPath,
      [bin, "sync", "--every", "1h", "--quiet", "--database", `file:${join(temporaryDirectory(), "m.db")}`],
      { env: environment({ ...withoutKey(), LIVECHAT_API_KEY_FILE: join(dir, "key") }), stdio: "ignore" }
    )
    try {
      await new Promise((resolve) => setTimeout(resolve, 300))
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, "utf8")
      expect(cmdline).toContain("sync")
      expect(cmdline).not.toContain(key)
      const environ = readFileSync(`/proc/${child.pid}/environ`, "utf8")
      expect(environ).not.toContain(key)
    } finally {
      child.kill("SIGINT")
    }
  })

  it("the commands the READMEs show put no secret in the arguments", () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url))
    const readmes = ["README.md", ...readdirSync(join(root, "packages")).map((dir) => `packages/${dir}/README.md`)]
      .filter((file) => existsSync(join(root, file)))
    const lines = readmes.flatMap((file) =>
      readFileSync(join(root, file), "utf8").split("\n").filter((line) => /(^|\s|\$ )livechat /.test(line))
    )
    expect(lines.length).toBeGreaterThan(10)
    for (const line of lines) {
      // A secret flag takes only `-` (standard input) in what we show; the files and variables are the way.
      expect(line, line).not.toMatch(/--(api-key|access-token|token)[ =](?!-(\s|$))/)
      expect(line, line).not.toMatch(/postgres(ql)?:\/\/[^/\s:@]+:[^@\s]+@/)
    }
  })
})
