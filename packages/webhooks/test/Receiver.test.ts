/**
 * The receiver in process: each answer of the table in `Receiver.ts`, the handler called only for
 * what it should be (and `200` only after it succeeded), duplicates, secrets kept out of answers,
 * logs and spans, and the stream form.
 */
import { SpanRecorder } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Logger, LogLevel, Redacted, Schema, Stream } from "effect"
import { Receiver, WebhookEvent } from "../src/index.js"
import { authorization, basic, chatEnded, options, password, post, recording, ticketCreated, token } from "./support.js"

const json = (response: Response) => response.json() as Promise<Record<string, unknown>>

describe("answers", () => {
  it.effect("200 after the handler succeeded, with the typed event", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      const response = yield* Effect.promise(() => post(app, chatEnded()))
      expect(response.status).toBe(200)
      expect(handled).toHaveLength(1)
      const event = handled[0] as WebhookEvent.ChatEnded
      expect(event.event_type).toBe("chat_ended")
      expect(event.chat?.id).toBe("MH022RD0K5")
      expect(Redacted.value(event.token)).toBe(token)
      expect(Redacted.value(event.license_id)).toBe("12345")
    }))

  it.effect("a __proto__ key in a delivery is dropped as the body is parsed: no prototype is set", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      const body = JSON.stringify(chatEnded()).replace(
        "\"chat\":{",
        "\"__proto__\":{\"polluted\":true},\"chat\":{\"__proto__\":{\"polluted\":true},"
      )
      const response = yield* Effect.promise(() => post(app, undefined, { body }))
      expect(response.status).toBe(200)
      expect(handled).toHaveLength(1)
      const event = handled[0] as WebhookEvent.ChatEnded & { readonly polluted?: unknown }
      expect(event.chat?.id).toBe("MH022RD0K5")
      expect(event.polluted).toBeUndefined()
      expect((event.chat as { readonly polluted?: unknown }).polluted).toBeUndefined()
      expect(({} as { readonly polluted?: unknown }).polluted).toBeUndefined()
    }))

  it.effect("405 for another method, the handler not called", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      const response = yield* Effect.promise(() => post(app, undefined, { method: "GET" }))
      expect(response.status).toBe(405)
      expect(response.headers.get("allow")).toBe("POST")
      expect(handled).toHaveLength(0)
    }))

  it.effect("401 without credentials, with wrong ones, with a malformed header", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      for (
        const header of [
          undefined,
          basic("livechat", "wrong"),
          basic("someone", password),
          basic("livechat", `${password}x`),
          basic("livechat", password.slice(0, -1)),
          "Basic !!!not-base64",
          "Bearer abc",
          `Basic ${Buffer.from("no-colon").toString("base64")}`
        ]
      ) {
        const response = yield* Effect.promise(() =>
          post(app, chatEnded(), { headers: header === undefined ? { authorization: "" } : { authorization: header } })
        )
        expect(response.status).toBe(401)
        expect(response.headers.get("www-authenticate")).toContain("Basic")
      }
      expect(handled).toHaveLength(0)
    }))

  it.effect("413 for a body over the limit, declared or not", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording({ maxBodySize: 1000 })
      const big = JSON.stringify({ ...chatEnded(), padding: "x".repeat(2000) })
      expect((yield* Effect.promise(() => post(app, undefined, { body: big }))).status).toBe(413)
      // Streamed without a length: counted as it comes.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(big.slice(i * 200, (i + 1) * 200)))
          controller.close()
        }
      })
      expect((yield* Effect.promise(() => post(app, undefined, { body: stream }))).status).toBe(413)
      expect(handled).toHaveLength(0)
    }))

  it.effect("400 for what is not a delivery, saying where but never what", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      const cases: ReadonlyArray<[string, string | Uint8Array]> = [
        ["not JSON", "{\"event_type\": \"chat_ended\", "],
        ["not UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
        ["nested", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
        [
          "nested in an object",
          JSON.stringify({ ...chatEnded(), extra: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) })
        ],
        ["an array", "[]"],
        ["a string", "\"chat_ended\""],
        ["an unknown event type", JSON.stringify({ ...chatEnded(), event_type: "chat_transferred" })],
        ["no event type", JSON.stringify({ token, license_id: "12345" })],
        ["no token", JSON.stringify({ event_type: "chat_ended", license_id: "12345" })],
        ["a token of the wrong type", JSON.stringify({ ...chatEnded(), token: 424242424242 })],
        ["a chat of the wrong shape", JSON.stringify({ ...chatEnded(), chat: "MH022RD0K5" })],
        ["a license id that is not one", JSON.stringify({ ...chatEnded(), license_id: "12345; DROP" })]
      ]
      for (const [name, body] of cases) {
        const response = yield* Effect.promise(() => post(app, undefined, { body }))
        expect(response.status, name).toBe(400)
        const text = yield* Effect.promise(() => response.text())
        expect(text, name).not.toContain(token)
        expect(text, name).not.toContain("424242424242")
        expect(text, name).not.toContain("12345")
      }
      expect(handled).toHaveLength(0)
    }))

  it.effect("403 for another license, the handler not called", () =>
    Effect.gen(function*() {
      const { app, handled, receipts } = yield* recording()
      const response = yield* Effect.promise(() => post(app, { ...chatEnded(), license_id: "99999" }))
      expect(response.status).toBe(403)
      expect(handled).toHaveLength(0)
      expect(receipts[0]).toEqual({
        outcome: "wrong-license",
        status: 403,
        eventType: "chat_ended",
        record: "chat/MH022RD0K5"
      })
      // Several licenses may be accepted.
      const both = yield* recording({ licenseId: [12345, "99999"] })
      expect((yield* Effect.promise(() => post(both.app, { ...chatEnded(), license_id: "99999" }))).status).toBe(200)
    }))

  it.effect("500 while the handler fails (so LiveChat sends it again), 200 once it succeeds", () =>
    Effect.gen(function*() {
      const { app, handled, state } = yield* recording()
      state.failing = true
      expect((yield* Effect.promise(() => post(app, chatEnded()))).status).toBe(500)
      expect((yield* Effect.promise(() => post(app, chatEnded()))).status).toBe(500)
      state.failing = false
      expect((yield* Effect.promise(() => post(app, chatEnded()))).status).toBe(200)
      expect(handled).toHaveLength(1)
    }))

  it.effect("500 when the handler dies, and the receiver goes on", () =>
    Effect.gen(function*() {
      let calls = 0
      const app = yield* Receiver.toHttpApp(options, () => {
        calls++
        if (calls === 1) throw new Error("a bug in the handler")
        return calls === 2 ? Effect.die("a defect") : Effect.void
      })
      expect((yield* Effect.promise(() => post(app, chatEnded()))).status).toBe(500)
      expect((yield* Effect.promise(() => post(app, chatEnded()))).status).toBe(500)
      expect((yield* Effect.promise(() => post(app, chatEnded()))).status).toBe(200)
    }))

  it.effect("unknown fields are accepted and kept, at every level", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      const delivery = chatEnded()
      const body = {
        ...delivery,
        webhook_id: "abc",
        chat: { ...delivery.chat, rate: "rated_good", agents: [{ display_name: "John" }] }
      }
      expect((yield* Effect.promise(() => post(app, body))).status).toBe(200)
      const event = handled[0] as WebhookEvent.ChatEnded
      expect(event["webhook_id"]).toBe("abc")
      expect(event.chat?.["rate"]).toBe("rated_good")
    }))

  it("refuses bad options with InvalidInput, never naming the password", async () => {
    for (
      const bad of [
        { ...options, username: "" },
        { ...options, username: "a:b" },
        { ...options, password: "" },
        { ...options, licenseId: "abc" },
        { ...options, licenseId: [] },
        { ...options, maxBodySize: 0 },
        { ...options, maxDepth: 1.5 },
        { ...options, duplicates: -1 },
        { ...options, readTimeout: "forever" as never }
      ]
    ) {
      const error = await Effect.runPromise(Effect.flip(Receiver.toHttpApp(bad, () => Effect.void)))
      expect(error._tag).toBe("InvalidInput")
      expect(error.message).not.toContain(password)
    }
  })
})

