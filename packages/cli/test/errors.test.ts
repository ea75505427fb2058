/**
 * Failures: one line on standard error naming the typed error, and the documented exit code of
 * its kind — against the fake, and against a server written here that fails in the ways the fake
 * does not (a 429 that never ends, a 503, an archive whose pages do not add up to its total, more
 * tickets than the record cap). Every date flag refuses a day the calendar does not have.
 */
import { Chat } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { codes } from "../src/ExitCode.js"
import * as Flags from "../src/Flags.js"
import { livechat, type Ran, runFake, type ServedFake, serveFake, temporaryDirectory } from "./support.js"

let served: ServedFake
let independent: Server
let independentUrl: string

/** Chats as the API writes them, for the independent server's archive. */
const chats = (() => {
  const seeded = LiveChatFake.seed({ chats: 25, seed: "errors" }).chats
  return Array.from({ length: 25 }, (_, i) => Schema.encodeSync(Chat.Chat)(seeded.at(24 - i)))
})()

beforeAll(async () => {
  served = await serveFake({ seed: { chats: 10, tickets: 5, agents: 2, groups: 1, seed: "errors" } })
  independent = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1")
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers })
      response.end(JSON.stringify(body))
    }
    if (url.pathname === "/agents") return json(429, { error: "Too many requests" }, { "retry-after": "1" })
    if (url.pathname === "/status") return json(503, { error: "Service unavailable" })
    // 30 chats reported, 25 delivered: page 2 comes back empty.
    if (url.pathname === "/chats") {
      return json(200, { chats: url.searchParams.get("page") === "2" ? [] : chats, total: 30, pages: 2 })
    }
    // More tickets than the record cap: a ticket matches every day it had activity on, so no date
    // filter splits them.
    if (url.pathname === "/tickets") return json(200, { tickets: [], total: 150_000, pages: 6000 })
    json(404, { error: "Not found" })
  })
  await new Promise<void>((resolve) => independent.listen(0, "127.0.0.1", resolve))
  independentUrl = `http://127.0.0.1:${(independent.address() as AddressInfo).port}`
})
afterAll(async () => {
  await served.close()
  await new Promise((resolve) => independent.close(resolve))
})

const secret = "s3cr3t-not-the-key-0123456789"

const expectFailure = (ran: Ran, code: number, line: RegExp) => {
  expect(ran.code).toBe(code)
  expect(ran.stdout.length).toBe(0)
  const lines = ran.stderr.trimEnd().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(line)
  expect(ran.stderr).not.toContain(secret)
}

