/**
 * Dates, as documented, and the fake's options around them: `date_from` / `date_to` are days of the
 * license's time zone (`timeZone`, default America/Phoenix, UTC−7 all year), chats take another
 * with `timezone`, tickets do not; a time of day is ignored (`dates: "days"`, the default), honoured
 * (`"times"`) or refused (`"refuse-times"`). Tickets come by last modification and match a date
 * range when any of their activities falls in it. The order of chats (`chatOrder`) and of records
 * of the same second (`ties`) are options too.
 *
 * The expectations are written from UTC instants and the zones' fixed offsets, not from the fake's
 * own conversions.
 */
import { Archives, Tickets } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"

const fake = (options: LiveChatFake.Options = {}) => LiveChatFake.layer({ ...options, client: { retry: false } })

/** Unix seconds of an ISO instant. */
const utc = (text: string) => Date.parse(text) / 1000

/** `2025-06-10T07:00:00Z`, as tickets write their dates. */
const iso = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`

/** A request sent as it is (no client-side validation), with the owner's credentials. */
const get = (f: LiveChatFake.Fake, pathAndQuery: string) =>
  Effect.map(
    f.handle({
      method: "GET",
      url: new URL(`https://api.livechatinc.com${pathAndQuery}`),
      headers: { authorization: `Basic ${btoa(`${f.credentials.login}:${Redacted.value(f.credentials.apiKey)}`)}` },
      body: undefined
    }),
    (response) => ({ status: response.status, body: JSON.parse(response.body) })
  )

/** Every chat of a query, page by page. */
const allChats = (filters: Omit<Archives.ListInput, "page"> = {}) =>
  Effect.gen(function*() {
    const first = yield* Archives.list({ ...filters, page: 1 })
    const rest = yield* Effect.forEach(
      Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
      (page) => Archives.list({ ...filters, page })
    )
    return [first, ...rest].flatMap((p) => p.chats)
  })

/** Every ticket of a query, page by page. */
const allTickets = (filters: Omit<Tickets.ListInput, "page"> = {}) =>
  Effect.gen(function*() {
    const first = yield* Tickets.list({ ...filters, page: 1 })
    const rest = yield* Effect.forEach(
      Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
      (page) => Tickets.list({ ...filters, page })
    )
    return [first, ...rest].flatMap((p) => p.tickets)
  })

/**
 * Instants around the day 2025-06-10 of three zones. Phoenix (UTC−7): [06-10T07:00Z, 06-11T07:00Z);
 * Kolkata (UTC+5:30): [06-09T18:30Z, 06-10T18:30Z); UTC: [06-10T00:00Z, 06-11T00:00Z).
 */
const instants = {
  kolkataBefore: utc("2025-06-09T18:29:59Z"),
  kolkataFirst: utc("2025-06-09T18:30:00Z"),
  utcFirst: utc("2025-06-10T00:00:00Z"),
  phoenixBefore: utc("2025-06-10T06:59:59Z"),
  phoenixFirst: utc("2025-06-10T07:00:00Z"),
  kolkataLast: utc("2025-06-10T18:29:59Z"),
  kolkataAfter: utc("2025-06-10T18:30:00Z"),
  utcLast: utc("2025-06-10T23:59:59Z"),
  phoenixLast: utc("2025-06-11T06:59:59Z"),
  phoenixAfter: utc("2025-06-11T07:00:00Z")
} as const
type Instant = keyof typeof instants
const names = Object.keys(instants) as ReadonlyArray<Instant>

/** A chat started at each instant (the archive holds nothing else); their ids by instant. */
const chatsAtInstants = Effect.gen(function*() {
  const f = yield* LiveChatFake.LiveChatFake
  const ids = new Map<string, Instant>()
  for (const name of names) ids.set((yield* f.arrive({ kind: "chats", at: instants[name] })).id, name)
  return (chats: ReadonlyArray<{ readonly id: string }>) => chats.map((c) => ids.get(c.id)!)
})

