/**
 * The fake's webhook deliveries: what happens in the fake (a chat starts, ends or has its tags
 * changed, a visitor queues, a ticket is created, a canned response changes) is sent to each
 * webhook registered through `POST /webhooks` for that event type, with the data types it asked
 * for, to its URL with the Basic credentials the URL carries, again and again until it answers 200.
 *
 * The bodies are written here from the words of LiveChat's webhooks reference (the fake does not
 * import the receiver's Schemas: the end-to-end tests cross-check the two).
 */
import type { CannedResponse, Chat, Ticket, Visitor } from "@effect-livechat/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Duration, Effect } from "effect"
import { generator } from "./random.js"
import type { State } from "./state.js"
import { iso } from "./time.js"

/** Something that happened in the fake that a webhook may be sent for. */
export type FakeEvent =
  | { readonly type: "chat_started" | "chat_ended" | "chat_changed"; readonly chat: Chat.Chat }
  | { readonly type: "visitor_queued"; readonly visitor: Visitor.Visitor }
  | { readonly type: "ticket_created"; readonly ticket: Ticket.Ticket }
  | { readonly type: "canned_response_changed"; readonly cannedResponse: CannedResponse.CannedResponse }

/** Fault knobs of the deliveries. Rates are shares of deliveries, 0 to 1, drawn from the fake's seed. */
export interface WebhookFaults {
  /** Time before the first attempt of each delivery: fixed, or random in `[min, max]`. */
  readonly delay?: Duration.DurationInput | {
    readonly min: Duration.DurationInput
    readonly max: Duration.DurationInput
  } | undefined
  /** Deliveries sent a second time once the first was answered 200 (a duplicate). */
  readonly duplicateRate?: number | undefined
  /** Deliveries held back until the next one was answered 200 (or a second passed): out of order. */
  readonly reorderRate?: number | undefined
  /** Deliveries never sent (lost). */
  readonly dropRate?: number | undefined
}

/** One attempt to deliver, or a delivery not attempted, as the fake records it. */
export interface Attempt {
  /** The delivery's number (a duplicate has the number of the delivery it copies). */
  readonly delivery: number
  readonly webhookId: string
  readonly eventType: string
  /** The record it is about: `chat/<id>`, `ticket/<id>`, `visitor/<id>`, `canned_response/<id>`. */
  readonly record: string
  /** 1 for the first attempt. */
  readonly attempt: number
  /** Whether this is the copy sent by `duplicateRate`. */
  readonly duplicate: boolean
  /**
   * The status answered; `"unreachable"` when no answer came (refused, reset, timed out);
   * `"dropped"` when `dropRate` lost it; `"not sent"` for a URL that is not on this machine
   * (`deliverTo: "loopback"`).
   */
  readonly outcome: number | "unreachable" | "dropped" | "not sent"
  /** When, in the fake's clock (millis). */
  readonly at: number
}

export interface DeliveryOptions {
  readonly faults?: WebhookFaults | undefined
  /** Where deliveries may go: `"loopback"` (default: 127.0.0.1, ::1, localhost only) or `"any"`. */
  readonly deliverTo?: "loopback" | "any" | undefined
  /** The wait before the second attempt, doubling up to `max`. Default 100 ms up to 5 s. */
  readonly retry?: { readonly initial?: Duration.DurationInput; readonly max?: Duration.DurationInput } | undefined
  /** How long an attempt waits for its answer. Default 10 s. */
  readonly timeout?: Duration.DurationInput | undefined
}

const loopback = new Set(["127.0.0.1", "localhost", "[::1]", "::1"])

const millis = (duration: Duration.DurationInput) => Duration.toMillis(Duration.decode(duration))

// ---------------------------------------------------------------------------------------------
// The bodies, from the reference's words

const chatData = (chat: Chat.Chat, started: boolean) => ({
  id: chat.id,
  started_timestamp: chat.started_timestamp,
  ...(started || chat.ended_timestamp === undefined ? {} : { ended_timestamp: chat.ended_timestamp }),
  messages: chat.messages
    .filter((message) => !started || message.timestamp <= chat.started_timestamp)
    .map((message) => ({
      user_type: message.user_type,
      author_name: message.author_name,
      ...(message.agent_id === undefined ? {} : { agent_id: message.agent_id }),
      text: message.text,
      timestamp: message.timestamp
    })),
  tags: [...chat.tags]
})

const emailOf = (survey: ReadonlyArray<Chat.SurveyField> | undefined) =>
  survey?.find((field) => /mail/i.test(field.key) && field.value !== "")?.value

const visitorOfChat = (chat: Chat.Chat) => {
  const email = emailOf(chat.prechat_survey)
  return {
    id: chat.visitor.id,
    name: chat.visitor.name,
    ...(email === undefined ? {} : { email }),
    custom_variables: (chat.custom_variables ?? []).map((v) => ({ key: v.key, value: v.value }))
  }
}

