/**
 * The fake's own behaviour: seeded data, pagination and the record cap, authentication,
 * validation, recorded requests, and each fault knob.
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { Agents, Archives, Tickets } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import {
  makeSeed,
  seededChat,
  seededChatView,
  seededTicket,
  ticketView,
  viewOfChat,
  viewOfTicket
} from "../src/internal/seed.js"

const fake = (options: LiveChatFake.Options = {}, client: Omit<LiveChatClient.Options, "auth" | "baseUrl"> = {}) =>
  LiveChatFake.layer({ ...options, client: { retry: false, ...client } })

const requests = Effect.flatMap(LiveChatFake.LiveChatFake, (f) => f.requests)

/** The day of an instant in America/Phoenix (UTC−7 all year, the fake's default license time zone). */
const phoenixDay = (at: number) => new Date((at - 7 * 3600) * 1000).toISOString().slice(0, 10)

/** A ticket date (ISO text or unix seconds) in unix seconds. */
const seconds = (date: unknown) => typeof date === "number" ? date : Math.floor(Date.parse(String(date)) / 1000)

describe("seeded data", () => {
  it("is deterministic: the same seed makes the same records", () => {
    const a = makeSeed({ chats: 50 }, 7)
    const b = makeSeed({ chats: 50 }, 7)
    expect(seededChat(a, 17)).toEqual(seededChat(b, 17))
    expect(seededChat(a, 17)).not.toEqual(seededChat(makeSeed({ chats: 50 }, 8), 17))
  })

  it("a chat's cheap view agrees with the chat itself", () => {
    const seed = makeSeed({ chats: 300, pending: 5 }, 3)
    for (let i = 0; i < 300; i++) {
      const { text: _, ...view } = seededChatView(seed, i)
      const { text: __, ...fromChat } = viewOfChat(seededChat(seed, i))
      expect(view).toEqual(fromChat)
    }
  })

  it.effect("spreads chats over years, oldest first in the archive, with messages, events, surveys", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.make({ seed: { chats: 1000 } })
      const first = f.chatAt(0)
      const last = f.chatAt(999)
      expect(last.started_timestamp - first.started_timestamp).toBeGreaterThan(3 * 365 * 86_400)
      expect(first.messages.length).toBeGreaterThanOrEqual(2)
      expect(first.events.length).toBeGreaterThan(first.messages.length)
      expect(first.prechat_survey?.[0].id).toMatch(/^\d{17,}$/)
    }))

  it.effect("a million-chat archive is made on demand", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.make({ seed: { chats: 1_000_000 } })
      expect((yield* f.counts).chats).toBe(1_000_000)
      expect(f.chatAt(999_999).id).toBe("CH0000LFLR")
    }))
})

describe("pagination and the record cap", () => {
  for (const count of [0, 1, 25, 26, 100]) {
    it.effect(`${count} chats: total, pages and page sizes as documented`, () =>
      Effect.gen(function*() {
        const first = yield* Archives.list()
        expect(first.total).toBe(count)
        expect(first.pages).toBe(Math.ceil(count / 25))
        expect(first.chats).toHaveLength(Math.min(25, count))
        if (count > 25) {
          const last = yield* Archives.list({ page: first.pages })
          expect(last.chats).toHaveLength(count - 25 * (first.pages - 1))
        }
      }).pipe(Effect.provide(fake({ seed: { chats: count } }))))
  }

  it.effect("beyond the cap, older records are not reachable with one date range", () =>
    Effect.gen(function*() {
      const first = yield* Archives.list()
      expect(first.total).toBe(300)
      expect(first.pages).toBe(4) // 100 reachable
      expect((yield* Archives.list({ page: 4 })).chats).toHaveLength(25)
      expect((yield* Archives.list({ page: 5 })).chats).toHaveLength(0)
      const oldest = yield* LiveChatFake.LiveChatFake
      // The oldest chats are reachable with a date range that holds fewer than the cap.
      const day = oldest.dayOf(oldest.chatAt(0).started_timestamp)
      const early = yield* Archives.list({ date_to: day })
      expect(early.chats.map((c) => c.id)).toContain(oldest.chatAt(0).id)
    }).pipe(Effect.provide(fake({ seed: { chats: 300 }, recordCap: 100 }))))

  it.effect("dates: \"times\" in UTC (the fake's former default): YYYY-MM-DD HH:MM:SS, inclusive, to the second", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const t = f.chatAt(10).started_timestamp
      const at = new Date(t * 1000).toISOString().slice(0, 19).replace("T", " ")
      const page = yield* Archives.list({ date_from: at, date_to: at })
      expect(page.chats.map((c) => c.id)).toEqual([f.chatAt(10).id])
    }).pipe(Effect.provide(fake({ seed: { chats: 50 }, dates: "times", timeZone: "UTC" }))))

  it.effect("pending chats are hidden unless include_pending=1", () =>
    Effect.gen(function*() {
      expect((yield* Archives.list()).total).toBe(27)
      const all = yield* Archives.list({ include_pending: 1 })
      expect(all.total).toBe(30)
      expect(all.chats.filter((c) => c.pending === true)).toHaveLength(3)
    }).pipe(Effect.provide(fake({ seed: { chats: 30, pending: 3 } }))))
})