/** A ticket created (open, nothing else happened to it) at each instant; their ids by instant. */
const ticketsAtInstants = Effect.gen(function*() {
  const f = yield* LiveChatFake.LiveChatFake
  const ids = new Map<string, Instant>()
  for (const name of names) {
    ids.set((yield* f.arrive({ kind: "tickets", at: instants[name], status: "open" })).id, name)
  }
  return (tickets: ReadonlyArray<{ readonly id: string }>) => tickets.map((t) => ids.get(t.id)!)
})

/** The instants within [first, last] (inclusive), newest first: what a query of those bounds finds. */
const within = (first: number, last: number) =>
  names.filter((n) => instants[n] >= first && instants[n] <= last).sort((a, b) => instants[b] - instants[a])

const phoenixDay = within(instants.phoenixFirst, instants.phoenixLast)
const kolkataDay = within(instants.kolkataFirst, instants.kolkataLast)
const utcDay = within(instants.utcFirst, instants.utcLast)

describe("days of the license's time zone (default America/Phoenix, UTC−7)", () => {
  it("the three days differ (the test's own premise)", () => {
    expect(phoenixDay).toEqual(["phoenixLast", "utcLast", "kolkataAfter", "kolkataLast", "phoenixFirst"])
    expect(kolkataDay).toEqual(["kolkataLast", "phoenixFirst", "phoenixBefore", "utcFirst", "kolkataFirst"])
    expect(utcDay).toEqual(["utcLast", "kolkataAfter", "kolkataLast", "phoenixFirst", "phoenixBefore", "utcFirst"])
  })

  it.effect("GET /chats: a day is the license's day, not UTC's", () =>
    Effect.gen(function*() {
      const named = yield* chatsAtInstants
      const f = yield* LiveChatFake.LiveChatFake
      expect(f.timeZone).toBe("America/Phoenix")
      expect(LiveChatFake.defaultTimeZone).toBe("America/Phoenix")
      expect(f.dayOf(instants.phoenixBefore)).toBe("2025-06-09")
      expect(f.dayOf(instants.phoenixFirst)).toBe("2025-06-10")
      expect(f.dayOf(instants.phoenixBefore, "UTC")).toBe("2025-06-10")
      expect(named(yield* allChats({ date_from: "2025-06-10", date_to: "2025-06-10" }))).toEqual(phoenixDay)
      // Open-ended ranges cut at the same instants.
      expect(named(yield* allChats({ date_from: "2025-06-11" }))).toEqual(["phoenixAfter"])
      expect(named(yield* allChats({ date_to: "2025-06-09" }))).toEqual(
        within(0, instants.phoenixBefore)
      )
    }).pipe(Effect.provide(fake())))

  it.effect("GET /chats in a +5:30 license time zone (Asia/Kolkata)", () =>
    Effect.gen(function*() {
      const named = yield* chatsAtInstants
      expect(named(yield* allChats({ date_from: "2025-06-10", date_to: "2025-06-10" }))).toEqual(kolkataDay)
    }).pipe(Effect.provide(fake({ timeZone: "Asia/Kolkata" }))))

  it.effect("GET /chats: `timezone` overrides the license's time zone for that query; an unknown one is 400", () =>
    Effect.gen(function*() {
      const named = yield* chatsAtInstants
      const day = { date_from: "2025-06-10", date_to: "2025-06-10" }
      expect(named(yield* allChats({ ...day, timezone: "Asia/Kolkata" }))).toEqual(kolkataDay)
      expect(named(yield* allChats({ ...day, timezone: "UTC" }))).toEqual(utcDay)
      expect(named(yield* allChats(day))).toEqual(phoenixDay)
      const error = yield* Effect.flip(Archives.list({ ...day, timezone: "Mars/Olympus" }))
      expect(error._tag).toBe("BadRequest")
      expect(error.message).toContain("timezone")
    }).pipe(Effect.provide(fake())))

  it.effect("GET /tickets: days of the license's time zone; `timezone` is ignored (not refused)", () =>
    Effect.gen(function*() {
      const named = yield* ticketsAtInstants
      const f = yield* LiveChatFake.LiveChatFake
      expect(named(yield* allTickets({ date_from: "2025-06-10", date_to: "2025-06-10" }))).toEqual(phoenixDay)
      const ignored = yield* get(f, "/tickets?date_from=2025-06-10&date_to=2025-06-10&timezone=Asia%2FKolkata")
      expect(ignored.status).toBe(200)
      expect(named(ignored.body.tickets)).toEqual(phoenixDay)
    }).pipe(Effect.provide(fake())))

  it.effect("GET /tickets in a +5:30 license time zone", () =>
    Effect.gen(function*() {
      const named = yield* ticketsAtInstants
      expect(named(yield* allTickets({ date_from: "2025-06-10", date_to: "2025-06-10" }))).toEqual(kolkataDay)
    }).pipe(Effect.provide(fake({ timeZone: "Asia/Kolkata" }))))

  it.effect("an unknown license time zone is a defect when the fake starts", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(LiveChatFake.make({ timeZone: "Mars/Olympus" }))
      expect(exit._tag).toBe("Failure")
    }))
})

