/**
 * `livechat export`: every format re-read and compared with the fake's records; an export stopped
 * by Ctrl-C (SIGINT) or killed (SIGKILL) and resumed gives the same file as one never stopped; an
 * export that cannot prove a window exact (the fake behind a proxy overstating its totals) exits 7,
 * by default at once with its state kept, with `--consistency warn` once it has written the rest.
 */
import { LiveChatFake } from "@effect-livechat/testing"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { codes } from "../src/ExitCode.js"
import { columns } from "../src/Export.js"
import { bin, environment, livechat, runFake, type ServedFake, serveFake, temporaryDirectory } from "./support.js"

const seed: LiveChatFake.SeedOptions = { chats: 600, tickets: 120, agents: 4, groups: 3, seed: "export" }
const data = LiveChatFake.seed(seed)
let served: ServedFake
const dir = temporaryDirectory()
beforeAll(async () => {
  served = await serveFake({ seed })
})
afterAll(() => served.close())

/** The fake's records as an export writes them: newest first, as plain JSON. */
const expected = (kind: "chats" | "tickets") => {
  const all = kind === "chats" ? data.chats : data.tickets
  return Array.from({ length: all.count }, (_, i) => JSON.parse(JSON.stringify(all.at(all.count - 1 - i))))
}

/** RFC 4180: quoted cells with doubled quotes, CRLF line ends. */
const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") {
        cell += "\""
        i++
      } else if (c === "\"") quoted = false
      else cell += c
    } else if (c === "\"") quoted = true
    else if (c === ",") {
      row.push(cell)
      cell = ""
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ""
      i++
    } else cell += c
  }
  return rows
}

const fromCsv = (kind: "chats" | "tickets", text: string, records: ReadonlyArray<Record<string, unknown>>) => {
  const [header, ...rows] = parseCsv(text)
  expect(header).toEqual(columns(kind))
  expect(rows).toHaveLength(records.length)
  rows.forEach((row, i) => {
    header.forEach((column, j) => {
      const value = records[i][column]
      if (value === undefined || value === null) expect(row[j]).toBe("")
      else if (typeof value === "object") expect(JSON.parse(row[j])).toEqual(value)
      else expect(row[j]).toBe(String(value))
    })
  })
}

const out = (name: string) => join(dir, name)