describe("duplicates", () => {
  it.effect("a delivery sent again is answered 200 without calling the handler, and says what recognised it", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      for (let i = 0; i < 20; i++) expect((yield* Effect.promise(() => post(app, chatEnded()))).status).toBe(200)
      expect(handled).toHaveLength(1)
      const again = yield* Effect.promise(() => post(app, chatEnded()).then(json))
      expect(again).toMatchObject({ ok: true, outcome: "duplicate", record: "chat/MH022RD0K5" })
      // The same content in another key order, or with another token, is the same delivery.
      const { token: _, ...rest } = chatEnded()
      const reordered = Object.fromEntries(Object.entries({ ...rest, token: "another-token-value" }).reverse())
      expect((yield* Effect.promise(() => post(app, reordered).then(json))).outcome).toBe("duplicate")
      expect(handled).toHaveLength(1)
    }))

  it.effect("a change that comes back is handed over each time (A, B, A)", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      for (const tags of [["a"], ["b"], ["a"]]) {
        expect((yield* Effect.promise(() => post(app, chatEnded("C1", tags)).then(json))).outcome).toBe("delivered")
      }
      expect(handled).toHaveLength(3)
    }))

  it.effect("other event types and records are not duplicates", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording()
      yield* Effect.promise(() => post(app, chatEnded("C1")))
      yield* Effect.promise(() => post(app, { ...chatEnded("C1"), event_type: "chat_started" }))
      yield* Effect.promise(() => post(app, chatEnded("C2")))
      yield* Effect.promise(() => post(app, ticketCreated()))
      expect(handled).toHaveLength(4)
    }))

  it.effect("memory is bounded: a record forgotten is handed over again", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording({ duplicates: 2 })
      for (const id of ["C1", "C2", "C3", "C1"]) yield* Effect.promise(() => post(app, chatEnded(id)))
      expect(handled).toHaveLength(4)
      // C3 and C1 are remembered.
      yield* Effect.promise(() => post(app, chatEnded("C3")))
      expect(handled).toHaveLength(4)
    }))

  it.effect("`duplicates: false` hands every delivery over", () =>
    Effect.gen(function*() {
      const { app, handled } = yield* recording({ duplicates: false })
      yield* Effect.promise(() => post(app, chatEnded()))
      yield* Effect.promise(() => post(app, chatEnded()))
      expect(handled).toHaveLength(2)
    }))

  it.effect("a copy arriving while the first is handled waits for it, and the handler runs once", () =>
    Effect.gen(function*() {
      let calls = 0
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => (release = resolve))
      const app = yield* Receiver.toHttpApp(options, () =>
        Effect.promise(() => {
          calls++
          return gate
        }))
      const first = post(app, chatEnded())
      const second = post(app, chatEnded())
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
      release()
      const answers = yield* Effect.promise(() => Promise.all([first, second]))
      expect(answers.map((r) => r.status)).toEqual([200, 200])
      expect(calls).toBe(1)
    }))
})

