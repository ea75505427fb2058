/**
 * Progress on long work: redrawn on standard error when it is a terminal (a pseudo-terminal made by
 * util-linux `script`), plain lines when it is not, nothing with --quiet, never on standard output.
 */
import { type LiveChatFake } from "@effect-livechat/testing"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { bin, inTerminal, livechat, type ServedFake, serveFake, shellQuote, temporaryDirectory } from "./support.js"

const seed: LiveChatFake.SeedOptions = { chats: 400, tickets: 10, agents: 2, groups: 1, seed: "terminal" }
let served: ServedFake
const dir = temporaryDirectory()
beforeAll(async () => {
  // A little latency per request, so the run lasts a few redraws.
  served = await serveFake({ seed, faults: { latency: 30 } })
})
afterAll(() => served.close())

const node = `${shellQuote(process.execPath)} ${shellQuote(bin)}`
const records = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line).id)

describe("progress", () => {
  it(
    "is one line redrawn on standard error on a terminal, and stays out of the data",
    { timeout: 90_000 },
    async () => {
      const file = join(dir, "tty.ndjson")
      // Standard output to a file, standard error the terminal: what the terminal shows is the progress alone.
      const shown = await inTerminal(`${node} export chats --concurrency 2 > ${shellQuote(file)}`, served.env)
      expect(shown.code).toBe(0)
      const redraws = shown.stdout.split("\r\x1b[2K").filter((part) => part !== "")
      expect(redraws.length).toBeGreaterThanOrEqual(2)
      // Records, a bar, a percentage, the rate, and at the end the time taken.
      expect(redraws[redraws.length - 1]).toMatch(
        /^chats 400\/400 {2}\[█{20}\] {2}100% {2}[\d,]+\/s {2}in \d+:\d\d\r?\n$/
      )
      expect(redraws.some((r) => /ETA \d+:\d\d/.test(r))).toBe(true)
      expect(records(readFileSync(file, "utf8"))).toHaveLength(400)

      // Data on standard output of a terminal, progress on standard error: --quiet leaves the data alone.
      const quiet = await inTerminal(`${node} export chats --quiet 2>&1 | wc -l`, served.env)
      expect(quiet.code).toBe(0)
      expect(quiet.stdout.trim()).toBe("400")
      const silent = await inTerminal(
        `${node} export chats --quiet --out ${shellQuote(join(dir, "quiet.ndjson"))}`,
        served.env
      )
      expect(silent.code).toBe(0)
      expect(silent.stdout).toBe("")
    }
  )

  it("is plain lines when standard error is not a terminal", { timeout: 60_000 }, async () => {
    const ran = await livechat(["export", "chats"], { env: served.env })
    expect(ran.code).toBe(0)
    expect(records(ran.stdout)).toHaveLength(400)
    expect(ran.stderr).not.toContain("\r")
    expect(ran.stderr.trim().split("\n").at(-1)).toMatch(/^chats 400\/400 {2}100% {2}[\d,]+\/s {2}in \d+:\d\d$/)
  })
})

describe("colours", () => {
  const styled = /\x1b\[[0-9;]*m/
  it(
    "help and command-line errors are coloured on a terminal only: not piped, not with NO_COLOR",
    { timeout: 60_000 },
    async () => {
      const terminal = await inTerminal(`${node} --help`, { NO_COLOR: "" })
      expect(terminal.code).toBe(0)
      expect(terminal.stdout).toMatch(styled)
      const noColor = await inTerminal(`${node} --help`, { NO_COLOR: "1" })
      expect(noColor.stdout).toContain("USAGE")
      expect(noColor.stdout).not.toMatch(styled)
      const piped = await livechat(["--help"], { env: { NO_COLOR: "" } })
      expect(piped.code).toBe(0)
      expect(piped.stdout).toContain("USAGE")
      expect(piped.stdout).not.toMatch(styled)
      const wrong = await livechat(["agents", "lst"], { env: { NO_COLOR: "" } })
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toBe(
        "InvalidCommandLine: \"lst\" is not a command of livechat agents; its commands: list, get, create, update, " +
          "reset-api-key, remove (see livechat agents --help)\n"
      )
      expect(wrong.stdout + wrong.stderr).not.toMatch(styled)
      const wrongInTerminal = await inTerminal(`${node} agents lst`, { NO_COLOR: "" })
      expect(wrongInTerminal.stdout).toMatch(styled)
      const forced = await livechat(["--help"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } })
      expect(forced.stdout).toMatch(styled)
    }
  )

  it("a reader that stops reading ends the command quietly", { timeout: 60_000 }, async () => {
    const ran = await inTerminal(`bash -c ${shellQuote(`${node} --help | head -1; echo "status \${PIPESTATUS[0]}"`)}`)
    expect(ran.stdout).not.toContain("EPIPE")
    expect(ran.stdout).toMatch(/status 0/)
  })
})