describe("authentication and validation", () => {
  const asClient = (auth: (fake: LiveChatFake.Fake) => Auth.Auth) =>
    Layer.unwrapEffect(
      Effect.map(LiveChatFake.LiveChatFake, (f) =>
        LiveChatClient.layer({ auth: auth(f), retry: false, rateLimit: false }).pipe(Layer.orDie))
    ).pipe(Layer.provideMerge(LiveChatFake.layerHttpClient({ seed: { chats: 3 } })))

  it.effect("the fake's API key is accepted", () =>
    Effect.gen(function*() {
      expect((yield* Agents.list()).length).toBe(5)
    }).pipe(Effect.provide(asClient((f) => f.auth))))

  it.effect("the fake's OAuth token is accepted", () =>
    Effect.gen(function*() {
      expect((yield* Agents.list()).length).toBe(5)
      const [recorded] = yield* requests
      expect(recorded.headers["authorization"]).toMatch(/^Bearer /)
    }).pipe(Effect.provide(asClient((f) => Auth.bearer(f.credentials.token)))))

  it.effect("a wrong API key is 401", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Agents.list())
      expect(error._tag).toBe("Unauthorized")
      const [recorded] = yield* requests
      expect(recorded.status).toBe(401)
    }).pipe(Effect.provide(asClient(() => Auth.apiKey({ login: "john.doe@mycompany.com", apiKey: "wrong" })))))

  it.effect("an unknown bearer token is 401", () =>
    Effect.gen(function*() {
      expect((yield* Effect.flip(Agents.list()))._tag).toBe("Unauthorized")
    }).pipe(Effect.provide(asClient(() => Auth.bearer("nope")))))

  it.effect("invalid input sent anyway is a 400 naming the problem", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const response = yield* f.handle({
        method: "GET",
        url: new URL("https://api.livechatinc.com/chats?rate=great&page=0"),
        headers: { authorization: `Basic ${btoa(`${f.credentials.login}:${Redacted.value(f.credentials.apiKey)}`)}` },
        body: undefined
      })
      expect(response.status).toBe(400)
      const body = JSON.parse(response.body)
      expect(body.error).toContain("rate")
      expect(body.error).toContain("page")
    }).pipe(Effect.provide(fake())))

  it.effect("an unknown path is 404, a wrong method 405", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const ask = (method: string, path: string) =>
        f.handle({ method, url: new URL(`https://api.livechatinc.com${path}`), headers: {}, body: undefined })
      expect((yield* ask("GET", "/nothing")).status).toBe(404)
      expect((yield* ask("PATCH", "/agents")).status).toBe(405)
    }).pipe(Effect.provide(fake())))

  it.effect("records the requests it receives", () =>
    Effect.gen(function*() {
      yield* Archives.list({ tag: ["sales"], page: 1 })
      const [one] = yield* requests
      expect(one).toMatchObject({ method: "GET", path: "/chats", endpoint: "Archives.list", status: 200 })
      expect([...one.query].sort()).toEqual([["page", "1"], ["tag[]", "sales"]])
      expect(one.headers["x-api-version"]).toBe("2")
    }).pipe(Effect.provide(fake({ seed: { chats: 10 } }))))
})

