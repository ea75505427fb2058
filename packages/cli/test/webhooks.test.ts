/**
 * `livechat webhooks listen` and `livechat sync --listen`, end to end on 127.0.0.1: the fake
 * delivers the webhooks registered through its API to the receiver the command serves.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { bin, environment, livechat, type ServedFake, serveFake, temporaryDirectory } from "./support.js"

let served: ServedFake
const password = "a long random password"
beforeAll(async () => {
  served = await serveFake({ seed: { chats: 10, tickets: 3, agents: 2, groups: 1, seed: "cli-webhooks" } })
})
afterAll(() => served.close())

/** Spawns `livechat args…`, collecting its output, until `ready` appears on standard error. */
const start = async (args: ReadonlyArray<string>, ready: RegExp) => {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, ...args], {
    env: environment({ ...served.env, LIVECHAT_WEBHOOK_PASSWORD: password, LIVECHAT_LICENSE_ID: "12345" })
  })
  const out = { stdout: "", stderr: "" }
  child.stdout.on("data", (chunk) => (out.stdout += chunk))
  child.stderr.on("data", (chunk) => (out.stderr += chunk))
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve))
  const deadline = Date.now() + 20_000
  while (!ready.test(out.stderr)) {
    if (Date.now() > deadline) throw new Error(`not ready: ${out.stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return { child, out, closed }
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out")
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const createTicket = (subject: string) =>
  livechat(["tickets", "create", "--input", "-"], {
    env: served.env,
    stdin: JSON.stringify({ subject, message: "hi", requester: { mail: "ann@example.com" }, group: [0] })
  })

describe("livechat webhooks listen", () => {
  it("prints each delivery as a line of JSON, credentials redacted; registers itself; the password stays out of ps", {
    timeout: 60_000
  }, async () => {
    const { child, closed, out } = await start(
      ["webhooks", "listen", "--port", "0", "--register", "-", "--event-type", "ticket_created"],
      /Listening for webhooks on http:\/\/127\.0\.0\.1:\d+/
    )
    try {
      expect(out.stderr).toMatch(/^Registered 1 webhook\(s\) at -$/m)
      expect(readFileSync(`/proc/${child.pid}/cmdline`, "utf8")).not.toContain(password)
      const created = await createTicket("delivered by push")
      expect(created.code).toBe(0)
      const id = JSON.parse(created.stdout).id as string
      await until(() => out.stdout.includes(id))
      const event = JSON.parse(out.stdout.trim().split("\n")[0])
      expect(event).toMatchObject({ event_type: "ticket_created", token: "<redacted>", license_id: "<redacted>" })
      expect(event.ticket).toMatchObject({ id, subject: "delivered by push" })
      // The registered webhook's URL carries the password: printed, it is redacted.
      const listed = await livechat(["webhooks", "list"], { env: served.env })
      expect(listed.stdout).toMatch(/"url":"http:\/\/livechat:<redacted>@127\.0\.0\.1:\d+\/"/)
      expect(listed.stdout).not.toContain(password.replace(/ /g, "%20"))
    } finally {
      child.kill("SIGINT")
    }
    expect(await closed).toBe(130)
  })

  it("refuses to start without a password, naming where to give it", { timeout: 60_000 }, async () => {
    const ran = await livechat(["webhooks", "listen", "--port", "0", "--license-id", "1"], { env: served.env })
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(/^InvalidConfig: .*LIVECHAT_WEBHOOK_PASSWORD/)
  })
})

describe("livechat sync --listen", () => {
  it("writes a ticket as its delivery arrives, between polls", { timeout: 60_000 }, async () => {
    const database = `file:${join(temporaryDirectory(), "push.db")}`
    const { child, closed, out } = await start(
      ["sync", "--listen", "--port", "0", "--register", "-", "--database", database, "--json", "--every", "1h"],
      /Listening for webhooks on/
    )
    try {
      // The first poll's summary, then a ticket created: written by push, long before the next poll.
      await until(() => out.stdout.includes("\"resources\""))
      const created = await createTicket("mirrored by push")
      const id = JSON.parse(created.stdout).id as string
      await until(() => out.stdout.includes(id))
      const pushed = out.stdout.trim().split("\n").map((line) => JSON.parse(line)).filter((line) => "pushed" in line)
      expect(pushed).toContainEqual({
        pushed: { outcome: "written", eventType: "ticket_created", resource: "tickets", key: id }
      })
    } finally {
      child.kill("SIGINT")
    }
    expect(await closed).toBe(130)
    expect(out.stderr).toContain("Interrupted")
  })
})
