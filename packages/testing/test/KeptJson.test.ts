/**
 * The fake answers pages of chats and tickets from the JSON it keeps of each record. These tests
 * check that what it keeps never goes stale: whatever happens to the archive between two reads
 * (arrivals in the past or as the newest, the clock moving, removals, status changes, writes
 * through the API), every page is byte for byte what the fake answers when it makes and encodes
 * every record again (`state.encodedPages = false`, the uncached answer).
 */
import { Archives, Tickets } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, FastCheck as fc, Redacted, TestClock, TestContext } from "effect"

const seed = { chats: 90, tickets: 70, seed: "kept-json", pending: 3 }

/** The filters a page read uses: each makes a different selection (and some a scanned one). */
const chatFilters: ReadonlyArray<Record<string, string | ReadonlyArray<string>>> = [
  {},
  { tagged: "1" },
  { tag: ["sales", "billing"] },
  { date_from: "2023-01-01", date_to: "2024-06-30" },
  { include_pending: "1" },
  { rate: "rated" },
  { date_to: "2099-12-31" }
]
const ticketFilters: ReadonlyArray<Record<string, string | ReadonlyArray<string>>> = [
  {},
  { order: "asc" },
  { status: "open" },
  { status: "solved", order: "asc" },
  { tag: "sales" },
  { date_from: "2024-01-01" }
]
const statuses = ["open", "pending", "solved", "spam"] as const
const tags = ["sales", "support", "feedback", "billing", "bug"] as const

type Step =
  | { readonly _tag: "ReadChats"; readonly filter: number; readonly page: number }
  | { readonly _tag: "ReadTickets"; readonly filter: number; readonly page: number }
  | { readonly _tag: "Arrive"; readonly kind: "chats" | "tickets"; readonly back: number | undefined }
  | { readonly _tag: "AddChats"; readonly count: number }
  | { readonly _tag: "Tick"; readonly seconds: number }
  | { readonly _tag: "Remove"; readonly kind: "chats" | "tickets"; readonly position: number }
  | { readonly _tag: "SetStatus"; readonly position: number; readonly status: (typeof statuses)[number] }
  | { readonly _tag: "TagChat"; readonly position: number; readonly tags: ReadonlyArray<string> }
  | { readonly _tag: "TagTicket"; readonly position: number; readonly tags: ReadonlyArray<string> }
  | { readonly _tag: "CreateTicket" }

const kind = fc.constantFrom("chats" as const, "tickets" as const)
const position = fc.nat({ max: 200 })
const someTags = fc.uniqueArray(fc.constantFrom(...tags), { minLength: 1, maxLength: 3 })
const read = (tag: "ReadChats" | "ReadTickets", filters: number) =>
  fc.record({ filter: fc.nat({ max: filters - 1 }), page: fc.integer({ min: 1, max: 3 }) }).map((r) => ({
    _tag: tag,
    ...r
  }))
const step: fc.Arbitrary<Step> = fc.oneof(
  // Reads are frequent, so that most mutations fall between reads of pages kept before them.
  { arbitrary: read("ReadChats", chatFilters.length), weight: 4 },
  { arbitrary: read("ReadTickets", ticketFilters.length), weight: 3 },
  fc.record({
    _tag: fc.constant("Arrive" as const),
    kind,
    // Seconds before now (a record that began long ago and just ended), or now.
    back: fc.option(fc.integer({ min: 1, max: 4 * 365 * 86_400 }), { nil: undefined })
  }),
  fc.record({ _tag: fc.constant("AddChats" as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ _tag: fc.constant("Tick" as const), seconds: fc.integer({ min: 1, max: 3 * 86_400 }) }),
  fc.record({ _tag: fc.constant("Remove" as const), kind, position }),
  fc.record({ _tag: fc.constant("SetStatus" as const), position, status: fc.constantFrom(...statuses) }),
  fc.record({ _tag: fc.constant("TagChat" as const), position, tags: someTags }),
  fc.record({ _tag: fc.constant("TagTicket" as const), position, tags: someTags }),
  fc.constant({ _tag: "CreateTicket" as const })
)

/** A page request as a client sends it. */
const pageRequest = (
  fake: LiveChatFake.Fake,
  path: string,
  filter: Record<string, string | ReadonlyArray<string>>,
  page: number
): LiveChatFake.FakeRequest => {
  const url = new URL(`http://fake${path}`)
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === "string") url.searchParams.append(key, value)
    else for (const item of value) url.searchParams.append(`${key}[]`, item)
  }
  url.searchParams.set("page", String(page))
  return {
    method: "GET",
    url,
    headers: {
      authorization: `Basic ${btoa(`${fake.credentials.login}:${Redacted.value(fake.credentials.apiKey)}`)}`,
      "x-api-version": "2"
    },
    body: undefined
  }
}

/** The answer to `request`, and the uncached answer to it at the same moment. */
const bothAnswers = (fake: LiveChatFake.Fake, request: LiveChatFake.FakeRequest) =>
  Effect.gen(function*() {
    const kept = yield* fake.handle(request)
    fake.state.encodedPages = false
    const made = yield* Effect.ensuring(
      fake.handle(request),
      Effect.sync(() => {
        fake.state.encodedPages = true
      })
    )
    return { kept, made }
  })

