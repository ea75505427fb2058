/**
 * What the receiver's tests share: options, deliveries as the reference shows them, and the
 * receiver in process (a web `Request` in, a `Response` out, no sockets).
 */
import * as HttpApp from "@effect/platform/HttpApp"
import { Effect, Redacted } from "effect"
import { Receiver } from "../src/index.js"

export const username = "livechat"
export const password = "correct horse battery staple 9f3a"
export const licenseId = 12345
export const token = "0adec158e423091d5a36c9fce95775db"

export const options: Receiver.Options = {
  username,
  password: Redacted.make(password),
  licenseId
}

export const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`
export const authorization = basic(username, password)

/** A `chat_ended` delivery with a chat, a visitor and a pre-chat survey, as the reference describes them. */
export const chatEnded = (id = "MH022RD0K5", tags: ReadonlyArray<string> = ["sales"]) => ({
  event_type: "chat_ended",
  token,
  license_id: String(licenseId),
  chat: {
    id,
    started_timestamp: 1358937653,
    ended_timestamp: 1358937730,
    messages: [
      { user_type: "visitor", author_name: "Mary Brown", text: "Hi there", timestamp: 1358937653 },
      {
        user_type: "agent",
        author_name: "John Doe",
        agent_id: "john.doe@mycompany.com",
        text: "Hello",
        timestamp: 1358937660
      }
    ],
    tags
  },
  visitor: {
    id: "S126126161.O136OJPO1",
    name: "Mary Brown",
    email: "mary.brown@example.com",
    custom_variables: [{ key: "customer_id", value: "8890" }]
  },
  pre_chat_survey: [
    { id: "2001", type: "name", label: "Your name:", answer: "Mary Brown" },
    {
      id: "2003",
      type: "choice",
      label: "Subject:",
      answers: [{ label: "Sales", chosen: true }, { label: "Support", chosen: false }]
    }
  ]
})

/** A `ticket_created` delivery: ISO dates, `{ id, name }` groups. */
export const ticketCreated = (id = "6DVIQ") => ({
  event_type: "ticket_created",
  token,
  license_id: licenseId,
  ticket: {
    id,
    status: "open",
    subject: "Lost password",
    requester: { mail: "mary.brown@example.com", name: "Mary Brown" },
    assignee: { id: "john.doe@mycompany.com", name: "John Doe" },
    groups: [{ id: 0, name: "All operators" }],
    tags: ["account"],
    source: { type: "chat-window", url: "https://mycompany.com/contact", id: null },
    events: [
      {
        type: "message",
        date: "2014-08-18T10:05:05Z",
        author: { id: "mary.brown@example.com", name: "Mary Brown" },
        message: "I lost my password"
      }
    ]
  }
})

export interface Call {
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string | Uint8Array | ReadableStream<Uint8Array> | undefined
}

/** Posts to an app in process, with the right credentials unless `headers` says otherwise. */
export const post = (app: HttpApp.Default, json: unknown, call: Call = {}): Promise<Response> => {
  const handler = HttpApp.toWebHandler(app)
  const body = call.body ?? JSON.stringify(json)
  return handler(
    new Request("http://receiver.test/livechat/webhooks", {
      method: call.method ?? "POST",
      headers: { "content-type": "application/json", authorization, ...call.headers },
      ...(call.method === "GET" ? {} : { body: body as BodyInit, duplex: "half" } as RequestInit)
    })
  )
}

/** A receiver whose handler records what it is given (and fails while `failing` says so). */
export const recording = (extra: Partial<Receiver.Options> = {}) =>
  Effect.gen(function*() {
    const handled: Array<unknown> = []
    const receipts: Array<Receiver.Receipt> = []
    const state = { failing: false }
    const app = yield* Receiver.toHttpApp({
      ...options,
      onReceipt: (receipt) => Effect.sync(() => receipts.push(receipt)),
      ...extra
    }, (event) => state.failing ? Effect.fail("handler down") : Effect.sync(() => handled.push(event)))
    return { app, handled, receipts, state }
  })