describe("fault knobs", () => {
  it.effect("latency: each request takes that long (TestClock)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Agents.list())
      yield* TestClock.adjust("199 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      expect((yield* Fiber.join(fiber)).length).toBe(5)
    }).pipe(Effect.provide(fake({ faults: { latency: "200 millis" } }))))

  it.effect("latency in a range stays within it", () =>
    Effect.gen(function*() {
      for (let n = 0; n < 20; n++) {
        const fiber = yield* Effect.fork(Agents.list())
        yield* TestClock.adjust("9 millis")
        expect(fiber.unsafePoll()).toBeNull()
        yield* TestClock.adjust("41 millis")
        expect((yield* Fiber.join(fiber)).length).toBe(5)
      }
    }).pipe(Effect.provide(fake({ faults: { latency: { min: "10 millis", max: "50 millis" } } }))))

  it.effect("rateLimit: beyond the limit the fake answers 429 with Retry-After", () =>
    Effect.gen(function*() {
      yield* Agents.list()
      yield* Agents.list()
      const error = yield* Effect.flip(Agents.list())
      expect(error._tag).toBe("RateLimited")
      if (error._tag === "RateLimited") expect(error.retryAfter).toBeDefined()
      yield* TestClock.adjust("1 second")
      expect((yield* Agents.list()).length).toBe(5)
    }).pipe(Effect.provide(fake({ faults: { rateLimit: { limit: 2, interval: "1 second" } } }))))

  it.effect("errorRate: that share of requests are 500/502/503", () =>
    Effect.gen(function*() {
      const results = yield* Effect.forEach(Array.from({ length: 200 }), () => Effect.either(Agents.list()))
      const failed = results.filter((r) => r._tag === "Left")
      expect(failed.length).toBeGreaterThan(40)
      expect(failed.length).toBeLessThan(80)
      const statuses = new Set((yield* requests).map((r) => r.status).filter((s) => s !== 200))
      expect([...statuses].sort()).toEqual([500, 502, 503])
    }).pipe(Effect.provide(fake({ faults: { errorRate: 0.3 } }))))

  it.effect("resetRate: connections are reset (a TransportError)", () =>
    Effect.gen(function*() {
      const results = yield* Effect.forEach(Array.from({ length: 50 }), () => Effect.either(Agents.list()))
      const resets = results.filter((r) => r._tag === "Left" && r.left._tag === "TransportError")
      expect(resets.length).toBeGreaterThan(10)
      expect(resets.length).toBe(results.filter((r) => r._tag === "Left").length)
    }).pipe(Effect.provide(fake({ faults: { resetRate: 0.5 } }))))

  it.effect("truncateRate: bodies are cut short (never decoded as a value)", () =>
    Effect.gen(function*() {
      const results = yield* Effect.forEach(Array.from({ length: 50 }), () => Effect.either(Agents.list()))
      const cut = results.filter((r) => r._tag === "Left" && r.left._tag === "ResponseDecodeError")
      expect(cut.length).toBeGreaterThan(10)
      expect(results.filter((r) => r._tag === "Right").every((r) => r._tag === "Right" && r.right.length === 5)).toBe(
        true
      )
    }).pipe(Effect.provide(fake({ faults: { truncateRate: 0.5 } }))))

  it.effect("drift: new chats arrive with each request, newest first", () =>
    Effect.gen(function*() {
      const first = yield* Archives.list()
      const second = yield* Archives.list()
      expect(second.total).toBe(first.total + 2)
      expect(second.chats[2].id).toBe(first.chats[0].id)
    }).pipe(Effect.provide(fake({ seed: { chats: 40 }, faults: { drift: { chatsPerRequest: 2 } } }))))

  it.effect("setFaults changes the knobs at run time", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      expect((yield* Effect.either(Agents.list()))._tag).toBe("Right")
      yield* f.setFaults({ errorRate: 1 })
      expect((yield* Effect.flip(Agents.list()))._tag).toBe("ServerError")
      yield* f.setFaults({})
      expect((yield* Effect.either(Agents.list()))._tag).toBe("Right")
    }).pipe(Effect.provide(fake())))

  it.effect(
    "over a real socket: resets and truncated bodies are real transport failures",
    () =>
      Effect.gen(function*() {
        const served = yield* LiveChatFakeServer.serve({ seed: { tickets: 30 } })
        const client = LiveChatClient.layer({
          baseUrl: served.url,
          auth: served.fake.auth,
          retry: false,
          rateLimit: false
        })
          .pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.orDie)
        yield* served.fake.setFaults({ resetRate: 1 })
        const reset = yield* Effect.flip(Tickets.list().pipe(Effect.provide(client)))
        expect(reset._tag).toBe("TransportError")
        yield* served.fake.setFaults({ truncateRate: 1 })
        const cut = yield* Effect.flip(Tickets.list().pipe(Effect.provide(client)))
        expect(["TransportError", "ResponseDecodeError"]).toContain(cut._tag)
        yield* served.fake.setFaults({})
        expect((yield* Tickets.list().pipe(Effect.provide(client))).total).toBe(30)
      }).pipe(Effect.scoped),
    { timeout: 20_000 }
  )
})

