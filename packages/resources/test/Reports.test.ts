/**
 * Reports: invalid filters are refused before anything is sent; valid ones are written as the reference shows.
 */
import { Endpoint, Wire } from "@effect-livechat/core"
import { Reports } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { clientLayer, refused as expectRefused, sampleLayer, sent } from "./support.js"

/** The shared `refused` for the report `endpoint` called with `input`, which its type would not allow. */
const refused = (endpoint: Endpoint.Endpoint, input: unknown, field: string) =>
  expectRefused(Endpoint.call(endpoint)(input), field, `Reports.${endpoint.name}`).pipe(
    Effect.provide(clientLayer(() => ({ body: {} })))
  )

describe("Reports", () => {
  describe("refuses invalid input without sending it", () => {
    const { endpoints } = Reports

    it.effect("agentsOccupancy without the required weekday", () => refused(endpoints.agentsOccupancy, {}, "weekday"))

    it.effect("agentsOccupancy with a weekday outside mon…sun", () =>
      refused(endpoints.agentsOccupancy, { weekday: "monday" }, "weekday"))

    it.effect("a group_by other than day, hour or month", () =>
      refused(endpoints.totalChats, { group_by: "week" }, "group_by"))

    it.effect("a date_from that is not YYYY-MM-DD", () =>
      refused(endpoints.chatEngagement, { date_from: "29-01-2013" }, "date_from"))

    it.effect("a date_to that is not a real month", () =>
      refused(endpoints.newTickets, { date_to: "2013-13-01" }, "date_to"))

    it.effect("a date_to before date_from", () =>
      refused(endpoints.ticketRatings, { date_from: "2013-01-29", date_to: "2013-01-28" }, "date_to"))

    it.effect("an agent that is not a login", () => refused(endpoints.chatRatings, { agent: "john" }, "agent"))

    it.effect("a group that is not a number", () => refused(endpoints.queuedVisitors, { group: "sales" }, "group"))

    it.effect("an empty tag", () => refused(endpoints.solvedTickets, { tag: ["sales", ""] }, "tag.1"))

    it.effect("a goal id that is not positive", () => refused(endpoints.goals, { goal: 0 }, "goal"))

    it.effect("a greeting id that is not a number", () =>
      refused(endpoints.greetings, { greeting: "welcome" }, "greeting"))

    it.effect("an argument the report does not take (agent on the rankings)", () =>
      refused(endpoints.chatRanking, { agent: "john.doe@mycompany.com" }, "agent"))

    it.effect("an argument the report does not take (timezone on chatting time)", () =>
      refused(endpoints.chattingTime, { timezone: "America/Phoenix" }, "timezone"))

    it.effect("an argument the report does not take (agent on greetings)", () =>
      refused(endpoints.greetings, { agent: "john.doe@mycompany.com" }, "agent"))
  })

  it.effect("sends tags as tag[] and the filters in the query", () =>
    Effect.gen(function*() {
      yield* Reports.totalChats({
        date_from: "2013-01-29",
        date_to: "2013-01-29",
        group: 0,
        tag: ["sales", "vip customer"],
        group_by: "hour"
      })
      const [request] = yield* sent
      expect(request.method).toBe("GET")
      expect(request.url.pathname).toBe("/reports/chats/total_chats")
      expect(Wire.decodePairs(request.url.search)).toEqual([
        ["date_from", "2013-01-29"],
        ["date_to", "2013-01-29"],
        ["group", "0"],
        ["group_by", "hour"],
        ["tag[]", "sales"],
        ["tag[]", "vip customer"]
      ])
      expect(request.body).toBeUndefined()
    }).pipe(Effect.provide(sampleLayer("Reports/totalChats.json"))))

  it.effect("a report without arguments sends no query", () =>
    Effect.gen(function*() {
      const { ranking } = yield* Reports.ticketRanking()
      expect(ranking.map((entry) => entry.name)).toEqual([
        "john.doe@mycompany.com",
        "jane.doe@mycompany.com",
        "jenny.doe@mycompany.com"
      ])
      const [request] = yield* sent
      expect(request.url.search).toBe("")
    }).pipe(Effect.provide(sampleLayer("Reports/ticketRanking.json"))))

  it.effect("agentsOccupancy sends its weekday", () =>
    Effect.gen(function*() {
      const occupancy = yield* Reports.agentsOccupancy({ weekday: "sun" })
      expect(occupancy["2015-03-16 11:00"]).toBe(20)
      const [request] = yield* sent
      expect(Wire.decodePairs(request.url.search)).toEqual([["weekday", "sun"]])
    }).pipe(Effect.provide(sampleLayer("Reports/agentsOccupancy.json"))))

  it.effect("a one-day availability report decodes minutes per hour; numeric strings are read as numbers", () =>
    Effect.gen(function*() {
      const report = yield* Reports.availability({ date_from: "2013-01-29", date_to: "2013-01-29" })
      expect(report).toEqual({ "09:00": { minutes: 42.5 }, "10:00": { minutes: 60 } })
    }).pipe(Effect.provide(clientLayer(() => ({ body: { "09:00": { minutes: "42.5" }, "10:00": { minutes: 60 } } })))))

  it.effect("response times decode a null average when nothing was counted", () =>
    Effect.gen(function*() {
      const report = yield* Reports.ticketsResolutionTime({ date_from: "2014-01-10", date_to: "2014-01-20" })
      expect(report["2014-01-11"]).toEqual({ count: 0, hours: null })
      expect(report["2014-01-10"]).toEqual({ count: 3, hours: 16.27 })
    }).pipe(Effect.provide(sampleLayer("Reports/ticketsResolutionTime.json"))))
})