describe("livechat export", () => {
  it(
    "writes chats and tickets as NDJSON, CSV and JSON, each equal to the fake's records",
    { timeout: 90_000 },
    async () => {
      const lines = (["chats", "tickets"] as const).flatMap((kind) =>
        (["ndjson", "csv", "json"] as const).map((format) =>
          `export ${kind} --format ${format} --out ${out(`${kind}.${format}`)} --concurrency 3 --quiet`
        )
      )
      // To standard output too: the data alone, progress nowhere near it.
      const ran = await livechat(["batch"], { env: served.env, stdin: [...lines, "export tickets --quiet"].join("\n") })
      expect(ran.stderr).toBe("")
      expect(ran.code).toBe(0)
      for (const kind of ["chats", "tickets"] as const) {
        const records = expected(kind)
        expect(records.length).toBe(kind === "chats" ? 600 : 120)
        const ndjson = readFileSync(out(`${kind}.ndjson`), "utf8")
        expect(ndjson.endsWith("\n")).toBe(true)
        expect(ndjson.trimEnd().split("\n").map((line) => JSON.parse(line))).toEqual(records)
        expect(JSON.parse(readFileSync(out(`${kind}.json`), "utf8"))).toEqual(records)
        fromCsv(kind, readFileSync(out(`${kind}.csv`), "utf8"), records)
      }
      expect(ran.stdout).toBe(readFileSync(out("tickets.ndjson"), "utf8"))
    }
  )

  const interrupted = async (signal: "SIGINT" | "SIGKILL", format: "json" | "csv") => {
    const file = out(`stopped-${signal}.${format}`)
    const state = out(`stopped-${signal}.state`)
    const args = ["export", "chats", "--format", format, "--out", file, "--resume", state, "--concurrency", "1"]
    // Slow enough to be stopped half-way.
    await runFake(served.fake.setFaults({ latency: 40 }))
    const child = spawn(process.execPath, [bin, ...args, "--quiet"], { env: environment(served.env) })
    let stderr = ""
    child.stderr.on("data", (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)))
    // Wait for some records to be written and recorded in the state, then stop it.
    let records = 0
    while (records < 100) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      if (existsSync(state)) records = JSON.parse(readFileSync(state, "utf8")).records
    }
    child.kill(signal)
    const code = await exited
    await runFake(served.fake.setFaults({}))
    const saved = JSON.parse(readFileSync(state, "utf8"))
    expect(saved.records).toBeGreaterThanOrEqual(100)
    expect(saved.records).toBeLessThan(600)
    return { args, file, state, code, stderr }
  }

  /** The same command again completes the export: the file equals `reference`, the state is gone. */
  const resumesTo = async (args: ReadonlyArray<string>, file: string, state: string, reference: string) => {
    const resumed = await livechat([...args, "--quiet"], { env: served.env })
    expect(resumed.stderr).toBe("")
    expect(resumed.code).toBe(0)
    expect(readFileSync(file, "utf8")).toBe(readFileSync(reference, "utf8"))
    expect(existsSync(state)).toBe(false)
  }

  it(
    "continues exactly after Ctrl-C (SIGINT): the same file as an export never stopped",
    { timeout: 90_000 },
    async () => {
      const { args, code, file, state, stderr } = await interrupted("SIGINT", "json")
      expect(code).toBe(130)
      expect(stderr).toContain("Interrupted")
      expect(stderr).toContain(state)
      await resumesTo(args, file, state, out("chats.json"))
    }
  )

  it("continues exactly after kill -9 (SIGKILL), a half-written batch included", { timeout: 90_000 }, async () => {
    const { args, file, state } = await interrupted("SIGKILL", "csv")
    // What a batch written after the last state would leave: it is cut and read again.
    appendFileSync(file, "CH0000BROKEN,\"half a record")
    await resumesTo(args, file, state, out("chats.csv"))
  })

  it("refuses a state of another export, and --resume without --out", { timeout: 60_000 }, async () => {
    const other = out("other.ndjson")
    writeFileSync(
      out("chats.state"),
      JSON.stringify({ version: 1, kind: "chats", format: "ndjson", out: other, bytes: 0, records: 0 })
    )
    const ran = await livechat(["batch"], {
      env: served.env,
      stdin: [
        `export chats --resume ${out("x.state")}`,
        `export tickets --out ${other} --resume ${out("chats.state")} --quiet`
      ].join("\n")
    })
    expect(ran.code).toBe(2)
    // No progress for an export that never started.
    expect(ran.stderr).not.toMatch(/^(chats|tickets)[: ]/m)
    expect(ran.stderr).toContain(
      "line 1 (exit 2): InvalidInput: export: resume: a resumable export writes to a file: give --out too"
    )
    expect(ran.stderr).toContain(
      `line 2 (exit 2): InvalidInput: export: resume: the state belongs to another export (chats as ndjson to ${other})`
    )
  })
})