describe("a time of day: ignored (default), honoured (`times`) or refused (`refuse-times`)", () => {
  const noon = { date_from: "2025-06-10 12:00:00", date_to: "2025-06-10 12:00:01" }

  it.effect("days (default): only the day of a date-time counts", () =>
    Effect.gen(function*() {
      const chat = yield* chatsAtInstants
      expect(chat(yield* allChats(noon))).toEqual(phoenixDay)
      expect(chat(yield* allChats({ ...noon, timezone: "UTC" }))).toEqual(utcDay)
    }).pipe(Effect.provide(fake())))

  it.effect("days (default), tickets too", () =>
    Effect.gen(function*() {
      const ticket = yield* ticketsAtInstants
      expect(ticket(yield* allTickets(noon))).toEqual(phoenixDay)
    }).pipe(Effect.provide(fake())))

  it.effect("times: honoured to the second, read in the license's time zone (or the query's)", () =>
    Effect.gen(function*() {
      const chat = yield* chatsAtInstants
      // 00:00:00 in Phoenix is 07:00:00Z; 16:29:59 is 23:29:59Z.
      const morning = { date_from: "2025-06-10 00:00:00", date_to: "2025-06-10 11:29:59" }
      expect(chat(yield* allChats(morning))).toEqual(within(instants.phoenixFirst, instants.kolkataLast))
      expect(chat(yield* allChats({ date_from: "2025-06-10 00:00:01", date_to: "2025-06-10 11:29:58" }))).toEqual([])
      // In UTC, the same text is seven hours earlier.
      expect(chat(yield* allChats({ ...morning, timezone: "UTC" }))).toEqual(
        within(instants.utcFirst, utc("2025-06-10T11:29:59Z"))
      )
      // A day alone is still the whole day.
      expect(chat(yield* allChats({ date_from: "2025-06-10", date_to: "2025-06-10" }))).toEqual(phoenixDay)
    }).pipe(Effect.provide(fake({ dates: "times" }))))

  it.effect("times: tickets too", () =>
    Effect.gen(function*() {
      const ticket = yield* ticketsAtInstants
      expect(ticket(yield* allTickets({ date_from: "2025-06-10 00:00:00", date_to: "2025-06-10 11:29:59" })))
        .toEqual(within(instants.phoenixFirst, instants.kolkataLast))
    }).pipe(Effect.provide(fake({ dates: "times" }))))

  it.effect("times in UTC: the fake's former behaviour, to the second", () =>
    Effect.gen(function*() {
      const chat = yield* chatsAtInstants
      expect(chat(yield* allChats({ date_from: "2025-06-10 07:00:00", date_to: "2025-06-10 18:29:59" }))).toEqual(
        within(instants.phoenixFirst, instants.kolkataLast)
      )
      expect(chat(yield* allChats({ date_from: "2025-06-10", date_to: "2025-06-10" }))).toEqual(utcDay)
    }).pipe(Effect.provide(fake({ dates: "times", timeZone: "UTC" }))))

  it.effect("refuse-times: a time of day is a 400 naming the field; a day is answered", () =>
    Effect.gen(function*() {
      const chat = yield* chatsAtInstants
      const f = yield* LiveChatFake.LiveChatFake
      const chats = yield* Effect.flip(Archives.list({ date_from: "2025-06-10 12:00:00" }))
      expect(chats._tag).toBe("BadRequest")
      expect(chats.message).toContain("date_from")
      const tickets = yield* Effect.flip(Tickets.list({ date_to: "2025-06-10 12:00:00" }))
      expect(tickets._tag).toBe("BadRequest")
      expect(tickets.message).toContain("date_to")
      const raw = yield* get(f, "/chats?date_to=2025-06-10%2012:00:00")
      expect(raw.status).toBe(400)
      expect(raw.body.error).toContain("date_to")
      expect(chat(yield* allChats({ date_from: "2025-06-10", date_to: "2025-06-10" }))).toEqual(phoenixDay)
    }).pipe(Effect.provide(fake({ dates: "refuse-times" }))))

  for (const dates of ["days", "times", "refuse-times"] as const) {
    it.effect(`an impossible day is a 400 (${dates})`, () =>
      Effect.gen(function*() {
        const f = yield* LiveChatFake.LiveChatFake
        for (
          const query of [
            "/chats?date_from=2024-02-30",
            "/chats?date_to=2023-02-29",
            "/tickets?date_from=2024-04-31",
            "/tickets?date_to=2024-13-01",
            "/chats?date_from=2024-02-30%2010:00:00"
          ]
        ) {
          const answer = yield* get(f, query)
          expect(answer.status).toBe(400)
          expect(typeof answer.body.error).toBe("string")
        }
        expect((yield* get(f, "/chats?date_from=2024-02-29")).status).toBe(200)
      }).pipe(Effect.provide(fake({ dates }))))
  }
})