const visitorData = (visitor: Visitor.Visitor) => ({
  id: visitor.id,
  name: visitor.name,
  custom_variables: (visitor.custom_variables ?? []).map((v) => ({ key: v.key, value: v.value }))
})

const surveyOf = (chat: Chat.Chat) =>
  (chat.prechat_survey ?? []).map((field, i) => ({
    id: field.id ?? String(i + 1),
    type: /mail/i.test(field.key) ? "email" : /name/i.test(field.key) ? "name" : "question",
    label: field.key,
    answer: field.value
  }))

/** A date of a REST ticket (unix seconds or a date string) as the webhooks write it: ISO 8601. */
const isoOf = (value: string | number | undefined): string | undefined => {
  if (value === undefined) return undefined
  if (typeof value === "number") return iso(value)
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? value : iso(Math.floor(parsed / 1000))
}

const ticketData = (state: State, ticket: Ticket.Ticket) => ({
  id: ticket.id,
  status: ticket.status,
  subject: ticket.subject,
  requester: {
    mail: ticket.requester.mail,
    ...(ticket.requester.name === undefined ? {} : { name: ticket.requester.name })
  },
  ...(ticket.assignee === undefined ? {} : { assignee: { id: ticket.assignee.id, name: ticket.assignee.name } }),
  // Groups as objects, unlike the REST ticket's ids.
  groups: ticket.groups.map((group) => {
    const id = typeof group === "number" ? group : group.id
    return { id, name: typeof group === "number" ? state.groups.get(id)?.name ?? "" : group.name }
  }),
  tags: [...(ticket.tags ?? [])],
  source: { type: ticket.source.type, url: ticket.source.url ?? null, id: ticket.source.id ?? null },
  // Event dates as ISO 8601, unlike the REST ticket's unix seconds.
  events: ticket.events.map((event) => ({ ...event, date: isoOf(event.date) ?? iso(0) }))
})

const cannedResponseData = (response: CannedResponse.CannedResponse) => ({
  id: response.id,
  group: response.group,
  text: response.text,
  tags: [...response.tags],
  modification_date: response.modification_date ?? response.creation_date
})

/** The data types of an event, by name (those a webhook did not ask for are left out). */
const dataOf = (state: State, event: FakeEvent): Readonly<Record<string, () => unknown>> => {
  switch (event.type) {
    case "chat_started":
    case "chat_ended":
    case "chat_changed":
      return {
        chat: () => chatData(event.chat, event.type === "chat_started"),
        visitor: () => visitorOfChat(event.chat),
        pre_chat_survey: () => surveyOf(event.chat)
      }
    case "visitor_queued":
      return { visitor: () => visitorData(event.visitor) }
    case "ticket_created":
      return { ticket: () => ticketData(state, event.ticket) }
    case "canned_response_changed":
      return { canned_response: () => cannedResponseData(event.cannedResponse) }
  }
}

const recordOf = (event: FakeEvent): string => {
  switch (event.type) {
    case "chat_started":
    case "chat_ended":
    case "chat_changed":
      return `chat/${event.chat.id}`
    case "visitor_queued":
      return `visitor/${event.visitor.id}`
    case "ticket_created":
      return `ticket/${event.ticket.id}`
    case "canned_response_changed":
      return `canned_response/${event.cannedResponse.id}`
  }
}

// ---------------------------------------------------------------------------------------------
// Sending

interface Delivery {
  readonly number: number
  readonly webhookId: string
  readonly eventType: string
  readonly record: string
  readonly url: URL
  readonly authorization: string | undefined
  readonly body: string
  readonly duplicate: boolean
}

/** The URL without its credentials, and the Basic header they make (what LiveChat sends). */
const target = (url: string): { readonly url: URL; readonly authorization: string | undefined } => {
  const parsed = new URL(url)
  const user = decodeURIComponent(parsed.username)
  const password = decodeURIComponent(parsed.password)
  parsed.username = ""
  parsed.password = ""
  if (user === "" && password === "") return { url: parsed, authorization: undefined }
  const bytes = new TextEncoder().encode(`${user}:${password}`)
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return { url: parsed, authorization: `Basic ${btoa(binary)}` }
}

