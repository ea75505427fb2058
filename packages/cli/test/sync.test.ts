/**
 * `livechat sync` where production differs from the happy path: a server that refuses a resource,
 * databases it cannot use, another sync running; each told in a line a user can act on, with its
 * documented exit code, the flags named rather than the library's options.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { codes } from "../src/ExitCode.js"
import { bin, environment, livechat, type ServedFake, serveFake, temporaryDirectory } from "./support.js"

let served: ServedFake
/** The fake behind a proxy that answers 404 to `/groups`, as a license without the feature would. */
let proxy: Server
let proxied: Record<string, string>
beforeAll(async () => {
  served = await serveFake({ seed: { chats: 40, tickets: 10, agents: 2, groups: 2, seed: "cli-sync" } })
  proxy = createServer((request, response) => {
    if (new URL(request.url ?? "/", served.url).pathname === "/groups") {
      response.writeHead(404, { "content-type": "application/json" })
      response.end(JSON.stringify({ error: "Not found" }))
      return
    }
    const headers: Record<string, string> = {}
    for (const name of ["authorization", "x-api-version", "accept"]) {
      const value = request.headers[name]
      if (typeof value === "string") headers[name] = value
    }
    void fetch(`${served.url}${request.url}`, { headers }).then(async (answer) => {
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
      response.end(await answer.text())
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve))
  proxied = { ...served.env, LIVECHAT_BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` }
})
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve))
  await served.close()
})

describe("livechat sync", () => {
  it("mirrors every resource the server allows, says which it refused and why, and exits with its code", {
    timeout: 60_000
  }, async () => {
    const database = `file:${join(temporaryDirectory(), "m.db")}`
    const ran = await livechat(["sync", "--database", database, "--quiet"], { env: proxied })
    expect(ran.code).toBe(codes.notFound)
    // The resources it could mirror, chats and tickets (after the refused ones) included.
    expect(ran.stdout).toMatch(/^agents +snapshot/m)
    expect(ran.stdout).toMatch(/^chats +full +40 written/m)
    expect(ran.stdout).toMatch(/^tickets +full +10 written/m)
    expect(ran.stdout).not.toMatch(/^groups/m)
    const lines = ran.stderr.trimEnd().split("\n")
    expect(lines[0]).toBe("SyncIncomplete: 2 of the resources could not be mirrored; the others were")
    expect(lines[1]).toMatch(/^ {2}groups: NotFound: GET .*\/groups failed with 404/)
    // Canned responses are read group by group.
    expect(lines[2]).toMatch(/^ {2}canned_responses: NotFound: GET .*\/groups failed with 404/)
    expect(lines).toHaveLength(3)
  })

  it("refuses a database it cannot use in one line, with the exit code the help documents", {
    timeout: 60_000
  }, async () => {
    const [mysql, noDirectory, unreachable] = await Promise.all([
      livechat(["sync", "--database", "mysql://user:secret@db/x"], { env: served.env }),
      livechat(["sync", "--database", "file:/no/such/dir/x.db"], { env: served.env }),
      livechat(["sync", "--database", "postgres://user:hunter2@127.0.0.1:47/x"], { env: served.env })
    ])
    expect(mysql.code).toBe(codes.invalidInput)
    expect(mysql.stderr).toBe(
      "InvalidInput: sync: --database: mysql:// is not a database livechat can use; give file:PATH (SQLite) or a " +
        "postgres:// URL (PostgreSQL)\n"
    )
    expect(noDirectory.code).toBe(codes.database)
    expect(noDirectory.stderr).toMatch(
      /^DatabaseUnavailable: cannot use the database SQLite file \/no\/such\/dir\/x\.db: .*\n$/
    )
    expect(unreachable.code).toBe(codes.database)
    expect(unreachable.stderr).toMatch(/^DatabaseUnavailable: cannot use the database PostgreSQL .*\n$/)
    for (const ran of [mysql, noDirectory, unreachable]) {
      expect(ran.stderr).not.toMatch(/secret|hunter2|at .*\.js:\d+/)
      expect(ran.stdout).toBe("")
    }
  })

  it("another sync running: exit 8, naming --wait rather than the library's option", { timeout: 60_000 }, async () => {
    const slow = await serveFake({
      seed: { chats: 40, tickets: 10, agents: 2, groups: 2, seed: "slow" },
      faults: { latency: "300 millis" }
    })
    const database = `file:${join(temporaryDirectory(), "locked.db")}`
    const first = spawn(process.execPath, [bin, "sync", "--database", database, "--quiet"], {
      env: environment(slow.env),
      stdio: "ignore"
    })
    const closed = new Promise<number | null>((resolve) => first.on("close", resolve))
    try {
      // The first run takes its locks at once, then spends seconds on the slow server.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const second = await livechat(["sync", "--database", database, "--quiet"], { env: slow.env })
      expect(second.code).toBe(codes.locked)
      expect(second.stderr).toMatch(/^SyncLocked: another sync of \w+ into this database is running .* pass --wait\n$/)
      expect(second.stderr).not.toContain("onLocked")
    } finally {
      first.kill("SIGINT")
      await closed
      await slow.close()
    }
  })
})
