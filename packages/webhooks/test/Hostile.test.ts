/**
 * Hostile deliveries against the receiver served on 127.0.0.1 (`WebhookServer`), through real
 * sockets: none may crash it, hang it or get past it. Each case checks the answer, that nothing was
 * handed over, and that the server still takes a valid delivery afterwards.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as Net from "node:net"
import { WebhookServer } from "../src/node.js"
import { authorization, basic, chatEnded, options } from "./support.js"

interface Raw {
  /** What the server sent before closing (or before we gave up). */
  readonly text: string
  /** Whether the server closed the connection. */
  readonly closed: boolean
}

/**
 * Sends `head` on a raw socket, then `drip` (a chunk at a time every `every` ms, up to `max`
 * chunks), collecting the answer until the server closes the connection or `giveUp` ms pass.
 */
const raw = (
  port: number,
  head: string,
  drip?: { readonly chunk: string | Buffer; readonly every: number; readonly max: number },
  giveUp = 5_000
) =>
  new Promise<Raw>((resolve) => {
    const socket = Net.connect(port, "127.0.0.1")
    let text = ""
    let sent = 0
    let timer: ReturnType<typeof setInterval> | undefined
    const done = (closed: boolean) => {
      if (timer !== undefined) clearInterval(timer)
      clearTimeout(limit)
      socket.destroy()
      resolve({ text, closed })
    }
    const limit = setTimeout(() => done(false), giveUp)
    socket.on("data", (data) => (text += data.toString("latin1")))
    socket.on("close", () => done(true))
    socket.on("error", () => {})
    socket.write(head)
    if (drip !== undefined) {
      timer = setInterval(() => {
        if (sent++ >= drip.max || socket.destroyed) {
          clearInterval(timer)
          return
        }
        socket.write(drip.chunk)
      }, drip.every)
    }
  })

const statusOf = (answer: Raw) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer.text)?.[1] ?? 0)

const serveRecording = (extra: Partial<WebhookServer.ServeOptions> = {}) =>
  Effect.gen(function*() {
    const handled: Array<unknown> = []
    const served = yield* WebhookServer.serve({
      ...options,
      host: "127.0.0.1",
      readTimeout: "300 millis",
      checkInterval: "100 millis",
      maxBodySize: 64 * 1024,
      ...extra
    }, (event) => Effect.sync(() => handled.push(event)))
    const send = (body: string, headers: Record<string, string> = {}) =>
      Effect.promise(() =>
        fetch(served.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization, ...headers },
          body
        }).then(async (response) => ({ status: response.status, text: await response.text() }))
      )
    /** A valid delivery still gets through (with a chat id of its own, so it is not a duplicate). */
    const stillServes = (id: string) =>
      Effect.gen(function*() {
        const before = handled.length
        expect((yield* send(JSON.stringify(chatEnded(id)))).status).toBe(200)
        expect(handled.length).toBe(before + 1)
      })
    return { ...served, handled, send, stillServes }
  })

