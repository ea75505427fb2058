/**
 * The pieces without a process: flags from Schemas, charts, words of a batch line, error lines.
 */
import { InvalidInput, Unauthorized } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { ArchiveMismatch, WindowTooDense } from "@effect-livechat/streams"
import { describe, expect, it } from "@effect/vitest"
import { ConfigError, FastCheck, Schema } from "effect"
import * as Chart from "../src/Chart.js"
import * as ExitCode from "../src/ExitCode.js"
import * as Export from "../src/Export.js"
import * as Flags from "../src/Flags.js"
import { split } from "../src/internal/words.js"

describe("Flags", () => {
  it("reads each field's kind from the Schema", () => {
    const schema = Schema.Struct({
      login: Schema.String,
      max_chats_count: Schema.optional(Schema.Int),
      status: Schema.optional(Schema.Literal("open", "solved")),
      tag: Schema.optional(Schema.Array(Schema.NonEmptyString)),
      active: Schema.optional(Schema.Boolean),
      requester: Schema.optional(Schema.Struct({ mail: Schema.String })),
      token: Schema.Redacted(Schema.String)
    })
    expect(Flags.fields(schema).map((f) => [f.flag, f.kind, f.required])).toEqual([
      ["login", { _tag: "text" }, true],
      ["max-chats-count", { _tag: "number" }, false],
      ["status", { _tag: "choice", choices: ["open", "solved"] }, false],
      ["tag", { _tag: "list", item: { _tag: "text" } }, false],
      ["active", { _tag: "boolean" }, false],
      ["requester", { _tag: "json" }, false],
      // A Redacted is written as its encoded text.
      ["token", { _tag: "text" }, true]
    ])
  })

  it("gives every endpoint's input fields a flag (a union of structs has the fields of all)", () => {
    for (const endpoint of Endpoints.table) {
      const fields = Flags.fields(endpoint.input)
      for (const param of endpoint.pathParams) expect(fields.map((f) => f.name)).toContain(param)
    }
    expect(Flags.fields(Endpoints.groups.Goals.create.input).map((f) => f.name)).toEqual(
      expect.arrayContaining(["name", "type", "url", "custom_variable_name"])
    )
  })

  it("turns text into the field's value, leaving what cannot be one for the Schema to refuse", () => {
    expect(Flags.parseValue({ _tag: "number" }, "12")).toBe(12)
    expect(Flags.parseValue({ _tag: "number" }, "twelve")).toBe("twelve")
    expect(Flags.parseValue({ _tag: "choice", choices: [0, 1] }, "1")).toBe(1)
    expect(Flags.parseValue({ _tag: "boolean" }, "false")).toBe(false)
    expect(Flags.parseValue({ _tag: "json" }, "{\"a\":[1]}")).toEqual({ a: [1] })
    expect(Flags.flagName("canned_response_id")).toBe("canned-response-id")
    expect(Flags.flagName("resetApiKey")).toBe("reset-api-key")
  })

  it("takes a date flag's text only when it is a day of the calendar as YYYY-MM-DD", () => {
    for (const day of ["2024-02-29", "2023-12-31", "2024-01-05", "2000-02-29"]) {
      expect(Flags.dayError("date-from", day)).toBeUndefined()
    }
    for (
      const text of ["2024-02-30", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-1-5", "yesterday", ""]
    ) {
      expect(Flags.dayError("date-from", text)).toBe(
        `--date-from must be a day as YYYY-MM-DD that exists in the calendar (got ${JSON.stringify(text)})`
      )
    }
    // Days only, as the reference documents the filters: no time of day.
    expect(Flags.dayError("since", "2024-02-03 10:00:00")).toBe(
      "--since must be a day as YYYY-MM-DD that exists in the calendar (got \"2024-02-03 10:00:00\")"
    )
  })

  it("makes the date_from / date_to of the archive, tickets and reports day flags", () => {
    const days = (endpoint: { readonly input: Schema.Schema.Any }) =>
      Flags.fields(endpoint.input).filter(Flags.isDay).map((field) => field.flag)
    expect(days(Endpoints.groups.Archives.list)).toEqual(["date-from", "date-to"])
    expect(days(Endpoints.groups.Tickets.list)).toEqual(["date-from", "date-to"])
    const { agentsOccupancy, ...dated } = Endpoints.groups.Reports
    for (const report of Object.values(dated)) expect(days(report)).toEqual(["date-from", "date-to"])
    // No date filter: the occupancy report, the agents.
    expect(days(agentsOccupancy)).toEqual([])
    expect(days(Endpoints.groups.Agents.list)).toEqual([])
  })
})

describe("Chart", () => {
  it("makes a row per period and a measure per number, however nested", () => {
    const table = Chart.table({
      "2026-11-01": { queued: { count: 2 }, left_queue: { count: 0 }, average: null },
      "2026-11-02": { queued: { count: 5 }, left_queue: { count: 1 }, average: 12.5 }
    })
    expect(table.labels).toEqual(["2026-11-01", "2026-11-02"])
    expect(table.series).toEqual([
      { name: "queued.count", values: [2, 5] },
      { name: "left_queue.count", values: [0, 1] },
      { name: "average", values: [undefined, 12.5] }
    ])
  })

  it("makes a row per agent of a ranking, and draws bars in proportion with their numbers", () => {
    const answer = {
      ranking: [{ name: "a@x.com", good: 8, bad: 2, total: 10, score: 0.5 }, {
        name: "b@x.com",
        good: 2,
        bad: 0,
        total: 2,
        score: 0.3
      }]
    }
    expect(Chart.table(answer).labels).toEqual(["a@x.com", "b@x.com"])
    const drawn = Chart.render("ranking", answer, { width: 60 })
    const good = drawn.split("\n").filter((line) => line.includes("@x.com")).slice(0, 2)
    const bar = (line: string) => line.split("│")[1].replace(/[^█]/g, "").length
    expect(bar(good[0])).toBeGreaterThan(bar(good[1]) * 3)
    expect(good[0].trimEnd().endsWith(" 8")).toBe(true)
    expect(Chart.render("empty", {})).toContain("(no data)")
  })
})

describe("batch lines", () => {
  it.prop(
    "split quoted words back into the words",
    [FastCheck.array(FastCheck.string(), { minLength: 1 })],
    ([words]) => {
      const single = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(" ")
      expect(split(single)).toEqual(words)
      const double = words.map((w) => `"${w.replace(/\\/g, "\\\\").replace(/"/g, "\\\"")}"`).join("  ")
      expect(split(double)).toEqual(words)
    },
    { fastCheck: { seed: 13, numRuns: 200 } }
  )

  it("refuses an unterminated quote", () => {
    expect(split("agents get --login 'x")).toBe("unterminated '")
    expect(split("a b\\ c")).toEqual(["a", "b c"])
  })
})

describe("ExitCode", () => {
  it("gives each kind its code and a line naming the error", () => {
    const unauthorized = new Unauthorized({ method: "GET", url: "https://api.livechatinc.com/agents", status: 401 })
    expect(ExitCode.of(unauthorized)).toBe(3)
    expect(ExitCode.format(unauthorized)).toBe(
      "Unauthorized: GET https://api.livechatinc.com/agents failed with 401 Unauthorized — check LIVECHAT_LOGIN / LIVECHAT_API_KEY (or LIVECHAT_ACCESS_TOKEN) and their flags"
    )
    expect(ExitCode.of(new InvalidInput({ operation: "x", field: "y", detail: "z" }))).toBe(2)
    const window = { from: "2024-03-01", to: "2024-03-01", total: 3, pages: 1 }
    const checkpoint = {
      version: 3 as const,
      kind: "chats" as const,
      filters: "{}",
      windows: [window],
      window: 0,
      page: 1,
      offset: 1,
      lastId: "B",
      emitted: 2,
      inWindow: 2,
      ids: ["A", "B"]
    }
    const mismatch = new ArchiveMismatch({ window, expected: 3, emitted: 2, checkpoint })
    expect(ExitCode.of(mismatch)).toBe(7)
    expect(ExitCode.format(mismatch)).toMatch(
      /^ArchiveMismatch: the day 2024-03-01 could not be read exactly .*; resume from the checkpoint to try again — run the command again: an export given --resume continues where it stopped$/
    )
    expect(ExitCode.of(ConfigError.MissingData(["LIVECHAT_LOGIN"], "no credentials"))).toBe(3)
    expect(ExitCode.format(ConfigError.MissingData(["LIVECHAT_LOGIN"], "no credentials"))).toBe(
      "MissingCredentials: LIVECHAT_LOGIN: no credentials (or --api-login with --api-key / --api-key-file, or --access-token)"
    )
    expect(ExitCode.of(new Error("boom"))).toBe(1)
  })

  it("tells an export that cannot be exact in one line, with the mismatch code", () => {
    const dense = new WindowTooDense({
      window: { from: "2024-03-01", to: "2024-03-01", total: 100_001, pages: 4000 },
      recordCap: 100_000
    })
    expect(ExitCode.of(dense)).toBe(ExitCode.codes.mismatch)
    const line = ExitCode.format(dense)
    expect(line).not.toContain("\n")
    expect(line).toMatch(
      /^WindowTooDense: 100001 records fall within the day 2024-03-01, more than the record cap of 100000, .*tagged=1 and tagged=0.*/
    )
    // --consistency warn went past such windows: written, not known to be exact.
    expect(ExitCode.of(new Export.NotExact({ windows: 3 }))).toBe(ExitCode.codes.mismatch)
    expect(ExitCode.format(new Export.NotExact({ windows: 3 }))).toBe(
      "NotExact: 3 windows could not be proven exact; see warnings above"
    )
    expect(ExitCode.format(new Export.NotExact({ windows: 1 }))).toBe(
      "NotExact: 1 window could not be proven exact; see warnings above"
    )
  })
})

describe("CSV cells opened in a spreadsheet", () => {
  it("a text starting with = + - @ tab or CR gets a ' in front; numbers, other texts and --csv-raw stay", () => {
    expect(Export.neutralise("=HYPERLINK(\"http://x\",\"y\")")).toBe("'=HYPERLINK(\"http://x\",\"y\")")
    for (const text of ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]) expect(Export.neutralise(text)).toBe(`'${text}`)
    for (const text of ["plain", "a=b", " =x", "", "'quoted"]) expect(Export.neutralise(text)).toBe(text)
    expect(Export.csvLine(["=1+1", -3, { a: "=b" }, "x,y"])).toBe("'=1+1,-3,\"{\"\"a\"\":\"\"=b\"\"}\",\"x,y\"\r\n")
    expect(Export.csvLine(["=1+1", -3], { raw: true })).toBe("=1+1,-3\r\n")
  })

  it("no text a neutralised line holds starts a cell with what a spreadsheet evaluates (any text)", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.array(FastCheck.string(), { maxLength: 5 }), (texts) => {
        const line = Export.csvLine(texts)
        // Each cell, unquoted: the text, or it with a ' in front; never a formula.
        for (const text of texts) {
          const cell = Export.neutralise(text)
          expect(/^[=+\-@\t\r]/.test(cell)).toBe(false)
          expect(cell.endsWith(text)).toBe(true)
        }
        expect(line.endsWith("\r\n")).toBe(true)
      })
    )
  })
})