describe("livechat export, when a window cannot be proven exact", () => {
  const liveSeed: LiveChatFake.SeedOptions = { chats: 250, tickets: 5, agents: 2, groups: 1, seed: "not-exact" }
  let live: ServedFake
  let proxy: Server
  let proxyEnv: Record<string, string>
  /**
   * While set, the server overstates the `total` of every page of chats that has any: its pages
   * never deliver what it reports, so no reading of the window proves it complete.
   */
  let overstating = false
  beforeAll(async () => {
    live = await serveFake({ seed: liveSeed })
    // In front of the fake: its answers as they are, or with the total overstated by 5.
    proxy = createServer((request, response) => {
      const headers: Record<string, string> = {}
      for (const name of ["authorization", "x-api-version", "accept"]) {
        const value = request.headers[name]
        if (typeof value === "string") headers[name] = value
      }
      void fetch(`${live.url}${request.url}`, { headers }).then(async (answer) => {
        let body = await answer.text()
        if (overstating && answer.ok && new URL(request.url ?? "/", live.url).pathname === "/chats") {
          const page = JSON.parse(body) as { total: number }
          if (page.total > 0) body = JSON.stringify({ ...page, total: page.total + 5 })
        }
        response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
        response.end(body)
      })
    })
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve))
    proxyEnv = { ...live.env, LIVECHAT_BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` }
  })
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve))
    await live.close()
  })

  // One window: every chat of the fake, none in the last days (which a run reads as a window of their own).
  const range = ["--date-from", "2020-01-01", "--date-to", "2026-06-30"]
  const ids = (file: string): Array<string> =>
    readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line).id)

  it(
    "fails by default with ArchiveMismatch and exit 7, keeping the --resume state; the same command continues",
    { timeout: 90_000 },
    async () => {
      const file = out("unproven.ndjson")
      const state = out("unproven.state")
      const args = ["export", "chats", ...range, "--out", file, "--resume", state, "--quiet"]
      overstating = true
      const stopped = await livechat(args, { env: proxyEnv })
      overstating = false
      expect(stopped.code).toBe(codes.mismatch)
      expect(stopped.stdout).toBe("")
      const lines = stopped.stderr.trimEnd().split("\n")
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^ArchiveMismatch: the days from 2020-01-01 to 2026-06-30 could not be read exactly while the archive changed: the server reported 255 records when it was planned, the run emitted 250; .* — run the command again: an export given --resume continues where it stopped$/
      )
      // The state of what was written before the window failed: kept, for the next run.
      expect(JSON.parse(readFileSync(state, "utf8")).records).toBeGreaterThan(0)

      // Once the server's pages add up, the same command continues, and the file holds every chat once.
      const continued = await livechat(args, { env: proxyEnv })
      expect(continued.stderr).toBe("")
      expect(continued.code).toBe(0)
      expect(existsSync(state)).toBe(false)
      const written = ids(file)
      expect(new Set(written).size).toBe(written.length)
      expect(written.sort()).toEqual(Array.from({ length: 250 }, (_, i) => live.fake.chatAt(i).id).sort())
    }
  )

  it(
    "with --consistency warn, writes what it reads, warns of the window, and exits 7 with a summary line",
    { timeout: 90_000 },
    async () => {
      const file = out("warned.ndjson")
      overstating = true
      const ran = await livechat(["export", "chats", ...range, "--consistency", "warn", "--out", file, "--quiet"], {
        env: proxyEnv
      })
      overstating = false
      expect(ran.code).toBe(codes.mismatch)
      expect(ran.stdout).toBe("")
      const lines = ran.stderr.trimEnd().split("\n")
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(/level=WARN/)
      expect(lines[0]).toContain(
        "the days from 2020-01-01 to 2026-06-30 could not be read exactly while the archive changed"
      )
      expect(lines[1]).toBe("NotExact: 1 window could not be proven exact; see warnings above")
      // Written to the end: every chat the server delivered, once.
      const written = ids(file)
      expect(new Set(written).size).toBe(written.length)
      expect(written).toHaveLength(250)
    }
  )
})

describe("livechat export --format csv, opened in a spreadsheet", () => {
  let hostile: ServedFake
  beforeAll(async () => {
    hostile = await serveFake({ seed: { chats: 0, tickets: 0, agents: 1, groups: 1, seed: "csv" } })
  })
  afterAll(() => hostile.close())

  const subjects = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTAB",
    "plain subject",
    "a = b"
  ]

  it("neutralises texts a spreadsheet would evaluate (OWASP), and --csv-raw writes them as they are", {
    timeout: 60_000
  }, async () => {
    for (const subject of subjects) {
      const created = await livechat(["tickets", "create", "--input", "-"], {
        env: hostile.env,
        stdin: JSON.stringify({
          subject,
          message: "hello",
          requester: { mail: "someone@example.com" },
          group: [0]
        })
      })
      expect(created.stderr).toBe("")
    }
    const out = join(temporaryDirectory(), "t.csv")
    const raw = join(temporaryDirectory(), "raw.csv")
    const [safe, asIs] = await Promise.all([
      livechat(["export", "tickets", "--format", "csv", "--quiet", "--out", out], { env: hostile.env }),
      livechat(["export", "tickets", "--format", "csv", "--quiet", "--csv-raw", "--out", raw], { env: hostile.env })
    ])
    expect(safe.code).toBe(0)
    expect(asIs.code).toBe(0)
    const column = columns("tickets").indexOf("subject")
    const written = (file: string) => parseCsv(readFileSync(file, "utf8")).slice(1).map((row) => row[column]).sort()
    expect(written(out)).toEqual(
      subjects.map((s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)).sort()
    )
    expect(written(raw)).toEqual([...subjects].sort())
    // No cell of the neutralised file starts with a character a spreadsheet evaluates.
    for (const row of parseCsv(readFileSync(out, "utf8"))) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/)
    }
  })
})