/** The id of the record at `position` (modulo the records there are), if any. */
const someId = (fake: LiveChatFake.Fake, kind: "chats" | "tickets", position: number) => {
  const archive = kind === "chats" ? fake.state.chats : fake.state.tickets
  for (let k = 0; k < archive.count; k++) {
    const index = (position + k) % archive.count
    if (archive.has(index)) return archive.idOf(index)
  }
  return undefined
}

const run = (steps: ReadonlyArray<Step>) =>
  Effect.gen(function*() {
    const fake = yield* LiveChatFake.LiveChatFake
    const now = yield* fake.now
    /** Changes so far, and the count when each page was last read. */
    let changes = 0
    const lastRead = new Map<string, number>()
    /** Pages read again after a change (what a stale kept answer would fail). */
    let rereads = 0
    for (const s of steps) {
      if (s._tag !== "ReadChats" && s._tag !== "ReadTickets") changes++
      switch (s._tag) {
        case "ReadChats":
        case "ReadTickets": {
          const chats = s._tag === "ReadChats"
          const filters = chats ? chatFilters : ticketFilters
          const request = pageRequest(fake, chats ? "/chats" : "/tickets", filters[s.filter], s.page)
          const { kept, made } = yield* bothAnswers(fake, request)
          expect(kept.status).toBe(200)
          expect(kept.body).toBe(made.body)
          const key = JSON.stringify(s)
          const before = lastRead.get(key)
          if (before !== undefined && before < changes) rereads++
          lastRead.set(key, changes)
          break
        }
        case "Arrive": {
          const at = s.back === undefined ? undefined : (yield* fake.now) - s.back
          if (s.kind === "chats") yield* fake.arrive({ kind: "chats", at })
          else yield* fake.arrive({ kind: "tickets", at, status: "open" })
          break
        }
        case "AddChats":
          yield* fake.addChats(s.count)
          break
        case "Tick":
          yield* TestClock.adjust(Duration.seconds(s.seconds))
          break
        case "Remove": {
          const id = someId(fake, s.kind, s.position)
          if (id !== undefined) expect(yield* fake.remove(s.kind, id)).toBe(true)
          break
        }
        case "SetStatus": {
          const id = someId(fake, "tickets", s.position)
          if (id !== undefined) expect(yield* fake.setTicketStatus(id, s.status)).toBe(true)
          break
        }
        case "TagChat": {
          const id = someId(fake, "chats", s.position)
          if (id !== undefined) yield* Archives.updateTags({ chat_id: id, tag: s.tags })
          break
        }
        case "TagTicket": {
          const id = someId(fake, "tickets", s.position)
          if (id !== undefined) yield* Tickets.updateTags({ ticket_id: id, tag: s.tags })
          break
        }
        case "CreateTicket":
          yield* Tickets.create({ message: "Where is my parcel?", requester: { mail: "ann.lee@email.com" } })
          break
      }
    }
    // The fake's clock only moved with the steps (no time passes otherwise under TestClock).
    expect(yield* fake.now).toBeGreaterThanOrEqual(now)
    return rereads
  }).pipe(
    Effect.provide(LiveChatFake.layer({ seed, recordCap: 100, client: { retry: false } })),
    Effect.provide(TestContext.TestContext)
  )

describe("the JSON the fake keeps of its records", () => {
  it(
    "never goes stale: whatever mix of changes and page reads answers what making every record again answers",
    async () => {
      let rereads = 0
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60, size: "max" }), async (steps) => {
          rereads += await Effect.runPromise(run(steps))
        }),
        { seed: 20261126, numRuns: 40 }
      )
      // The runs did read pages again after changes.
      expect(rereads).toBeGreaterThan(40)
    },
    60_000
  )

  it.effect("a page read again after a chat's tags change shows its new tags", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const first = yield* Archives.list({ page: 1 })
      const chat = first.chats[3]
      const tag = chat.tags.includes("bug") ? "feedback" : "bug"
      yield* Archives.updateTags({ chat_id: chat.id, tag: [tag] })
      const again = yield* Archives.list({ page: 1 })
      expect(again.chats[3].id).toBe(chat.id)
      expect(again.chats[3].tags).toEqual([tag])
      expect(again.chats.filter((_, i) => i !== 3)).toEqual(first.chats.filter((_, i) => i !== 3))
      const { kept, made } = yield* bothAnswers(fake, pageRequest(fake, "/chats", {}, 1))
      expect(kept.body).toBe(made.body)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed }))))

  it.effect("served over HTTP, a page's bytes are the in-process answer's", () =>
    Effect.gen(function*() {
      const served = yield* LiveChatFakeServer.serve({ seed })
      const request = pageRequest(served.fake, "/chats", { tagged: "1" }, 2)
      const expected = yield* served.fake.handle(request)
      const response = yield* Effect.promise(() =>
        fetch(`${served.url}${request.url.pathname}${request.url.search}`, { headers: request.headers })
      )
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("application/json")
      expect(yield* Effect.promise(() => response.text())).toBe(expected.body)
    }).pipe(Effect.scoped))
})