describe("cheap views", () => {
  it("a ticket's cheap view agrees with the ticket itself", () => {
    const seed = makeSeed({ tickets: 300 }, 5)
    for (let i = 0; i < 300; i++) {
      const { text: _, ...view } = ticketView(seed, i)
      const { text: __, ...fromTicket } = viewOfTicket(seededTicket(seed, i), view.timestamp)
      expect(view).toEqual(fromTicket)
    }
    expect(Array.from({ length: 300 }, (_, i) => seededTicket(seed, i).rate).filter((r) => r !== undefined).length)
      .toBeGreaterThan(10)
  })
})

describe("LiveChatFake.seed", () => {
  it.effect("shows the data a fake starts with, and can be passed to it", () =>
    Effect.gen(function*() {
      const data = LiveChatFake.seed({ chats: 60, tickets: 10, agents: 2, groups: 2, seed: "s" })
      expect(data.agents).toHaveLength(3)
      expect(data.groups.map((g) => g.id)).toEqual([0, 1, 2])
      const page = yield* Archives.list().pipe(Effect.provide(fake({ seed: data })))
      expect(page.chats.map((c) => c.id)).toEqual(Array.from({ length: 25 }, (_, k) => data.chats.at(59 - k).id))
      expect(page.chats[0]).toEqual(data.chats.at(59))
      const tickets = yield* Tickets.list({ order: "asc" }).pipe(Effect.provide(fake({ seed: data })))
      expect(tickets.tickets.map((t) => t.id)).toEqual(Array.from({ length: 10 }, (_, i) => data.tickets.at(i).id))
    }))
})

describe("ticket filters", () => {
  it.effect("date_from / date_to (any activity, license days), group, query, tag, order", () =>
    Effect.gen(function*() {
      const data = LiveChatFake.seed({ tickets: 200, seed: "t" })
      const all = Array.from({ length: 200 }, (_, i) => data.tickets.at(i))
      const count = (predicate: (t: (typeof all)[number]) => boolean) => all.filter(predicate).length
      // Days of the license's time zone (America/Phoenix, UTC−7) of every activity of a ticket.
      const activityDays = (t: (typeof all)[number]) =>
        [t.date, t.modified, ...t.events.map((e) => e.date), ...t.opened.flatMap((o) => [o.from, o["to"]])]
          .filter((d) => d !== undefined)
          .map((d) => phoenixDay(typeof d === "number" ? d : Date.parse(String(d)) / 1000))
      expect(all.some((t) => new Set(activityDays(t)).size > 1)).toBe(true)

      const from = phoenixDay(seconds(all[50].date))
      const to = phoenixDay(seconds(all[120].date))
      const inRange = yield* Tickets.list({ date_from: from, date_to: to })
      expect(inRange.total).toBe(count((t) => activityDays(t).some((d) => d >= from && d <= to)))
      expect((yield* Tickets.list({ group: 2 })).total).toBe(count((t) => t.groups[0] === 2))
      const word = "invoice"
      expect((yield* Tickets.list({ query: word })).total).toBe(
        count((t) => [t.subject, ...t.events.map((e) => e.message ?? "")].join(" ").toLowerCase().includes(word))
      )
      expect((yield* Tickets.list({ tag: "support" })).total).toBe(count((t) => t.tags?.includes("support") ?? false))
      const asc = yield* Tickets.list({ order: "asc", page: 2 })
      expect(asc.tickets.map((t) => t.id)).toEqual(all.slice(25, 50).map((t) => t.id))
    }).pipe(Effect.provide(fake({ seed: { tickets: 200, seed: "t" } }))))
})