describe("secrets", () => {
  it.effect("token and license id never reach answers, logs or spans", () =>
    Effect.gen(function*() {
      const logs: Array<string> = []
      const recorder = SpanRecorder.make()
      const logger = Logger.make(({ annotations, message }) => logs.push(JSON.stringify({ message, annotations })))
      const { app } = yield* recording()
      const failing = yield* Receiver.toHttpApp(options, (event) => Effect.fail(event))
      const run = (effect: Effect.Effect<Response>) =>
        effect.pipe(
          Effect.withTracer(recorder.tracer),
          Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
          Logger.withMinimumLogLevel(LogLevel.All)
        )
      const bodies: Array<string> = []
      for (
        const [target, body] of [
          [app, chatEnded()],
          [app, { ...chatEnded(), license_id: "99999" }],
          [app, { ...chatEnded(), chat: 5 }],
          [failing, chatEnded("C9")]
        ] as const
      ) {
        const response = yield* run(
          Effect.promise(() => post(Effect.withTracer(target, recorder.tracer), body))
        )
        bodies.push(yield* Effect.promise(() => response.text()))
      }
      const everything = JSON.stringify({
        bodies,
        logs,
        spans: recorder.spans.map((span) => ({ name: span.name, attributes: Object.fromEntries(span.attributes) }))
      })
      expect(recorder.spans.some((span) => span.name === "livechat.webhooks.receive")).toBe(true)
      expect(everything).toContain("chat_ended")
      expect(everything).not.toContain(token)
      expect(everything).not.toContain("12345")
      expect(everything).not.toContain("99999")
    }))

  it("a decoded event prints its credentials as <redacted>", () => {
    const event = Schema.decodeUnknownSync(WebhookEvent.Event)(chatEnded())
    const printed = JSON.stringify(event) + String(event.token) + String(event.license_id)
    expect(printed).toContain("<redacted>")
    expect(printed).not.toContain(token)
    expect(printed).not.toContain("12345")
  })
})

describe("as a stream", () => {
  it.scopedLive("hands deliveries to the stream, 200 once buffered, 503 while the buffer stays full", () =>
    Effect.gen(function*() {
      const { app, events } = yield* Receiver.toStream({ ...options, bufferSize: 1, handoffTimeout: "50 millis" })
      expect((yield* Effect.promise(() => post(app, chatEnded("C1")))).status).toBe(200)
      // The buffer holds C1: C2 waits, then is refused for LiveChat to send again.
      expect((yield* Effect.promise(() => post(app, chatEnded("C2")))).status).toBe(503)
      const first = yield* Stream.runCollect(Stream.take(events, 1))
      expect(Chunk.map(first, (e) => e.event_type === "chat_ended" ? e.chat?.id : "")).toEqual(Chunk.make("C1"))
      const taking = yield* Effect.fork(Stream.runCollect(Stream.take(events, 1)))
      expect((yield* Effect.promise(() => post(app, chatEnded("C2")))).status).toBe(200)
      const second = yield* Fiber.join(taking)
      expect(Chunk.map(second, (e) => e.event_type === "chat_ended" ? e.chat?.id : "")).toEqual(Chunk.make("C2"))
    }))
})

it("the authorization header helper is what LiveChat sends for user:password in the URL", () => {
  expect(authorization).toBe(`Basic ${btoa(`livechat:${password}`)}`)
})
