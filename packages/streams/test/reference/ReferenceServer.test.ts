/** The reference server's own rules, checked through the real client (Archives.list, Tickets.list). */
import { Archives, Tickets } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Reference from "./ReferenceServer.js"

/** Unix seconds of an ISO date-time written without its `Z`. */
const at = (iso: string) => Date.parse(`${iso}Z`) / 1000

const ids = (items: ReadonlyArray<{ readonly id: string }>) => items.map((item) => item.id)

/** The ids of one page of chats, read with the real client. */
const chatIds = (server: Reference.ReferenceServer, input: Archives.ListInput = {}) =>
  Archives.list(input).pipe(Effect.map((page) => ids(page.chats)), Effect.provide(Reference.layer(server)))

const ticketIds = (server: Reference.ReferenceServer, input: Tickets.ListInput = {}) =>
  Tickets.list(input).pipe(Effect.map((page) => ids(page.tickets)), Effect.provide(Reference.layer(server)))

/** A status and body read straight from the server's HttpClient (what the client would refuse to send). */
const raw = (server: Reference.ReferenceServer, url: string) =>
  Effect.gen(function*() {
    const response = yield* server.httpClient.get(`https://api.livechatinc.com${url}`, {
      headers: { authorization: "Basic YTpi" }
    })
    return { status: response.status, body: yield* response.json }
  })

const lateChat = at("2024-03-10T23:30:00")