describe("a live archive: arrivals anywhere in time, removals, status changes, a hook between answers", () => {
  /** Every chat of a query, page by page, newest first. */
  const listAll = (filters: Omit<Archives.ListInput, "page"> = {}) =>
    Effect.gen(function*() {
      const first = yield* Archives.list({ ...filters, page: 1 })
      const rest = yield* Effect.forEach(
        Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
        (page) => Archives.list({ ...filters, page })
      )
      return { total: first.total, chats: [first, ...rest].flatMap((p) => p.chats) }
    })

  it.effect("a chat that started in the past lands at its place in time, not as the newest", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const at = f.chatAt(40).started_timestamp + 1
      const arrived = yield* f.arrive({ kind: "chats", at })
      expect(arrived.started_timestamp).toBe(at)
      const { chats, total } = yield* listAll()
      expect(total).toBe(101)
      // Newest first, by start time: the independent oracle is a sort of everything the fake holds.
      const expected = [...Array.from({ length: 100 }, (_, i) => f.chatAt(i)), arrived]
        .sort((a, b) => b.started_timestamp - a.started_timestamp)
      expect(chats.map((c) => c.id)).toEqual(expected.map((c) => c.id))
      expect(chats.findIndex((c) => c.id === arrived.id)).toBe(100 - 41)
      // A date range around it finds it (a day of the license's time zone).
      const day = f.dayOf(at)
      expect(day).toBe(phoenixDay(at))
      const around = yield* listAll({ date_from: day, date_to: day })
      expect(around.chats.map((c) => c.id)).toContain(arrived.id)
    }).pipe(Effect.provide(fake({ seed: { chats: 100 } }))))

  it.effect("a removed chat leaves every query and cannot be fetched; the others move up", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const gone = f.chatAt(70).id
      expect(yield* f.remove("chats", gone)).toBe(true)
      expect(yield* f.remove("chats", gone)).toBe(false)
      const { chats, total } = yield* listAll()
      expect(total).toBe(99)
      expect(chats.map((c) => c.id)).not.toContain(gone)
      expect(chats.map((c) => c.id)).toEqual(
        Array.from({ length: 100 }, (_, i) => f.chatAt(99 - i).id).filter((id) => id !== gone)
      )
      const error = yield* Effect.flip(Archives.get({ chat_id: gone }))
      expect(error._tag).toBe("NotFound")
      // Filtered queries too.
      const tagged = yield* listAll({ tagged: 1 })
      expect(tagged.chats.map((c) => c.id)).not.toContain(gone)
    }).pipe(Effect.provide(fake({ seed: { chats: 100 } }))))

  it.effect("a ticket whose status changes leaves the status filter; a new one created in the past enters it", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const open = yield* Tickets.list({ status: "open", page: 1 })
      const first = open.tickets[0]
      expect(yield* f.setTicketStatus(first.id, "solved")).toBe(true)
      const after = yield* Tickets.list({ status: "open", page: 1 })
      expect(after.total).toBe(open.total - 1)
      expect(after.tickets.map((t) => t.id)).not.toContain(first.id)
      const created = yield* f.arrive({
        kind: "tickets",
        at: Date.parse(String(first.date)) / 1000 - 1,
        status: "open"
      })
      const again = yield* Tickets.list({ status: "open", page: 1 })
      expect(again.total).toBe(open.total)
      expect(again.tickets.map((t) => t.id)).toContain(created.id)
    }).pipe(Effect.provide(fake({ seed: { tickets: 120 } }))))

  it.effect("onAnswer runs after each answer, before the next request: a burst between two page reads", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const seen: Array<number> = []
      yield* f.onAnswer(({ count, endpoint }) => {
        seen.push(count)
        if (count === 1 && endpoint === "Archives.list") {
          for (let i = 0; i < 3; i++) Effect.runSync(f.arrive({ kind: "chats", at: f.chatAt(10).started_timestamp }))
        }
      })
      const page1 = yield* Archives.list({ page: 1 })
      const page2 = yield* Archives.list({ page: 2 })
      expect([page1.total, page2.total]).toEqual([60, 63])
      // The burst landed below both pages (older chats): their totals move, their records do not.
      expect(page2.chats[0].id).toBe(f.chatAt(34).id)
      expect(seen).toEqual([1, 2])
      yield* f.onAnswer(undefined)
      yield* Archives.list({ page: 1 })
      expect(seen).toEqual([1, 2])
    }).pipe(Effect.provide(fake({ seed: { chats: 60 } }))))

  it.effect("date_to in the future includes what arrives now", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const before = yield* Archives.list({ date_to: "2030-12-31", page: 1 })
      const arrived = yield* f.arrive({ kind: "chats" })
      expect(arrived.started_timestamp).toBe(yield* f.now)
      const after = yield* Archives.list({ date_to: "2030-12-31", page: 1 })
      expect(after.total).toBe(before.total + 1)
      expect(after.chats[0].id).toBe(arrived.id)
    }).pipe(Effect.provide(fake({ seed: { chats: 30 } }))))
})