describe("errors and exit codes", () => {
  it(
    "tells each kind of failure in one line naming the typed error, with its exit code",
    { timeout: 90_000 },
    async () => {
      // One process for every kind: a batch tells each failure with its line and exit code.
      const credentials = `--api-login ${served.env.LIVECHAT_LOGIN} --api-key ${served.env.LIVECHAT_API_KEY}`
      const other = `--base-url ${independentUrl} ${credentials} --retries 0`
      const file = join(temporaryDirectory(), "c.ndjson")
      const cases: ReadonlyArray<readonly [string, number, RegExp]> = [
        [
          `agents get --login "" ${credentials}`,
          codes.invalidInput,
          /^InvalidInput: agents get: --login must not be empty$/
        ],
        [
          `agents get --json '{login' ${credentials}`,
          codes.invalidInput,
          /^InvalidInput: agents get: json: not JSON: /
        ],
        [
          `agents list --api-login ${served.env.LIVECHAT_LOGIN} --api-key ${secret}`,
          codes.auth,
          /^Unauthorized: GET http:\/\/127\.0\.0\.1:\d+\/agents failed with 401 Unauthorized: .* — check LIVECHAT_LOGIN \/ LIVECHAT_API_KEY/
        ],
        [
          "agents list",
          codes.auth,
          /^MissingCredentials: .*set LIVECHAT_LOGIN and LIVECHAT_API_KEY \(or LIVECHAT_API_KEY_FILE\), or LIVECHAT_ACCESS_TOKEN/
        ],
        [
          `agents get --login nobody@example.com ${credentials}`,
          codes.notFound,
          /^NotFound: GET .*\/agents\/nobody%40example\.com failed with 404 Not Found/
        ],
        [
          `agents list ${other}`,
          codes.rateLimited,
          /^RateLimited: GET .*\/agents failed with 429 Too Many Requests \(retry after 1s\)/
        ],
        [
          `status get ${other}`,
          codes.transport,
          /^ServerError: GET .*\/status failed with 503 Server Error: Service unavailable$/
        ],
        [
          `groups list --base-url http://127.0.0.1:47 --retries 0 ${credentials}`,
          codes.transport,
          /^TransportError: GET http:\/\/127\.0\.0\.1:47\/groups failed \((Connect|Transport)\)/
        ],
        [
          // By default: an export that cannot prove a window exact fails.
          `export chats --quiet --out ${file} ${other}`,
          codes.mismatch,
          /^ArchiveMismatch: the days from .* could not be read exactly .*: the server reported 30 records when it was planned, the run emitted 25; resume from the checkpoint to try again — run the command again: an export given --resume continues where it stopped$/
        ],
        [
          `export tickets --quiet --out ${file} ${other}`,
          codes.mismatch,
          /^WindowTooDense: 150000 records fall within the days from the beginning of time to today, more than the record cap of 100000, and no date filter can split it: .* and run each part$/
        ],
        [
          `agents list --status busy ${credentials}`,
          codes.invalidInput,
          /^InvalidCommandLine: --status must be one of accepting chats, not accepting chats, offline \(got "busy"\) \(see livechat agents list --help\)$/
        ]
      ]
      const ran = await livechat(["batch"], {
        env: { LIVECHAT_BASE_URL: served.url },
        stdin: cases.map(([line]) => line).join("\n")
      })
      expect(ran.stdout).toBe("")
      expect(ran.code).toBe(codes.invalidInput)
      expect(ran.stderr).not.toContain(secret)
      const told = ran.stderr.trimEnd().split("\n").filter((line) => line.startsWith("line "))
      expect(told).toHaveLength(cases.length)
      cases.forEach(([, code, pattern], i) => {
        const [, prefix, rest] = /^(line \d+ \(exit \d+\)): (.*)$/.exec(told[i])!
        expect(prefix).toBe(`line ${i + 1} (exit ${code})`)
        expect(rest).toMatch(pattern)
      })
    }
  )

  it("exits with the code of its failure's kind, one line on standard error", { timeout: 60_000 }, async () => {
    const [notFound, unauthorized, transport] = await Promise.all([
      livechat(["agents", "get", "--login", "nobody@example.com"], { env: served.env }),
      livechat(["agents", "list", "--api-key", secret], { env: served.env }),
      livechat(["groups", "list", "--base-url", "http://127.0.0.1:47", "--retries", "0"], { env: served.env })
    ])
    expectFailure(notFound, codes.notFound, /^NotFound: /)
    expectFailure(unauthorized, codes.auth, /^Unauthorized: /)
    expectFailure(transport, codes.transport, /^TransportError: /)
  })

  /** Every flag of `livechat` that takes a date, as the command line that gives it. */
  const dateFlags = (() => {
    const command = (name: string) => Flags.flagName(name.charAt(0).toLowerCase() + name.slice(1))
    const days = (endpoint: { readonly input: Schema.Schema.Any }) =>
      Flags.fields(endpoint.input).filter(Flags.isDay).map((field) => `--${field.flag}`)
    return [
      ...Endpoints.table.flatMap((endpoint) =>
        days(endpoint).map((flag) => `${command(endpoint.group)} ${command(endpoint.name)} ${flag}`)
      ),
      ...Object.values(Endpoints.groups.Reports).flatMap((endpoint) =>
        days(endpoint).map((flag) => `report ${command(endpoint.name)} ${flag}`)
      ),
      ...(["chats", "tickets"] as const).flatMap((kind) =>
        days(kind === "chats" ? Endpoints.groups.Archives.list : Endpoints.groups.Tickets.list).map((flag) =>
          `export ${kind} ${flag}`
        )
      ),
      `sync --database file:${join(temporaryDirectory(), "never.db")} --since`
    ]
  })()

  const refusal = (flag: string, given: string) =>
    `${flag} must be a day as YYYY-MM-DD that exists in the calendar (got ${JSON.stringify(given)})`

  it(
    "refuses a day the calendar does not have on every date flag, naming the flag, before any request",
    { timeout: 60_000 },
    async () => {
      expect(dateFlags).toEqual(expect.arrayContaining([
        "archives list --date-from",
        "tickets list --date-to",
        "reports total-chats --date-from",
        "report ticket-ranking --date-to",
        "export chats --date-from",
        "export tickets --date-to"
      ]))
      // Every date flag with 2024-02-30; one of them with each other kind of text that is not a day.
      const cases = [
        ...dateFlags.map((line) => [line, "2024-02-30"] as const),
        ...["2024-13-01", "yesterday", "2024-1-5", "2024-02-03 10:00:00"].map((given) =>
          ["export chats --date-from", given] as const
        )
      ]
      const requests = (await runFake(served.fake.requests)).length
      const ran = await livechat(["batch"], {
        env: served.env,
        stdin: cases.map(([line, given]) => `${line} '${given}'`).join("\n")
      })
      expect(ran.code).toBe(codes.invalidInput)
      expect(ran.stdout).toBe("")
      // Each refusal in one line, after the batch's line and exit code.
      const told = ran.stderr.split("\n").filter((line) => line !== "")
      expect(told).toHaveLength(cases.length)
      cases.forEach(([line, given], i) => {
        const flag = line.split(" ").pop()!
        const command = line.split(" --")[0].split(" ").slice(0, 2).join(" ")
        expect(told[i]).toBe(
          `line ${i + 1} (exit ${codes.invalidInput}): InvalidCommandLine: ${refusal(flag, given)} ` +
            `(see livechat ${command.startsWith("sync") ? "sync" : command} --help)`
        )
      })
      // Nothing was sent.
      expect((await runFake(served.fake.requests)).length).toBe(requests)

      // Alone: that line only, and the exit code of a bad flag.
      const alone = await livechat(["export", "tickets", "--date-to", "2024-02-30"], { env: served.env })
      expect(alone.code).toBe(codes.invalidInput)
      expect(alone.stdout).toBe("")
      expect(alone.stderr.trim()).toBe(
        `InvalidCommandLine: ${refusal("--date-to", "2024-02-30")} (see livechat export tickets --help)`
      )
    }
  )

  it("names the command line's flags, not the library's options", { timeout: 60_000 }, async () => {
    const insecure = await livechat(["agents", "list", "--base-url", "http://example.com"], { env: served.env })
    expect(insecure.code).toBe(codes.invalidInput)
    expect(insecure.stderr).toContain("pass --allow-insecure-http")
    expect(insecure.stderr).not.toContain("allowInsecureHttp")
  })

  it("takes a day that exists: 2024-02-29", { timeout: 60_000 }, async () => {
    const ran = await livechat(["reports", "total-chats", "--date-from", "2024-02-29", "--date-to", "2024-02-29"], {
      env: served.env
    })
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
  })
})