describe("Flags: values refused as the command line is read", () => {
  const field = (kind: Flags.Kind, flag = "x"): Flags.Field => ({
    name: flag,
    flag,
    kind,
    required: false,
    description: undefined,
    secret: false
  })
  it("names the flag and what it takes", () => {
    expect(Flags.valueError(field({ _tag: "number" }, "page"), "two")).toBe("--page must be a number (got \"two\")")
    expect(Flags.valueError(field({ _tag: "choice", choices: ["open", "solved"] }, "status"), "closed")).toBe(
      "--status must be one of open, solved (got \"closed\")"
    )
    expect(Flags.valueError(field({ _tag: "boolean" }, "b"), "yes")).toBe("--b must be true or false (got \"yes\")")
    expect(Flags.valueError(field({ _tag: "json" }, "j"), "{")).toMatch(/^--j must be JSON \(/)
    expect(Flags.valueError(field({ _tag: "list", item: { _tag: "number" } }, "group"), "a")).toBe(
      "--group must be a number (got \"a\")"
    )
    expect(Flags.valueError(field({ _tag: "number" }, "page"), "3")).toBeUndefined()
    expect(Flags.valueError(field({ _tag: "text" }), "anything")).toBeUndefined()
  })

  it("a field whose Schema takes a Redacted is a secret", () => {
    const [token, name] = Flags.fields(
      Schema.Struct({ token: Schema.Union(Schema.Redacted(Schema.String), Schema.String), name: Schema.String })
    )
    expect(token.secret).toBe(true)
    expect(name.secret).toBe(false)
  })
})