export class Deliveries {
  readonly attempts: Array<Attempt> = []
  faults: WebhookFaults
  private readonly random: () => number
  private count = 0
  private pending = 0
  private waiters: Array<() => void> = []
  private held: Delivery | undefined
  private heldTimer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly state: State,
    private readonly options: DeliveryOptions,
    private readonly client: HttpClient.HttpClient,
    private readonly run: (effect: Effect.Effect<void>) => void,
    private readonly now: () => number,
    seed: number
  ) {
    this.faults = options.faults ?? {}
    this.random = generator(seed ^ 0x3eb0)
  }

  /** Resolves once no delivery is pending (now, if none is). */
  settled(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve))
  }

  private chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate
  }

  private delay(): number {
    const delay = this.faults.delay
    if (delay === undefined) return 0
    if (typeof delay === "object" && delay !== null && "min" in delay) {
      const min = millis(delay.min)
      return Math.round(min + this.random() * (millis(delay.max) - min))
    }
    return millis(delay)
  }

  private record(delivery: Delivery, attempt: number, outcome: Attempt["outcome"]) {
    this.attempts.push({
      delivery: delivery.number,
      webhookId: delivery.webhookId,
      eventType: delivery.eventType,
      record: delivery.record,
      attempt,
      duplicate: delivery.duplicate,
      outcome,
      at: this.now()
    })
  }

  /** Something happened: a delivery to each webhook registered for it. */
  emit(event: FakeEvent): void {
    const data = dataOf(this.state, event)
    for (const webhook of this.state.webhooks.values()) {
      if (webhook.event_type !== event.type || !this.state.deliverable.has(webhook.id)) continue
      const body: Record<string, unknown> = {
        event_type: event.type,
        token: this.state.seed.owner.token,
        license_id: String(this.state.licenseId)
      }
      for (const type of webhook.data_types) {
        const make = data[type]
        if (make !== undefined) body[type] = make()
      }
      const { authorization, url } = target(webhook.url)
      const delivery: Delivery = {
        number: ++this.count,
        webhookId: webhook.id,
        eventType: event.type,
        record: recordOf(event),
        url,
        authorization,
        body: JSON.stringify(body),
        duplicate: false
      }
      if ((this.options.deliverTo ?? "loopback") === "loopback" && !loopback.has(url.hostname)) {
        this.record(delivery, 0, "not sent")
      } else if (this.chance(this.faults.dropRate)) {
        this.record(delivery, 0, "dropped")
      } else if (this.held === undefined && this.chance(this.faults.reorderRate)) {
        this.hold(delivery)
      } else {
        this.start(delivery, this.held === undefined ? undefined : this.release())
      }
    }
  }

  /** Holds a delivery back until the next one is delivered, or a second passed. */
  private hold(delivery: Delivery) {
    this.pending++
    this.held = delivery
    this.heldTimer = setTimeout(() => {
      const held = this.release()
      if (held !== undefined) this.start(held, undefined, false)
    }, 1000)
  }

  private release(): Delivery | undefined {
    const held = this.held
    this.held = undefined
    if (this.heldTimer !== undefined) clearTimeout(this.heldTimer)
    this.heldTimer = undefined
    return held
  }

  /** Sends a delivery until it is answered 200; then `after` (a delivery held back), then a duplicate. */
  private start(delivery: Delivery, after: Delivery | undefined, count = true) {
    if (count) this.pending++
    const initial = millis(this.options.retry?.initial ?? Duration.millis(100))
    const max = millis(this.options.retry?.max ?? Duration.seconds(5))
    const timeout = Duration.decode(this.options.timeout ?? Duration.seconds(10))
    const request = HttpClientRequest.post(delivery.url).pipe(
      HttpClientRequest.bodyText(delivery.body, "application/json"),
      delivery.authorization === undefined
        ? (r) => r
        : HttpClientRequest.setHeader("authorization", delivery.authorization)
    )
    const attempt = (n: number): Effect.Effect<void> =>
      Effect.gen(this, function*() {
        // A webhook deleted meanwhile is no longer delivered to.
        if (!this.state.webhooks.has(delivery.webhookId)) return
        const status = yield* this.client.execute(request).pipe(
          Effect.flatMap((response) => Effect.as(response.text, response.status)),
          Effect.scoped,
          Effect.timeout(timeout),
          Effect.orElseSucceed(() => "unreachable" as const)
        )
        this.record(delivery, n, status)
        if (status === 200) return
        yield* Effect.sleep(Math.min(max, initial * 2 ** (n - 1)))
        yield* attempt(n + 1)
      })
    this.run(
      Effect.gen(this, function*() {
        const delay = delivery.duplicate ? 0 : this.delay()
        if (delay > 0) yield* Effect.sleep(delay)
        yield* attempt(1)
        if (after !== undefined) this.start(after, undefined, false)
        if (!delivery.duplicate && this.chance(this.faults.duplicateRate)) {
          this.start({ ...delivery, duplicate: true }, undefined)
        }
      }).pipe(
        Effect.ensuring(Effect.sync(() => {
          if (--this.pending === 0) {
            const waiters = this.waiters
            this.waiters = []
            for (const wake of waiters) wake()
          }
        }))
      )
    )
  }

  /** Stops holding anything back (the fake is closing). */
  close() {
    if (this.release() !== undefined) this.pending--
  }
}
