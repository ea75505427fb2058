/**
 * The help of every command, read as a user reads it (from the built binary): gh's layout, lines
 * that fit, usage lines that name the whole command and its required flags, flags that say whether
 * they are required — and a command that fails for a missing flag only when its help said so.
 */
import { Endpoints } from "@effect-livechat/resources"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { livechat, type ServedFake, serveFake } from "./support.js"

let served: ServedFake
beforeAll(async () => {
  served = await serveFake({ seed: { chats: 20, tickets: 5, agents: 2, groups: 1, seed: "help" } })
})
afterAll(() => served.close())

const kebab = (name: string) =>
  (name.charAt(0).toLowerCase() + name.slice(1)).replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()

/** Every command line that names a command, from the endpoint table and the commands of our own. */
const commands: ReadonlyArray<string> = [
  "",
  "export",
  "export chats",
  "export tickets",
  "report",
  ...Object.values(Endpoints.groups.Reports).map((e) => `report ${kebab(e.name)}`),
  "sync",
  "fake",
  ...Object.keys(Endpoints.groups).map(kebab),
  ...Endpoints.table.map((e) => `${kebab(e.group)} ${kebab(e.name)}`)
]

/** The helps a batch printed, one per command asked, split after each one's last section. */
const helps = async (lines: ReadonlyArray<string>, columns?: number) => {
  const ran = await livechat(["batch"], {
    stdin: lines.map((line) => `${line} --help`.trim()).join("\n"),
    env: columns === undefined ? {} : { COLUMNS: String(columns) }
  })
  expect(ran.stderr).toBe("")
  expect(ran.code).toBe(0)
  const parts = ran.stdout.split(/(?<=^LEARN MORE\n(?: {2}.*\n)+)(?! {2})/m).filter((part) => part !== "")
  expect(parts).toHaveLength(lines.length)
  return parts
}

describe("help", () => {
  it("every command has gh-like help: summary, USAGE naming the whole command, FLAGS, lines of 100 columns at most", {
    timeout: 60_000
  }, async () => {
    const all = await helps(commands)
    all.forEach((help, i) => {
      const words = commands[i]
      const usage = help.split("\n").indexOf("USAGE")
      expect(usage, `${words}: USAGE`).toBeGreaterThan(0)
      // The summary comes first, then the usage line with the whole command.
      expect(help.split("\n")[0].length).toBeGreaterThan(0)
      expect(help.split("\n")[usage + 1]).toMatch(new RegExp(`^  livechat${words === "" ? "" : ` ${words}`}( |$)`))
      for (const line of help.split("\n")) expect(line.length, `${words}: ${line}`).toBeLessThanOrEqual(100)
      expect(help).not.toContain("This setting is optional")
      expect(help).toContain("INHERITED FLAGS\n  -h, --help")
    })
    const root = all[0]
    expect(root).toMatch(/^CORE COMMANDS$/m)
    expect(root).toMatch(/^API COMMANDS$/m)
    expect(root).toContain("archives (or chats):")
    expect(root).toContain("2 invalid input, 3 auth, 4 not found, 5 rate limited, 6 transport")
    // The environment is how secrets stay out of ps: the root help says so.
    expect(root).toContain("LIVECHAT_API_KEY_FILE")
    expect(root).toContain("LIVECHAT_DATABASE_URL")
    const agentsList = all[commands.indexOf("agents list")]
    expect(agentsList).toContain(Endpoints.groups.Agents.list.summary)
    expect(agentsList).toContain("Sends GET /agents.")
    // Choices too long to show beside the flag are listed in its description.
    expect(agentsList).toMatch(/--status string +Status: one of accepting chats, not accepting chats, offline\n/)
    expect(agentsList).toMatch(/^CONNECTION FLAGS\n(.*\n)*  +--api-key-file file +Read the API key from this file/m)
    const exportChats = all[commands.indexOf("export chats")]
    expect(exportChats).toMatch(
      /--format ndjson\|csv\|json +How to write the records: [^(]*\([\s\S]*?\(default\s+"ndjson"\)/
    )
    expect(exportChats).toMatch(/--concurrency int +Pages read at once \(default 4\)/)
    expect(exportChats).toContain("--csv-raw")
  })

  it("wraps to a narrow terminal (COLUMNS), and batch has help too", { timeout: 60_000 }, async () => {
    const [root, sync] = await helps(["", "sync"], 60)
    // Only a word longer than the line (a URL) may pass the edge.
    for (const line of [...root.split("\n"), ...sync.split("\n")]) {
      if (line.trim().includes(" ")) expect(line.length, line).toBeLessThanOrEqual(60)
    }
    const batch = await livechat(["batch", "--help"])
    expect(batch.code).toBe(0)
    expect(batch.stdout).toMatch(/^Runs many commands in one process/)
    expect(batch.stdout).toContain("  livechat batch [flags]")
  })

  it(
    "a required flag is required in the usage line, in FLAGS, and when the command runs",
    { timeout: 60_000 },
    async () => {
      const [occupancy, agentsGet, visitors] = await helps([
        "report agents-occupancy",
        "agents get",
        "visitors add-details"
      ])
      // A report has no --json: its required field is a required flag, and said so.
      expect(occupancy).toContain("  livechat report agents-occupancy --weekday <mon|tue|wed|thu|fri|sat|sun> [flags]")
      expect(occupancy).toMatch(/--weekday mon\|tue\|wed\|thu\|fri\|sat\|sun\s+Weekday \(required\)/)
      const ran = await livechat(["report", "agents-occupancy"], { env: served.env })
      expect(ran.code).toBe(2)
      expect(ran.stderr).toBe(
        "InvalidCommandLine: --weekday is required (see livechat report agents-occupancy --help)\n"
      )
      // An endpoint's field may also come from --json / --input: help says both.
      expect(agentsGet).toMatch(/--login string +.*\(required, here or in --json \/ --input\)/)
      // A secret field can be read from standard input or a file.
      expect(visitors).toMatch(
        /--token string +The token sent by the webhook; - reads\s+it from standard input,\s+--token-file from a file/
      )
      expect(visitors).toContain("--token-file file")
    }
  )

  it("a group alone, or nothing at all, prints its help and exits 0", { timeout: 60_000 }, async () => {
    const [bare, group, alias] = await Promise.all([livechat([]), livechat(["agents"]), livechat(["chats"])])
    for (const ran of [bare, group, alias]) {
      expect(ran.code).toBe(0)
      expect(ran.stderr).toBe("")
    }
    expect(bare.stdout).toMatch(/^CORE COMMANDS$/m)
    expect(group.stdout).toContain("  livechat agents <command> [flags]")
    expect(group.stdout).toMatch(/^ {2}reset-api-key: +Resets the API key/m)
    expect(alias.stdout).toContain("  livechat chats <command> [flags]")
  })

  it("chats is archives: the same commands answer the same", { timeout: 60_000 }, async () => {
    const [archives, chats] = await Promise.all([
      livechat(["archives", "list", "--page", "1"], { env: served.env }),
      livechat(["chats", "list", "--page", "1"], { env: served.env })
    ])
    expect(chats.code).toBe(0)
    expect(chats.stdout).toBe(archives.stdout)
    expect(JSON.parse(chats.stdout).chats.length).toBeGreaterThan(0)
  })
})