describe("tickets by last modification, matching any activity", () => {
  it.effect("newest modification first (asc: oldest first); a modified ticket moves", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const data = LiveChatFake.seed({ tickets: 60, seed: "m" })
      const byIndex = Array.from({ length: 60 }, (_, i) => data.tickets.at(i).id)
      expect((yield* allTickets()).map((t) => t.id)).toEqual([...byIndex].reverse())
      expect((yield* allTickets({ order: "asc" })).map((t) => t.id)).toEqual(byIndex)

      // A minute after the fake started (the newest seeded ticket was modified when it started).
      yield* TestClock.adjust("1 minute")
      const now = yield* f.now
      const oldest = byIndex[0]
      const changed = yield* f.modifyTicket(oldest)
      expect(changed?.modified).toBe(iso(now))
      expect(changed?.events[changed.events.length - 1]).toMatchObject({
        type: "message",
        is_private: true,
        date: iso(now),
        author: { type: "agent" }
      })
      expect(yield* Tickets.get({ ticket_id: oldest })).toEqual(changed)
      const desc = yield* allTickets()
      expect(desc.map((t) => t.id)).toEqual([oldest, ...[...byIndex].reverse().slice(0, 59)])
      expect((yield* allTickets({ order: "asc" })).map((t) => t.id)).toEqual([...byIndex.slice(1), oldest])
      // The order is the tickets' own `modified`, newest first.
      const modified = desc.map((t) => utc(String(t.modified)))
      expect(modified).toEqual([...modified].sort((a, b) => b - a))

      expect(yield* f.modifyTicket("TNOPE00")).toBeUndefined()
      expect(yield* f.setTicketStatus("TNOPE00", "open")).toBe(false)
    }).pipe(Effect.provide(fake({ seed: { tickets: 60, seed: "m" } }))))

  it.effect("a status change is a modification: an event, `modified`, the opened period", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const open = yield* allTickets({ status: "open" })
      const ticket = open[open.length - 1]
      const at = (yield* f.now) + 60
      expect(yield* f.setTicketStatus(ticket.id, "solved", at)).toBe(true)
      const solved = yield* Tickets.get({ ticket_id: ticket.id })
      expect(solved.status).toBe("solved")
      expect(solved.modified).toBe(iso(at))
      expect(solved.events[solved.events.length - 1]).toMatchObject({ type: "status_changed", date: iso(at) })
      expect(solved.opened[solved.opened.length - 1]).toMatchObject({ to: iso(at) })
      expect((yield* Tickets.list()).tickets[0].id).toBe(ticket.id)
      // A status it already has changes nothing.
      expect(yield* f.setTicketStatus(ticket.id, "solved", at + 60)).toBe(true)
      expect(yield* Tickets.get({ ticket_id: ticket.id })).toEqual(solved)
    }).pipe(Effect.provide(fake({ seed: { tickets: 40 } }))))

  it.effect("a ticket matches the days of any of its activities, and no day between them", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      // Noon UTC is 05:00 in Phoenix: the same day.
      const created = yield* f.arrive({ kind: "tickets", at: utc("2025-03-01T12:00:00Z"), status: "open" })
      yield* f.modifyTicket(created.id, utc("2025-03-10T12:00:00Z"))
      yield* f.setTicketStatus(created.id, "solved", utc("2025-03-20T12:00:00Z"))
      yield* f.setTicketStatus(created.id, "open", utc("2025-03-25T12:00:00Z"))
      const ticket = yield* Tickets.get({ ticket_id: created.id })
      expect(ticket.opened).toEqual([
        { from: "2025-03-01T12:00:00Z", to: "2025-03-20T12:00:00Z" },
        { from: "2025-03-25T12:00:00Z" }
      ])
      const finds = (date_from: string, date_to: string) =>
        Effect.map(Tickets.list({ date_from, date_to }), (page) => page.tickets.map((t) => t.id).includes(created.id))
      expect(yield* finds("2025-03-01", "2025-03-01")).toBe(true) // created
      expect(yield* finds("2025-02-01", "2025-03-01")).toBe(true)
      expect(yield* finds("2025-03-02", "2025-03-09")).toBe(false)
      expect(yield* finds("2025-03-10", "2025-03-10")).toBe(true) // the note
      expect(yield* finds("2025-03-11", "2025-03-19")).toBe(false)
      expect(yield* finds("2025-03-20", "2025-03-20")).toBe(true) // solved: the opened period ends
      expect(yield* finds("2025-03-21", "2025-03-24")).toBe(false)
      expect(yield* finds("2025-03-25", "2025-03-25")).toBe(true) // reopened, last modification
      expect(yield* finds("2025-03-26", "2030-01-01")).toBe(false)
      // By last modification: the newest ticket created in 2026 comes before it, the older ones after.
      const all = yield* allTickets()
      expect(all.map((t) => t.id).indexOf(created.id)).toBe(
        all.filter((t) => utc(String(t.modified)) > utc("2025-03-25T12:00:00Z")).length
      )
    }).pipe(Effect.provide(fake({ seed: { tickets: 30 } }))))

  it.effect("seeded tickets: modified is their last activity, never after the fake's clock", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const now = yield* f.now
      for (const ticket of yield* allTickets()) {
        const activities = [ticket.date, ...ticket.events.map((e) => e.date), ...ticket.opened.map((o) => o.from)]
          .map((d) => utc(String(d)))
        expect(utc(String(ticket.modified))).toBe(Math.max(...activities))
        expect(utc(String(ticket.modified))).toBeLessThanOrEqual(now)
      }
    }).pipe(Effect.provide(fake({ seed: { tickets: 80 } }))))
})

