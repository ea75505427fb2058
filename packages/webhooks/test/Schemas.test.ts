/**
 * Property tests of the Schemas against the shapes of LiveChat's webhooks reference: deliveries
 * generated as the reference describes them (each event type with any subset of the data types it
 * supports, numbers sometimes as strings, ISO dates, `{ id, name }` groups, fields the reference
 * does not show) decode, keep everything, and encode back to what decodes the same.
 */
import { Webhook } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, Redacted, Schema } from "effect"
import { WebhookEvent } from "../src/index.js"

const decode = Schema.decodeUnknownEither(WebhookEvent.Event)
const encode = Schema.encodeSync(WebhookEvent.Event)

/** A value with every `Redacted` replaced by `{ redacted: value }`, for comparisons. */
const reveal = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return { redacted: Redacted.value(value) }
  if (value instanceof Date) return value
  if (Array.isArray(value)) return value.map(reveal)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]))
  }
  return value
}

const seconds = fc.integer({ min: 1_000_000_000, max: 2_000_000_000 })
/** A number as the API may send it: a number or a numeric string. */
const numberish = (n: fc.Arbitrary<number>) => fc.oneof(n, n.map(String))
const id = fc.stringMatching(/^[A-Z0-9]{6,12}$/)
const text = fc.string({ maxLength: 40 })
/** Fields the reference does not show, with names that cannot be documented ones. */
const extra = fc.dictionary(
  fc.stringMatching(/^x_[a-z]{1,8}$/),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 }
)

const message = fc.record({
  user_type: fc.constantFrom("agent", "supervisor", "visitor"),
  author_name: text,
  text,
  timestamp: numberish(seconds)
}).chain((m) => m.user_type === "visitor" ? fc.constant(m) : fc.emailAddress().map((agent_id) => ({ ...m, agent_id })))

const chat = fc.tuple(
  fc.record({ id, started_timestamp: numberish(seconds), messages: fc.array(message, { maxLength: 4 }) }),
  fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }),
  fc.option(fc.integer({ min: 1, max: 7200 }), { nil: undefined }),
  extra
).map(([c, tags, length, more]) => ({
  ...more,
  ...c,
  tags,
  ...(length === undefined ? {} : { ended_timestamp: Number(c.started_timestamp) + length })
}))

const visitor = fc.record({
  id: fc.stringMatching(/^S\d{9}\.[A-Z0-9]{10}$/),
  name: text,
  email: fc.emailAddress(),
  custom_variables: fc.array(fc.record({ key: text, value: text }), { maxLength: 3 })
}, { requiredKeys: ["id"] })

const surveyAnswer = fc.oneof(
  fc.record({
    id: fc.oneof(fc.stringMatching(/^\d{1,18}$/), fc.nat()),
    type: fc.constantFrom("name", "email", "question"),
    label: text,
    answer: text
  }),
  fc.record({
    id: fc.stringMatching(/^\d{1,18}$/),
    type: fc.constantFrom("choice", "checkbox", "select"),
    label: text,
    answers: fc.array(fc.record({ label: text, chosen: fc.oneof(fc.boolean(), fc.constantFrom(0, 1)) }), {
      maxLength: 4
    })
  })
)

const iso = fc.date({ min: new Date("2010-01-01"), max: new Date("2035-01-01"), noInvalidDate: true })
  .map((d) => `${d.toISOString().slice(0, 19)}Z`)
const person = fc.record({ id: fc.emailAddress(), name: text })