describe("ReferenceServer", () => {
  it.effect("days are read in the license's zone: +5:30 and -7h", () =>
    Effect.gen(function*() {
      const east = Reference.make({ zoneOffsetMinutes: 330 })
      east.addChat({ id: "c", started: lateChat })
      expect(yield* chatIds(east, { date_from: "2024-03-11", date_to: "2024-03-11" })).toEqual(["c"])
      expect(yield* chatIds(east, { date_from: "2024-03-10", date_to: "2024-03-10" })).toEqual([])

      const west = Reference.make({ zoneOffsetMinutes: -420 })
      west.addChat({ id: "c", started: lateChat })
      expect(yield* chatIds(west, { date_from: "2024-03-10", date_to: "2024-03-10" })).toEqual(["c"])
      expect(yield* chatIds(west, { date_from: "2024-03-11", date_to: "2024-03-11" })).toEqual([])
    }))

  it.effect("timezone overrides the license's zone for chats", () =>
    Effect.gen(function*() {
      const server = Reference.make({ zoneOffsetMinutes: 330 })
      server.addChat({ id: "c", started: lateChat })
      const day11 = { date_from: "2024-03-11", date_to: "2024-03-11" }
      const day10 = { date_from: "2024-03-10", date_to: "2024-03-10" }
      expect(yield* chatIds(server, { ...day10, timezone: "UTC" })).toEqual(["c"])
      expect(yield* chatIds(server, { ...day10, timezone: "America/Phoenix" })).toEqual(["c"])
      expect(yield* chatIds(server, { ...day10, timezone: "Etc/GMT+7" })).toEqual(["c"])
      expect(yield* chatIds(server, { ...day11, timezone: "Etc/GMT-1" })).toEqual(["c"])
      expect(yield* chatIds(server, { ...day11, timezone: "Asia/Kolkata" })).toEqual(["c"])
      // `started` is written for people in the zone asked for.
      const page = yield* Archives.list({ timezone: "America/Phoenix" }).pipe(Effect.provide(Reference.layer(server)))
      expect(page.chats[0].started).toBe("Sun, 03/10/24 04:30:00 pm")
      const error = yield* Effect.flip(chatIds(server, { timezone: "Mars/Olympus" }))
      expect(error._tag).toBe("BadRequest")
    }))

  it.effect("a named zone follows its daylight saving time", () =>
    Effect.gen(function*() {
      const server = Reference.make()
      server.addChat({ id: "winter", started: at("2024-03-30T23:30:00") }) // 23:30 GMT in London
      server.addChat({ id: "summer", started: at("2024-10-26T23:30:00") }) // 00:30 BST, the next day
      const day = (date: string) => ({ date_from: date, date_to: date, timezone: "Europe/London" })
      expect(yield* chatIds(server, day("2024-03-30"))).toEqual(["winter"])
      expect(yield* chatIds(server, day("2024-10-26"))).toEqual([])
      expect(yield* chatIds(server, day("2024-10-27"))).toEqual(["summer"])
      const page = yield* Archives.list(day("2024-10-27")).pipe(Effect.provide(Reference.layer(server)))
      expect(page.chats[0].started).toBe("Sun, 10/27/24 12:30:00 am")
      expect(page.chats[0].ended).toBe("Sun, 10/27/24 12:31:00 am")
    }))

  it.effect("days ignore a time of day, times honour it, refuse-times refuse it", () =>
    Effect.gen(function*() {
      const servers = {
        days: Reference.make({ dates: "days" }),
        times: Reference.make({ dates: "times" }),
        refuse: Reference.make({ dates: "refuse-times" })
      }
      for (const server of Object.values(servers)) {
        server.addChat({ id: "morning", started: at("2024-03-10T10:00:00") })
        server.addChat({ id: "noon", started: at("2024-03-10T12:00:00") })
        server.addChat({ id: "evening", started: at("2024-03-10T18:00:00") })
      }
      const window = { date_from: "2024-03-10 12:00:00", date_to: "2024-03-10 12:00:00" }
      expect(yield* chatIds(servers.days, window)).toEqual(["evening", "noon", "morning"])
      expect(yield* chatIds(servers.times, window)).toEqual(["noon"])
      expect(yield* chatIds(servers.times, { date_to: "2024-03-10 11:59:59" })).toEqual(["morning"])
      expect(yield* chatIds(servers.times, { date_from: "2024-03-10" })).toEqual(["evening", "noon", "morning"])
      expect(yield* chatIds(servers.refuse, { date_from: "2024-03-10" })).toEqual(["evening", "noon", "morning"])
      const error = yield* Effect.flip(chatIds(servers.refuse, window))
      expect(error._tag).toBe("BadRequest")
      expect(error.message).toContain("time of day")
      const tickets = yield* Effect.flip(ticketIds(servers.refuse, window))
      expect(tickets._tag).toBe("BadRequest")
    }))

  it.effect("unreadable dates answer 400, unknown paths 404, unknown parameters are ignored", () =>
    Effect.gen(function*() {
      const server = Reference.make()
      server.addChat({ id: "c", started: lateChat })
      for (const date of ["2024-02-30", "garbage", "2024-03-10T10:00:00", "2024-03-10 24:00:00"]) {
        const answer = yield* raw(server, `/chats?date_from=${encodeURIComponent(date)}`)
        expect(answer.status).toBe(400)
        expect(answer.body).toHaveProperty("error")
      }
      expect(yield* raw(server, "/tickets?date_to=2023-02-29")).toMatchObject({ status: 400 })
      expect(yield* raw(server, "/agents")).toEqual({ status: 404, body: { error: "Not found" } })
      expect(yield* raw(server, "/chats?has_goal=1&whatever=2")).toMatchObject({ status: 200, body: { total: 1 } })
      expect(server.requests()).toContain("/chats?has_goal=1&whatever=2")
    }))

  it.effect("date_to defaults to today by the server's clock, and a chat is listed once it has ended", () =>
    Effect.gen(function*() {
      let clock = at("2024-03-10T12:00:00")
      const server = Reference.make({ now: () => clock })
      server.addChat({ id: "old", started: at("2024-03-01T10:00:00"), ended: at("2024-03-01T10:05:00") })
      server.addChat({ id: "running", started: at("2024-03-10T11:00:00"), ended: at("2024-03-10T13:00:00") })
      server.addChat({ id: "tomorrow", started: at("2024-03-11T10:00:00"), ended: at("2024-03-09T10:00:00") })
      expect(yield* chatIds(server)).toEqual(["old"])
      clock = at("2024-03-10T13:00:00")
      expect(yield* chatIds(server)).toEqual(["running", "old"])
      expect(yield* chatIds(server, { date_to: "2024-03-11" })).toEqual(["tomorrow", "running", "old"])
    }))

  it.effect("chats are ordered by start, desc by default or asc; pages of 25", () =>
    Effect.gen(function*() {
      const desc = Reference.make()
      const asc = Reference.make({ chatOrder: "asc" })
      for (let i = 0; i < 30; i++) {
        desc.addChat({ id: `c${i}`, started: 1_700_000_000 + i * 60 })
        asc.addChat({ id: `c${i}`, started: 1_700_000_000 + i * 60 })
      }
      const all = Array.from({ length: 30 }, (_, i) => `c${i}`)
      const page1 = yield* Archives.list({}).pipe(Effect.provide(Reference.layer(desc)))
      expect({ total: page1.total, pages: page1.pages }).toEqual({ total: 30, pages: 2 })
      expect([...(yield* chatIds(desc)), ...(yield* chatIds(desc, { page: 2 }))]).toEqual([...all].reverse())
      expect([...(yield* chatIds(asc)), ...(yield* chatIds(asc, { page: 2 }))]).toEqual(all)
      expect(yield* chatIds(desc, { page: 3 })).toEqual([])
    }))

  it.effect("unstable ties permute within a second on every request; stable ones do not", () =>
    Effect.gen(function*() {
      const stable = Reference.make()
      const unstable = Reference.make({ ties: "unstable", seed: 7 })
      for (let i = 0; i < 40; i++) {
        const chat = { id: `c${String(i).padStart(2, "0")}`, started: 1_700_000_000 + (i < 30 ? 0 : 1) }
        stable.addChat(chat)
        unstable.addChat(chat)
      }
      const reads = (server: Reference.ReferenceServer) =>
        Effect.forEach(Array.from({ length: 5 }), () => chatIds(server).pipe(Effect.map((page) => page.join())))
      expect(new Set(yield* reads(stable)).size).toBe(1)
      const pages = yield* reads(unstable)
      expect(new Set(pages).size).toBeGreaterThan(1)
      // Still ordered by second: the ten of the later second come first.
      const later = Array.from({ length: 10 }, (_, i) => `c${30 + i}`)
      for (const page of pages) expect(page.split(",").slice(0, 10).sort()).toEqual(later)
    }))

  it.effect("only the newest recordCap chats are reachable; total counts them all", () =>
    Effect.gen(function*() {
      const desc = Reference.make({ recordCap: 30 })
      const asc = Reference.make({ recordCap: 30, chatOrder: "asc" })
      for (let i = 0; i < 60; i++) {
        desc.addChat({ id: `c${i}`, started: 1_700_000_000 + i })
        asc.addChat({ id: `c${i}`, started: 1_700_000_000 + i })
      }
      const pageOf = (server: Reference.ReferenceServer, page: number) =>
        Archives.list({ page }).pipe(Effect.provide(Reference.layer(server)))
      const third = yield* pageOf(desc, 3)
      expect({ total: third.total, pages: third.pages, chats: third.chats.length }).toEqual({
        total: 60,
        pages: 3,
        chats: 0
      })
      expect(ids((yield* pageOf(desc, 2)).chats)).toEqual(["c34", "c33", "c32", "c31", "c30"])
      expect(ids((yield* pageOf(asc, 1)).chats)[0]).toBe("c30")
      expect(ids((yield* pageOf(asc, 2)).chats)).toEqual(["c55", "c56", "c57", "c58", "c59"])
    }))

  it.effect("tickets: ordered by modified, matched by any activity, filtered by status", () =>
    Effect.gen(function*() {
      const server = Reference.make({ zoneOffsetMinutes: 60 })
      server.addTicket({ id: "a", created: at("2024-03-01T10:00:00") })
      server.addTicket({ id: "b", created: at("2024-03-02T10:00:00") })
      server.addTicket({ id: "c", created: at("2024-03-03T10:00:00"), status: "pending" })
      server.modifyTicket("a", at("2024-03-04T10:00:00")) // neither its creation nor its last modification
      server.modifyTicket("a", at("2024-03-05T23:30:00")) // March 6th in the license's zone
      expect(yield* ticketIds(server)).toEqual(["a", "c", "b"])
      expect(yield* ticketIds(server, { order: "asc" })).toEqual(["b", "c", "a"])
      expect(yield* ticketIds(server, { date_from: "2024-03-06", date_to: "2024-03-06" })).toEqual(["a"])
      expect(yield* ticketIds(server, { date_from: "2024-03-05", date_to: "2024-03-05" })).toEqual([])
      expect(yield* ticketIds(server, { date_from: "2024-03-01", date_to: "2024-03-01" })).toEqual(["a"])
      expect(yield* ticketIds(server, { date_from: "2024-03-04", date_to: "2024-03-04" })).toEqual(["a"])
      expect(yield* ticketIds(server, { status: "pending" })).toEqual(["c"])
      // `timezone` is not a parameter of tickets (the client cannot send it): ignored, the license's zone stands.
      expect(yield* raw(server, "/tickets?date_from=2024-03-06&date_to=2024-03-06&timezone=Etc/GMT%2B12"))
        .toMatchObject({ status: 200, body: { total: 1, tickets: [{ id: "a" }] } })
      // A status change is an activity too, and a modification: "b" moves to the top.
      expect(server.setTicketStatus("b", "solved", at("2024-03-07T10:00:00"))).toBe(true)
      expect(yield* ticketIds(server)).toEqual(["b", "a", "c"])
      expect(yield* ticketIds(server, { date_from: "2024-03-07", status: "solved" })).toEqual(["b"])
      expect(server.modifyTicket("c", at("2024-03-08T10:00:00"))).toBe(true)
      expect(yield* ticketIds(server)).toEqual(["c", "b", "a"])
      expect(server.modifyTicket("missing", 0)).toBe(false)
      const page = yield* Tickets.list({}).pipe(Effect.provide(Reference.layer(server)))
      expect(page.tickets[0].date).toBe("2024-03-03T10:00:00Z")
      expect({ total: page.total, pages: page.pages }).toEqual({ total: 3, pages: 1 })
    }))

  it.effect("tickets have no record cap", () =>
    Effect.gen(function*() {
      const server = Reference.make({ recordCap: 10 })
      for (let i = 0; i < 30; i++) server.addTicket({ id: `t${i}`, created: 1_700_000_000 + i })
      expect((yield* ticketIds(server, { page: 2 })).length).toBe(5)
    }))

  it.effect("onAnswer runs after each answer, between page reads", () =>
    Effect.gen(function*() {
      const server = Reference.make()
      for (let i = 0; i < 30; i++) server.addChat({ id: `c${i}`, started: 1_700_000_000 + i * 60 })
      const counts: Array<number> = []
      server.onAnswer((count) => {
        counts.push(count)
        if (count === 1) server.addChat({ id: "new", started: 1_700_000_000 + 3600 })
      })
      const first = yield* chatIds(server)
      expect(first[0]).toBe("c29") // the answer was made before the hook ran
      expect((yield* chatIds(server, { page: 2 }))[0]).toBe("c5") // c4 before "new" came in
      yield* ticketIds(server)
      expect(counts).toEqual([1, 2, 3])
      expect(server.chats().length).toBe(31)
      expect(server.requests()).toEqual(["/chats", "/chats?page=2", "/tickets"])
    }))
})
