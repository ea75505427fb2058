/**
 * Help, completions, report charts, sync and the fake, from the built binary.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { join } from "node:path"
import { bin, environment, livechat, type ServedFake, serveFake, temporaryDirectory } from "./support.js"

let served: ServedFake
beforeAll(async () => {
  served = await serveFake({ seed: { chats: 200, tickets: 50, agents: 3, groups: 2, seed: "commands" } })
})
afterAll(() => served.close())

describe("livechat", () => {
  it("prints shell completions", { timeout: 60_000 }, async () => {
    const ran = await livechat(["--completions", "bash"])
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain("complete")
    expect(ran.stdout).toContain("canned-responses")
    expect(ran.stdout).toContain("reset-api-key")
  })

  it(
    "draws a report as bars with their numbers, and gives the raw answer with --json",
    { timeout: 60_000 },
    async () => {
      const filters = "--date-from 2025-06-01 --date-to 2025-12-31 --group-by month"
      const ran = await livechat(["batch"], {
        env: served.env,
        stdin: [`report total-chats ${filters}`, `report total-chats ${filters} --json`, "report chat-ranking"].join(
          "\n"
        )
      })
      expect(ran.code).toBe(0)
      const [chart, ...rest] = ran.stdout.split(/\n(?=\{)/)
      const answer = JSON.parse(rest[0].split("\n")[0]) as Record<string, { chats: number }>
      const months = Object.keys(answer)
      expect(months.length).toBeGreaterThan(3)
      expect(chart).toContain("Shows how many chats occurred during the specified period.")
      const max = Math.max(...months.map((m) => answer[m].chats))
      expect(max).toBeGreaterThan(0)
      for (const month of months) {
        const line = chart.split("\n").find((l) => l.trimStart().startsWith(month))!
        // The number at the end, and a bar as long as its share of the largest.
        expect(line.trimEnd().endsWith(` ${answer[month].chats}`)).toBe(true)
        const bar = (line.match(/│([█▏▎▍▌▋▊▉]*)/)?.[1] ?? "").length
        if (answer[month].chats === max) expect(bar).toBeGreaterThan(10)
        if (answer[month].chats === 0) expect(bar).toBe(0)
      }
      // A ranking: a bar per agent.
      const ranking = rest[0].split("\n").slice(1).join("\n")
      expect(ranking).toContain("good")
      expect(ranking).toMatch(/@mycompany\.com\s+│/)
    }
  )

  it("syncs into SQLite, then incrementally; --every repeats until Ctrl-C", { timeout: 90_000 }, async () => {
    const database = `file:${join(temporaryDirectory(), "livechat.db")}`
    const first = await livechat(["sync", "--database", database, "--quiet"], { env: served.env })
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^chats +full +200 written/m)
    expect(first.stdout).toMatch(/^tickets +full +50 written/m)
    expect(first.stdout).toMatch(/^agents +snapshot/m)

    const child = spawn(
      process.execPath,
      [bin, "sync", "--database", database, "--resources", "chats,agents", "--every", "1s", "--json", "--quiet"],
      { env: environment(served.env) }
    )
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve))
    while (stdout.split("\n").filter((l) => l.startsWith("{")).length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill("SIGINT")
    expect(await closed).toBe(130)
    const runs = stdout.trim().split("\n").map((line) => JSON.parse(line))
    expect(runs[0].resources.map((r: { resource: string }) => r.resource)).toEqual(["agents", "chats"])
    expect(runs[0].resources[1].mode).toBe("incremental")
    expect(stderr).toContain("Interrupted")
  })

  it("serves a fake and says how to point the other commands at it", { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [bin, "fake", "--chats", "30", "--seed", "x"], { env: environment() })
    let stdout = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve))
    while (!stdout.includes("Ctrl-C")) await new Promise((resolve) => setTimeout(resolve, 50))
    const env = Object.fromEntries(
      Array.from(stdout.matchAll(/export (LIVECHAT_\w+)=(\S+)/g), (m) => [m[1], m[2]] as const)
    )
    expect(Object.keys(env).sort()).toEqual(["LIVECHAT_API_KEY", "LIVECHAT_BASE_URL", "LIVECHAT_LOGIN"])
    const listed = await livechat(["archives", "list"], { env })
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout).total).toBe(30)
    child.kill("SIGINT")
    expect(await closed).toBe(130)
  })
})