const ticket = fc.record({
  id: fc.stringMatching(/^[A-Z0-9]{5}$/),
  status: fc.constantFrom("open", "pending", "solved", "spam"),
  subject: text,
  requester: fc.record({ mail: fc.emailAddress(), name: text }),
  assignee: person,
  groups: fc.array(fc.record({ id: numberish(fc.nat({ max: 50 })), name: text }), { maxLength: 3 }),
  tags: fc.array(text, { maxLength: 3 }),
  source: fc.record({
    type: fc.constantFrom("lc2", "mail", "facebook", "agent-app-manual", "chat-window"),
    url: fc.option(fc.webUrl(), { nil: null }),
    id: fc.option(id, { nil: null })
  }),
  events: fc.array(
    fc.record({ type: fc.constantFrom("message", "assignee_changed"), date: iso, author: person, message: text }, {
      requiredKeys: ["date"]
    }),
    { maxLength: 4 }
  )
}, { requiredKeys: ["id", "status", "subject", "requester", "groups", "events"] })

const cannedResponse = fc.record({
  id: numberish(fc.integer({ min: 1, max: 100_000 })),
  group: numberish(fc.nat({ max: 50 })),
  text,
  tags: fc.array(text, { maxLength: 3 }),
  modification_date: numberish(seconds)
}, { requiredKeys: ["id", "group", "text", "tags"] })

const dataOf = {
  chat,
  visitor,
  pre_chat_survey: fc.array(surveyAnswer, { maxLength: 4 }),
  ticket,
  canned_response: cannedResponse
} as const

/** A delivery of one event type with a subset of its data types, as the reference shows it. */
const delivery = fc.constantFrom(...WebhookEvent.EventType.literals).chain((eventType) =>
  fc.tuple(
    fc.subarray([...supported(eventType)]).chain((types) =>
      fc.tuple(...types.map((type) => dataOf[type].map((value) => [type, value] as const)))
    ),
    fc.stringMatching(/^[0-9a-f]{32}$/),
    numberish(fc.integer({ min: 1, max: 99_999_999 })),
    extra
  ).map(([data, token, license, more]) => ({
    ...more,
    event_type: eventType,
    token,
    license_id: license,
    ...Object.fromEntries(data)
  }))
)

function supported(eventType: WebhookEvent.EventType) {
  return Webhook.supportedDataTypes[eventType] as ReadonlyArray<keyof typeof dataOf>
}

describe("deliveries as the reference shows them", () => {
  it.prop("decode, keeping every field, with the credentials redacted", [delivery], ([wire]) => {
    const decoded = decode(wire)
    if (Either.isLeft(decoded)) throw new Error(String(decoded.left))
    const event = decoded.right as Record<string, unknown>
    expect(event["event_type"]).toBe(wire.event_type)
    expect(Redacted.value(event["token"] as Redacted.Redacted<string>)).toBe(wire.token)
    expect(Redacted.value(event["license_id"] as Redacted.Redacted<string>)).toBe(String(wire.license_id))
    expect(JSON.stringify(event)).not.toContain(`"${wire.token}"`)
    // Every field of the delivery is there (ids as strings, numbers as numbers, dates as Dates).
    for (const key of Object.keys(wire)) expect(key in event, key).toBe(true)
    const w = wire as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    if (w.chat !== undefined) {
      const c = event["chat"] as WebhookEvent.Chat
      expect(c.id).toBe(w.chat.id)
      expect(c.started_timestamp).toBe(Number(w.chat.started_timestamp))
      expect(c.tags).toEqual(w.chat.tags)
      for (const key of Object.keys(w.chat)) expect(key in c, key).toBe(true)
    }
    if (w.ticket !== undefined) {
      const t = event["ticket"] as WebhookEvent.Ticket
      t.events.forEach((e, i) => {
        expect(e.date).toBeInstanceOf(Date)
        expect(e.date.getTime()).toBe(Date.parse(w.ticket.events[i].date))
      })
      expect(t.groups).toEqual(w.ticket.groups.map((g: { id: unknown; name: string }) => ({ ...g, id: Number(g.id) })))
    }
    if (w.pre_chat_survey !== undefined) {
      const survey = event["pre_chat_survey"] as WebhookEvent.PreChatSurvey
      expect(survey).toHaveLength(w.pre_chat_survey.length)
      survey.forEach((answer, i) => {
        if ("answers" in answer) {
          expect((answer as WebhookEvent.ChoiceAnswer).answers.map((a) => a.chosen)).toEqual(
            w.pre_chat_survey[i].answers.map((a: { chosen: unknown }) => a.chosen === true || a.chosen === 1)
          )
        }
      })
    }
  }, { fastCheck: { numRuns: 300 } })

  it.prop("encode back to a delivery that decodes the same", [delivery], ([wire]) => {
    const event = Either.getOrThrow(decode(wire))
    expect(reveal(Either.getOrThrow(decode(encode(event))))).toEqual(reveal(event))
  }, { fastCheck: { numRuns: 200 } })

  it.prop("a record without its id is not a delivery", [delivery], ([wire]) => {
    const w = wire as Record<string, unknown>
    const type = ["chat", "visitor", "ticket", "canned_response"].find((t) => w[t] !== undefined)
    fc.pre(type !== undefined)
    const { id: _, ...rest } = w[type!] as Record<string, unknown>
    expect(Either.isLeft(decode({ ...w, [type!]: rest }))).toBe(true)
  }, { fastCheck: { numRuns: 100 } })

  it.prop("an unknown event type is not a delivery", [delivery, fc.stringMatching(/^[a-z_]{1,20}$/)], ([wire, t]) => {
    fc.pre(!(WebhookEvent.EventType.literals as ReadonlyArray<string>).includes(t))
    expect(Either.isLeft(decode({ ...wire, event_type: t }))).toBe(true)
  }, { fastCheck: { numRuns: 100 } })
})