describe("hostile deliveries", () => {
  it.scopedLive("no credentials, wrong credentials: 401, nothing read or kept", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording()
      expect((yield* server.send(JSON.stringify(chatEnded()), { authorization: "" })).status).toBe(401)
      expect((yield* server.send(JSON.stringify(chatEnded()), { authorization: basic("livechat", "guess") })).status)
        .toBe(401)
      // Credentials in the URL are what LiveChat sends: fetch refuses them, so send the header it derives.
      expect(server.handled).toHaveLength(0)
      yield* server.stillServes("ok-1")
    }))

  it.scopedLive("a huge declared body: 413 before reading it", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording()
      const answer = yield* Effect.promise(() =>
        raw(
          server.port,
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\n` +
            `Content-Length: 10000000000\r\n\r\n{"event_type":`
        )
      )
      expect(statusOf(answer)).toBe(413)
      expect(answer.closed).toBe(true)
      expect(server.handled).toHaveLength(0)
      yield* server.stillServes("ok-2")
    }))

  it.scopedLive("an endless body: 413 once over the limit, and the connection closed", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording()
      const chunk = Buffer.from(`2000\r\n${"x".repeat(0x2000)}\r\n`)
      const answer = yield* Effect.promise(() =>
        raw(
          server.port,
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nTransfer-Encoding: chunked\r\n\r\n`,
          // Up to 80 MB if never stopped: far past the 64 KiB limit.
          { chunk, every: 1, max: 10_000 }
        )
      )
      // As above: the 413 is sent, but a sender still sending may see a reset first.
      expect([0, 413]).toContain(statusOf(answer))
      expect(answer.closed).toBe(true)
      expect(server.handled).toHaveLength(0)
      yield* server.stillServes("ok-3")
    }))

  it.scopedLive("malformed, deeply nested, not a delivery, an unknown event type: 400", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording()
      for (
        const body of [
          "{\"event_type\":",
          "\u0000\u0001garbage",
          `${"[".repeat(30_000)}${"]".repeat(30_000)}`,
          `{"a":${"{\"a\":".repeat(10_000)}1${"}".repeat(10_001)}`,
          JSON.stringify({ ...chatEnded(), event_type: "chat_transferred" }),
          JSON.stringify({ event_type: "ticket_created", token: "t", license_id: "12345", ticket: { id: 5 } }),
          "null"
        ]
      ) {
        expect((yield* server.send(body)).status).toBe(400)
      }
      expect(server.handled).toHaveLength(0)
      yield* server.stillServes("ok-4")
    }))

  it.scopedLive("a valid delivery replayed many times: handed over once", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording()
      const body = JSON.stringify(chatEnded("replayed"))
      const answers = yield* Effect.all(Array.from({ length: 200 }, () => server.send(body)), { concurrency: 20 })
      expect(answers.every((answer) => answer.status === 200)).toBe(true)
      expect(answers.filter((answer) => answer.text.includes("\"duplicate\"")).length).toBe(199)
      expect(server.handled).toHaveLength(1)
      yield* server.stillServes("ok-5")
    }))

  it.scopedLive("a delivery for another license: 403, not handed over", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording()
      const answer = yield* server.send(JSON.stringify({ ...chatEnded(), license_id: "777" }))
      expect(answer.status).toBe(403)
      expect(answer.text).not.toContain("777")
      expect(server.handled).toHaveLength(0)
      yield* server.stillServes("ok-6")
    }))

  it.scopedLive("slow-loris senders (a body dripping in, headers dripping in): cut off, the server goes on", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording()
      const body = JSON.stringify(chatEnded("slow"))
      const slowBody = raw(
        server.port,
        `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Length: ${body.length}\r\n\r\n`,
        { chunk: "{", every: 50, max: 1_000 }
      )
      const slowHeaders = raw(server.port, "POST / HTTP/1.1\r\nHost: x\r\n", { chunk: "X", every: 50, max: 1_000 })
      // Many at once, while a valid delivery still gets through.
      const crowd = Array.from({ length: 30 }, () =>
        raw(
          server.port,
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Length: 100\r\n\r\n`,
          { chunk: " ", every: 50, max: 1_000 }
        ))
      yield* server.stillServes("ok-7")
      const [bodyAnswer, headersAnswer, ...crowdAnswers] = yield* Effect.promise(() =>
        Promise.all([slowBody, slowHeaders, ...crowd])
      )
      expect(statusOf(bodyAnswer)).toBe(408)
      expect(bodyAnswer.closed).toBe(true)
      // Node's own answer to headers that never end: 408, then the connection is closed.
      expect(headersAnswer.closed).toBe(true)
      expect([0, 408]).toContain(statusOf(headersAnswer))
      expect(crowdAnswers.every((answer) => answer.closed && statusOf(answer) === 408)).toBe(true)
      expect(server.handled.filter((event) => (event as { chat?: { id: string } }).chat?.id === "slow")).toHaveLength(0)
      yield* server.stillServes("ok-8")
    }))

  it.scopedLive("wrong credentials with a huge body: 401 without reading it", () =>
    Effect.gen(function*() {
      const server = yield* serveRecording({ password: Redacted.make("another password entirely") })
      const answer = yield* Effect.promise(() =>
        raw(
          server.port,
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Length: 50000000\r\n\r\n`,
          // 1 MiB of the 50 MB announced, then the sender waits for the answer.
          { chunk: "x".repeat(65536), every: 1, max: 16 }
        )
      )
      // The answer is sent before the connection is closed, unread data and all; a sender still
      // sending when it closes may see the connection reset before it reads the 401.
      expect([0, 401]).toContain(statusOf(answer))
      expect(answer.closed).toBe(true)
      expect(server.handled).toHaveLength(0)
    }))
})