describe("orders the reference does not state", () => {
  it.effect("chatOrder: asc lists chats oldest first, with the same filters and pages", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      expect((yield* allChats()).map((c) => c.id)).toEqual(Array.from({ length: 60 }, (_, i) => f.chatAt(i).id))
      const page = yield* Archives.list({ page: 3 })
      expect(page.chats.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => f.chatAt(50 + i).id))
      const tagged = yield* allChats({ tagged: 1 })
      const times = tagged.map((c) => c.started_timestamp)
      expect(times).toEqual([...times].sort((a, b) => a - b))
    }).pipe(Effect.provide(fake({ seed: { chats: 60 }, chatOrder: "asc" }))))

  /** 5 chats at second T+1, 15 at T, 5 at T−1: one page of 25. */
  const tiedChats = Effect.gen(function*() {
    const f = yield* LiveChatFake.LiveChatFake
    const t = utc("2025-06-10T12:00:00Z")
    const seconds = [...Array(5).fill(t - 1), ...Array(15).fill(t), ...Array(5).fill(t + 1)]
    for (const at of seconds) yield* f.arrive({ kind: "chats", at })
    return t
  })

  it.effect("ties: stable (default): records of one second in the same order on every request", () =>
    Effect.gen(function*() {
      yield* tiedChats
      const f = yield* LiveChatFake.LiveChatFake
      const reads = yield* Effect.forEach([1, 2, 3], () => Archives.list())
      expect(reads[1].chats).toEqual(reads[0].chats)
      expect(reads[2].chats).toEqual(reads[0].chats)
      // Newest first; within a second, the last to enter the archive first.
      expect(reads[0].chats.map((c) => c.id)).toEqual(Array.from({ length: 25 }, (_, i) => f.chatAt(24 - i).id))
    }).pipe(Effect.provide(fake())))

  it.effect("ties: unstable: records of one second come in a fresh order on every request, seconds in order", () =>
    Effect.gen(function*() {
      const t = yield* tiedChats
      const reads = (yield* Effect.forEach(Array.from({ length: 6 }), () => Archives.list())).map((p) => p.chats)
      const orders = new Set(reads.map((chats) => chats.map((c) => c.id).join()))
      expect(orders.size).toBeGreaterThan(1)
      for (const chats of reads) {
        expect(chats.map((c) => c.id).sort()).toEqual(reads[0].map((c) => c.id).sort())
        expect(chats.map((c) => c.started_timestamp)).toEqual([
          ...Array(5).fill(t + 1),
          ...Array(15).fill(t),
          ...Array(5).fill(t - 1)
        ])
      }
      // Only the tied ones move.
      const firsts = new Set(reads.map((chats) => chats.slice(0, 5).map((c) => c.id).sort().join()))
      expect(firsts.size).toBe(1)
    }).pipe(Effect.provide(fake({ ties: "unstable" }))))

  it.effect("ties: unstable, tickets modified in the same second too", () =>
    Effect.gen(function*() {
      const f = yield* LiveChatFake.LiveChatFake
      const at = utc("2025-06-10T12:00:00Z")
      for (let i = 0; i < 12; i++) yield* f.arrive({ kind: "tickets", at, status: "open" })
      const reads = yield* Effect.forEach(Array.from({ length: 6 }), () => Tickets.list())
      expect(new Set(reads.map((p) => p.tickets.map((t) => t.id).join())).size).toBeGreaterThan(1)
      for (const page of reads) expect(page.tickets).toHaveLength(12)
    }).pipe(Effect.provide(fake({ ties: "unstable" }))))
})

describe("the served face takes the same options", () => {
  it.effect(
    "LiveChatFakeServer.serve: refuse-times and a license time zone",
    () =>
      Effect.gen(function*() {
        const served = yield* LiveChatFakeServer.serve({ dates: "refuse-times", timeZone: "Asia/Kolkata" })
        expect(served.fake.timeZone).toBe("Asia/Kolkata")
        const refused = yield* Effect.promise(() =>
          fetch(`${served.url}/chats?date_from=2025-06-10%2012:00:00`, {
            headers: {
              authorization: `Basic ${
                btoa(`${served.fake.credentials.login}:${Redacted.value(served.fake.credentials.apiKey)}`)
              }`
            }
          }).then(async (response) => ({ status: response.status, body: await response.json() }))
        )
        expect(refused.status).toBe(400)
        expect(refused.body.error).toContain("date_from")
      }).pipe(Effect.scoped),
    { timeout: 20_000 }
  )
})