/**
 * Whether a value holds a key `__proto__` at any depth. The arbitraries of fields the reference
 * does not show make any key, this one included; a decoded object cannot keep such a key (assigning
 * it sets the object's prototype), and the receiver drops it as it parses the body (`json.ts`), so
 * no decoded event has one: such values are outside what this property is about.
 */
const hasProtoKey = (value: unknown): boolean =>
  typeof value === "object" && value !== null &&
  (Object.prototype.hasOwnProperty.call(value, "__proto__") || Object.values(value).some(hasProtoKey))

/**
 * Whether a made value is a member of the Schema. Effect's `Arbitrary` fills a struct's index
 * signature (the fields the reference does not show) with any keys, and one of them can be a named
 * optional field left out, with a value of the wrong type (`visitor.name: {}`, seen in CI): such a
 * value is not an event, so it is outside this property.
 */
const isEvent = Schema.is(WebhookEvent.Event)

describe("any event the Schemas can make", () => {
  it.prop("survives encoding and decoding", [
    Arbitrary.make(WebhookEvent.Event).filter((event) => !hasProtoKey(event) && isEvent(event))
  ], ([event]) => {
    expect(reveal(Either.getOrThrow(decode(encode(event))))).toEqual(reveal(event))
  }, { fastCheck: { numRuns: 100 } })
})

describe("recordOf", () => {
  it("names the record an event is about", () => {
    const base = { token: "t", license_id: "1" }
    const chat = { id: "C1", started_timestamp: 1, messages: [], tags: [] }
    const cases: ReadonlyArray<[unknown, string]> = [
      [{ ...base, event_type: "chat_ended", chat, visitor: { id: "V1" } }, "chat/C1"],
      [{ ...base, event_type: "chat_started", visitor: { id: "V1" } }, "visitor/V1"],
      [{ ...base, event_type: "chat_started", pre_chat_survey: [] }, ""],
      [{ ...base, event_type: "visitor_queued", visitor: { id: "V2" } }, "visitor/V2"],
      [
        { ...base, event_type: "canned_response_changed", canned_response: { id: "7", group: 0, text: "", tags: [] } },
        "canned_response/7"
      ]
    ]
    for (const [wire, record] of cases) {
      expect(WebhookEvent.recordOf(Schema.decodeUnknownSync(WebhookEvent.Event)(wire))).toBe(record)
    }
  })
})
