/**
 * `livechat export`: every format re-read and compared with the fake's records; an export stopped
 * by Ctrl-C (SIGINT) or killed (SIGKILL) and resumed gives the same file as one never stopped.
 */
import { LiveChatFake } from "@effect-livechat/testing"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
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
      "line 1 (exit 2): InvalidInput: export: invalid input at \"resume\": a resumable export writes to a file: give --out too"
    )
    expect(ran.stderr).toContain(
      `line 2 (exit 2): InvalidInput: export: invalid input at "resume": the state belongs to another export (chats as ndjson to ${other})`
    )
  })
})
