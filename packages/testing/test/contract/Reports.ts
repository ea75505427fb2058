/**
 * Contract: reports are computed from the archives. Every figure checked here is recomputed in the
 * test from the chats and tickets the fake lists (`Archives.list`, `Tickets.list`), so a report that
 * drifts from the archive fails; all 20 report endpoints are called.
 */
import type { Chat, Ticket } from "@effect-livechat/core"
import { Archives, Reports, Tickets } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

/** Every chat of a listing (all pages). */
const allChats = (filters: Archives.ListInput = {}) =>
  Effect.gen(function*() {
    const first = yield* Archives.list(filters)
    const rest = yield* Effect.forEach(
      Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
      (page) => Archives.list({ ...filters, page })
    )
    return [...first.chats, ...rest.flatMap((p) => p.chats)]
  })

/** Every ticket of a listing (all pages). */
const allTickets = () =>
  Effect.gen(function*() {
    const first = yield* Tickets.list()
    const rest = yield* Effect.forEach(
      Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
      (page) => Tickets.list({ page })
    )
    return [...first.tickets, ...rest.flatMap((p) => p.tickets)]
  })

/**
 * The wall clock of the fake's license: its default time zone, America/Phoenix, is UTC−7 all year.
 * Reports (and lists) read days in it unless the request names a `timezone`.
 */
const licenseOffset = -7 * 3600
/** The wall-clock time (unix seconds read as UTC) of an instant in the license's time zone. */
const wall = (seconds: number) => seconds + licenseOffset
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString()
const dayOf = (seconds: number) => isoOf(wall(seconds)).slice(0, 10)
const monthOf = (seconds: number) => dayOf(seconds).slice(0, 7)
const round2 = (n: number) => Math.round(n * 100) / 100

/** The sum of one numeric field over a report's periods. */
const total = <A>(report: Record<string, A>, field: (value: A) => number) =>
  Object.values(report).reduce((sum, value) => sum + field(value), 0)

/** The months `YYYY-MM` from one to another, inclusive. */
const months = (from: string, to: string) => {
  const keys: Array<string> = []
  for (
    let d = new Date(`${from}-01T00:00:00Z`);
    d.toISOString().slice(0, 7) <= to;
    d.setUTCMonth(d.getUTCMonth() + 1)
  ) {
    keys.push(d.toISOString().slice(0, 7))
  }
  return keys
}

/** An object with every key of `keys`, its value made by `make` (what a report with no data looks like). */
const blank = <A>(keys: ReadonlyArray<string>, make: () => A): Record<string, A> =>
  Object.fromEntries(keys.map((k) => [k, make()]))

/** A ticket date (ISO or unix seconds) in seconds. */
const ticketSeconds = (value: string | number | undefined) =>
  value === undefined ? undefined : typeof value === "number" ? value : Math.floor(Date.parse(value) / 1000)

/** The first public agent message of a ticket, in seconds. */
const firstAgentReply = (ticket: Ticket.Ticket) => {
  const reply = ticket.events.find((e) => e.type === "message" && e.author?.type === "agent" && e.is_private !== true)
  return reply === undefined ? undefined : ticketSeconds(reply.date)
}

/** When a ticket was created, in seconds. */
const createdAt = (ticket: Ticket.Ticket) => ticketSeconds(ticket.date ?? ticket.opened[0]?.from)!

/** The seconds from the visitor's first message to the next agent message. */
const firstResponseOf = (chat: Chat.Chat) => {
  const asked = chat.messages.findIndex((m) => m.user_type === "visitor")
  if (asked < 0) return undefined
  const answer = chat.messages.slice(asked).find((m) => m.user_type === "agent")
  return answer === undefined ? undefined : answer.timestamp - chat.messages[asked].timestamp
}

const range = { date_from: "2022-01-01", date_to: "2025-12-31" } as const
const rangeMonths = months("2022-01", "2025-12")

export const section: Section = (it) => {
  it.effect("Reports: totalChats adds up to the archive's totals (months, days, hours, filters, time zone)", () =>
    Effect.gen(function*() {
      const monthly = yield* Reports.totalChats({ ...range, group_by: "month" })
      expect(Object.keys(monthly)).toEqual(rangeMonths)
      expect(total(monthly, (v) => v.chats)).toBe((yield* Archives.list(range)).total)

      const chats = yield* allChats()
      const agent = chats[0].agents[0].email
      const byAgent = yield* Reports.totalChats({ ...range, agent, group_by: "month" })
      expect(total(byAgent, (v) => v.chats)).toBe((yield* Archives.list({ ...range, agent })).total)
      const byGroup = yield* Reports.totalChats({ ...range, group: 2 })
      expect(total(byGroup, (v) => v.chats)).toBe((yield* Archives.list({ ...range, group: 2 })).total)
      const byTag = yield* Reports.totalChats({ ...range, tag: ["sales", "billing"], group_by: "month" })
      expect(total(byTag, (v) => v.chats)).toBe((yield* Archives.list({ ...range, tag: ["sales", "billing"] })).total)
      expect(total(byTag, (v) => v.chats)).toBeLessThan(total(monthly, (v) => v.chats))

      // Without dates: from the oldest chat's day to today, by day; every chat counted once.
      const everything = yield* Reports.totalChats()
      const days = Object.keys(everything)
      expect(days[0]).toBe(dayOf(chats[chats.length - 1].started_timestamp))
      expect(days[days.length - 1]).toBe(dayOf(chats[0].started_timestamp))
      expect(total(everything, (v) => v.chats)).toBe(chats.length)
      for (const chat of chats.slice(0, 10)) expect(everything[dayOf(chat.started_timestamp)].chats).toBeGreaterThan(0)

      // One day: by hour, "00:00" … "23:00".
      const chat = chats[40]
      const day = dayOf(chat.started_timestamp)
      const hourly = yield* Reports.totalChats({ date_from: day, date_to: day })
      expect(Object.keys(hourly)).toEqual(Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`))
      const hour = isoOf(wall(chat.started_timestamp)).slice(11, 13)
      expect(hourly[`${hour}:00`].chats).toBeGreaterThan(0)
      expect(total(hourly, (v) => v.chats)).toBe((yield* Archives.list({ date_from: day, date_to: day })).total)

      // Days and months in the time zone a request names (Kolkata is UTC+5:30 all year).
      const kolkata = yield* Reports.totalChats({ ...range, group_by: "month", timezone: "Asia/Kolkata" })
      const expected = blank(rangeMonths, () => ({ chats: 0 }))
      for (const c of chats) {
        const local = isoOf(c.started_timestamp + 5.5 * 3600).slice(0, 7)
        if (expected[local] !== undefined) expected[local].chats++
      }
      expect(kolkata).toEqual(expected)

      expect((yield* Effect.flip(Reports.totalChats({ timezone: "Mars/Olympus" })))._tag).toBe("BadRequest")
      const reversed = yield* Effect.flip(Reports.totalChats({ date_from: "2025-01-02", date_to: "2025-01-01" }))
      expect(["BadRequest", "InvalidInput"]).toContain(reversed._tag)
    }))

  it.effect("Reports: engagement, ratings and ranking match the chats", () =>
    Effect.gen(function*() {
      const chats = (yield* allChats(range)).filter((c) => dayOf(c.started_timestamp) <= range.date_to)
      const engagement = yield* Reports.chatEngagement({ ...range, group_by: "month" })
      const expectedEngagement = blank(rangeMonths, () => ({
        chats_from_auto_invite: 0,
        chats_from_immediate_start: 0,
        chats_from_manual_invite: 0
      }))
      for (const c of chats) expectedEngagement[monthOf(c.started_timestamp)][`chats_from_${c.engagement!}`]++
      expect(engagement).toEqual(expectedEngagement)

      const ratings = yield* Reports.chatRatings({ ...range, group_by: "month" })
      const expectedRatings = Object.fromEntries(rangeMonths.map((m) => {
        const last = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10)
        return [m, { begin: `${m}-01`, end: last, bad: 0, good: 0, chats: 0 }]
      }))
      for (const c of chats) {
        const value = expectedRatings[monthOf(c.started_timestamp)]
        value.chats++
        if (c.rate === "rated_good") value.good++
        if (c.rate === "rated_bad") value.bad++
      }
      expect(ratings).toEqual(expectedRatings)
      // By day: no bounds, and the same sums.
      const daily = yield* Reports.chatRatings(range)
      expect(Object.values(daily).some((v) => "begin" in v || "end" in v)).toBe(false)
      expect(total(daily, (v) => v.chats)).toBe(chats.length)
      expect(total(daily, (v) => v.good)).toBe((yield* Archives.list({ ...range, rate: "rated_good" })).total)

      const { ranking } = yield* Reports.chatRanking(range)
      const tallies = new Map<string, { good: number; bad: number }>()
      for (const c of chats) {
        if (c.rate !== "rated_good" && c.rate !== "rated_bad") continue
        const tally = tallies.get(c.agents[0].email) ?? { good: 0, bad: 0 }
        if (c.rate === "rated_good") tally.good++
        else tally.bad++
        tallies.set(c.agents[0].email, tally)
      }
      expect(ranking.map((r) => r.name).sort()).toEqual([...tallies.keys()].sort())
      for (const entry of ranking) {
        expect(entry).toMatchObject({ ...tallies.get(entry.name), total: entry.good + entry.bad })
        expect(entry.score).toBeGreaterThan(0)
        expect(entry.score).toBeLessThanOrEqual(entry.good / entry.total)
      }
      for (let i = 1; i < ranking.length; i++) expect(ranking[i - 1].score).toBeGreaterThanOrEqual(ranking[i].score)
      const inGroup = yield* Reports.chatRanking({ ...range, group: 1 })
      expect(total(Object.fromEntries(inGroup.ranking.map((r) => [r.name, r])), (r) => r.total)).toBe(
        chats.filter((c) => c.group[0] === 1 && c.rate !== "not_rated").length
      )
    }))

  it.effect("Reports: queued visitors and queue waiting times come from the chats' queues", () =>
    Effect.gen(function*() {
      const queued = yield* Reports.queuedVisitors({ ...range, group_by: "month" })
      const count = (yield* Archives.list({ ...range, queued: 1 })).total
      expect(count).toBeGreaterThan(0)
      expect(total(queued, (v) => v.queued.count)).toBe(count)
      expect(total(queued, (v) => v.entered_chat.count)).toBe(count)
      expect(total(queued, (v) => v.left_queue.count)).toBe(0)

      const waits = (yield* allChats({ ...range, queued: 1 })).map((c) => c.queue!.duration)
      const times = yield* Reports.queueWaitingTimes(range)
      const periods = Object.values(times).filter((v) => v.queued.count > 0)
      expect(total(times, (v) => v.queued.count)).toBe(count)
      expect(Math.min(...periods.map((v) => v.queued.min.seconds!))).toBe(Math.min(...waits))
      expect(Math.max(...periods.map((v) => v.queued.max.seconds!))).toBe(Math.max(...waits))
      for (const v of periods) {
        expect(v.queued.average.seconds!).toBeGreaterThanOrEqual(v.queued.min.seconds!)
        expect(v.queued.average.seconds!).toBeLessThanOrEqual(v.queued.max.seconds!)
        expect(v.entered_chat).toEqual(v.queued)
      }
      const empty = Object.values(times).find((v) => v.queued.count === 0)!
      expect(empty.queued).toEqual({
        count: 0,
        min: { seconds: null },
        max: { seconds: null },
        average: { seconds: null }
      })
      const inGroup = yield* Reports.queuedVisitors({ ...range, group: 3 })
      expect(total(inGroup, (v) => v.queued.count)).toBe(
        (yield* Archives.list({ ...range, group: 3, queued: 1 })).total
      )
    }))

  it.effect("Reports: chatting time and availability from the chats' durations", () =>
    Effect.gen(function*() {
      const chats = yield* allChats(range)
      const chat = chats[30]
      const day = dayOf(chat.started_timestamp)
      const sameDay = chats.filter((c) => dayOf(c.started_timestamp) === day)
      // One day: minutes per hour, the chats' intervals split over the hours.
      const expected = blank(Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`), () => 0)
      const midnight = Date.parse(`${day}T00:00:00Z`) / 1000 - licenseOffset
      for (const c of sameDay) {
        for (let t = c.started_timestamp; t < Math.min(c.ended_timestamp!, midnight + 86_400); t++) {
          expected[`${String(Math.floor((t - midnight) / 3600)).padStart(2, "0")}:00`]++
        }
      }
      const chatting = yield* Reports.chattingTime({ date_from: day, date_to: day })
      expect(Object.keys(chatting)).toEqual(Object.keys(expected))
      for (const [hour, seconds] of Object.entries(expected)) {
        expect(chatting[hour]).toEqual({ minutes: round2(seconds / 60) })
      }
      const available = yield* Reports.availability({ date_from: day, date_to: day, agent: chat.agents[0].email })
      expect(total(available, (v) => ("minutes" in v ? v.minutes : 0))).toBeGreaterThan(0)

      // Several days: hours per day; availability (time with a chat open) never exceeds chatting time.
      const hoursChatting = yield* Reports.chattingTime(range)
      const hoursAvailable = yield* Reports.availability(range)
      const seconds = chats.reduce((sum, c) => sum + (c.ended_timestamp! - c.started_timestamp), 0)
      // Each day's hours are rounded to two decimals.
      const rounding = 0.005 * Object.values(hoursChatting).filter((v) => "hours" in v && v.hours > 0).length + 1e-9
      expect(Math.abs(total(hoursChatting, (v) => ("hours" in v ? v.hours : NaN)) - seconds / 3600)).toBeLessThan(
        rounding
      )
      for (const [key, value] of Object.entries(hoursAvailable)) {
        expect("hours" in value && "hours" in hoursChatting[key]).toBe(true)
        if ("hours" in value && "hours" in hoursChatting[key]) {
          expect(value.hours).toBeLessThanOrEqual(hoursChatting[key].hours)
        }
      }
      const byAgent = yield* Reports.chattingTime({ ...range, agent: chat.agents[0].email, tag: ["support"] })
      const agentSeconds = chats.filter((c) => c.agents[0].email === chat.agents[0].email && c.tags.includes("support"))
        .reduce((sum, c) => sum + c.duration!, 0)
      expect(Math.abs(total(byAgent, (v) => ("hours" in v ? v.hours : NaN)) - agentSeconds / 3600)).toBeLessThan(
        rounding
      )
      const monthlyAvailable = yield* Reports.availability({ ...range, group_by: "month", group: 1 })
      expect(Object.keys(monthlyAvailable)).toEqual(rangeMonths)
    }))

  it.effect("Reports: first response and response times from the messages", () =>
    Effect.gen(function*() {
      const chats = yield* allChats(range)
      const first = yield* Reports.chatsFirstResponseTime({ ...range, group_by: "month" })
      const every = yield* Reports.chatsResponseTime({ ...range, group_by: "month" })
      const expectedFirst = blank(rangeMonths, () => ({ count: 0, sum: 0 }))
      const expectedEvery = blank(rangeMonths, () => ({ count: 0, sum: 0 }))
      for (const c of chats) {
        const month = monthOf(c.started_timestamp)
        const seconds = firstResponseOf(c)
        if (seconds !== undefined) {
          expectedFirst[month].count++
          expectedFirst[month].sum += seconds
        }
        let waiting: number | undefined
        for (const m of c.messages) {
          if (m.user_type === "visitor") waiting ??= m.timestamp
          else if (waiting !== undefined) {
            expectedEvery[month].count++
            expectedEvery[month].sum += m.timestamp - waiting
            waiting = undefined
          }
        }
      }
      const average = ({ count, sum }: { count: number; sum: number }) => ({
        count,
        seconds: count === 0 ? null : round2(sum / count)
      })
      expect(first).toEqual(
        Object.fromEntries(rangeMonths.map((m) => [m, { first_response_time: average(expectedFirst[m]) }]))
      )
      expect(every).toEqual(
        Object.fromEntries(rangeMonths.map((m) => [m, { avg_response_time: average(expectedEvery[m]) }]))
      )
      expect(total(every, (v) => v.avg_response_time.count)).toBeGreaterThanOrEqual(
        total(first, (v) => v.first_response_time.count)
      )
      const agent = chats[0].agents[0].email
      const mine = yield* Reports.chatsFirstResponseTime({ ...range, agent })
      expect(total(mine, (v) => v.first_response_time.count)).toBe(
        chats.filter((c) => c.agents[0].email === agent && firstResponseOf(c) !== undefined).length
      )
    }))

  it.effect("Reports: agents' occupancy shows the last four of a weekday, hour by hour", () =>
    Effect.gen(function*() {
      const [newest] = (yield* Archives.list()).chats
      const names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const
      const weekday = names[new Date(wall(newest.started_timestamp) * 1000).getUTCDay()]
      const occupancy = yield* Reports.agentsOccupancy({ weekday })
      const keys = Object.keys(occupancy)
      expect(keys).toHaveLength(4 * 24)
      expect([...keys].sort()).toEqual(keys)
      const days = [...new Set(keys.map((k) => k.slice(0, 10)))]
      expect(days).toHaveLength(4)
      for (const d of days) expect(names[new Date(`${d}T00:00:00Z`).getUTCDay()]).toBe(weekday)
      const hour = isoOf(wall(newest.started_timestamp)).slice(0, 13).replace("T", " ")
      expect(occupancy[`${hour}:00`]).toBeGreaterThanOrEqual(1)
      expect(Object.values(occupancy).every((n) => Number.isInteger(n) && n >= 0)).toBe(true)
      const other = yield* Reports.agentsOccupancy({ weekday: weekday === "mon" ? "tue" : "mon" })
      expect(Object.keys(other)).toHaveLength(96)
    }))

  it.effect("Reports: goals and greetings from the chats' goals and engagement", () =>
    Effect.gen(function*() {
      const goals = yield* Reports.goals({ ...range, group_by: "month" })
      expect(Object.keys(goals)).toEqual(rangeMonths)
      expect(goals["2022-01"]).toMatchObject({ begin: "2022-01-01", end: "2022-01-31" })
      const withGoal = yield* allChats({ ...range, has_goal: 1 })
      const goalCount = withGoal.reduce((sum, c) => sum + (c.goals?.length ?? 0), 0)
      expect(goalCount).toBeGreaterThan(0)
      expect(total(goals, (v) => v.goals)).toBe(goalCount)
      const goalId = withGoal[0].goals![0].id
      const one = yield* Reports.goals({ ...range, goal: goalId })
      expect(total(one, (v) => v.goals)).toBe((yield* Archives.list({ ...range, goal: goalId })).total)
      const agent = withGoal[0].agents[0].email
      const byAgent = yield* Reports.goals({ ...range, agent })
      expect(total(byAgent, (v) => v.goals)).toBe(withGoal.filter((c) => c.agents[0].email === agent).length)

      const chats = yield* allChats(range)
      const invited = chats.filter((c) => c.engagement === "auto_invite")
      const greetings = yield* Reports.greetings({ ...range, group_by: "month" })
      expect(Object.keys(greetings)).toEqual(rangeMonths)
      const accepted = total(greetings, (v) => v.accepted)
      expect(accepted).toBe(invited.length)
      expect(total(greetings, (v) => v.goals)).toBe(invited.filter((c) => (c.goals?.length ?? 0) > 0).length)
      for (const v of Object.values(greetings)) {
        expect(v.displayed).toBeGreaterThanOrEqual(v.accepted)
        expect(v.displayed).toBeLessThanOrEqual(3 * v.accepted)
      }
      const none = yield* Reports.greetings({ ...range, greeting: 987_654 })
      expect(total(none, (v) => v.displayed + v.accepted + v.goals)).toBe(0)
    }))

  it.effect("Reports: ticket reports add up to the tickets", () =>
    Effect.gen(function*() {
      const tickets = yield* allTickets()
      const span = {
        date_from: dayOf(Math.min(...tickets.map(createdAt))),
        date_to: dayOf(Math.max(...tickets.map(createdAt)))
      }
      const inSpan = (t: number) => dayOf(t) >= span.date_from && dayOf(t) <= span.date_to

      const created = yield* Reports.newTickets({ ...span, group_by: "month" })
      expect(total(created, (v) => v.new_tickets)).toBe(tickets.length)
      expect(total(created, (v) => v.new_tickets)).toBe((yield* Tickets.list(span)).total)
      const byGroup = yield* Reports.newTickets({ ...span, group: 1 })
      expect(total(byGroup, (v) => v.new_tickets)).toBe((yield* Tickets.list({ ...span, group: 1 })).total)

      const sources = yield* Reports.ticketSources({ ...span, group_by: "month" })
      const counted = (...types: ReadonlyArray<string>) => tickets.filter((t) => types.includes(t.source.type)).length
      expect(total(sources, (v) => v.tickets_from_chat_window + v.tickets_from_mail + v.tickets_from_chat)).toBe(
        tickets.length
      )
      expect(total(sources, (v) => v.tickets_from_chat_window)).toBe(counted("chat-window"))
      expect(total(sources, (v) => v.tickets_from_mail)).toBe(counted("mail", "facebook"))
      expect(total(sources, (v) => v.tickets_from_chat)).toBe(counted("lc2", "agent-app-manual"))

      // Solved: when the last event happened; resolution time from creation to then.
      const solved = tickets.filter((t) => t.status === "solved").map((t) => {
        const at = Math.max(createdAt(t), ...t.events.map((e) => ticketSeconds(e.date) ?? 0))
        return { at, hours: (at - createdAt(t)) / 3600, assignee: t.assignee?.id }
      }).filter((s) => inSpan(s.at))
      const solvedReport = yield* Reports.solvedTickets({ ...span, group_by: "month" })
      expect(total(solvedReport, (v) => v.solved_tickets)).toBe(solved.length)
      const resolution = yield* Reports.ticketsResolutionTime({ ...span, group_by: "month" })
      expect(total(resolution, (v) => v.count)).toBe(solved.length)
      for (const v of Object.values(resolution)) {
        if (v.count === 0) expect(v.hours).toBeNull()
        else expect(v.hours).toBeGreaterThanOrEqual(0)
      }
      const agent = solved.find((s) => s.assignee !== undefined)!.assignee!
      const mine = yield* Reports.solvedTickets({ ...span, agent })
      expect(total(mine, (v) => v.solved_tickets)).toBe(solved.filter((s) => s.assignee === agent).length)

      // First responses: the first agent reply, in the period it was sent.
      const replies = blank(Object.keys(created), () => ({ count: 0, sum: 0 }))
      for (const t of tickets) {
        const at = firstAgentReply(t)
        if (at === undefined || !inSpan(at)) continue
        replies[monthOf(at)].count++
        replies[monthOf(at)].sum += (at - createdAt(t)) / 3600
      }
      expect(total(replies, (r) => r.count)).toBeGreaterThan(0)
      const firstResponse = yield* Reports.ticketsFirstResponseTime({ ...span, group_by: "month" })
      expect(firstResponse).toEqual(
        Object.fromEntries(
          Object.entries(replies).map(([month, { count, sum }]) => [
            month,
            { count, hours: count === 0 ? null : round2(sum / count) }
          ])
        )
      )

      // Ratings: the tickets' `rate`.
      const rated = tickets.filter((t) => t.rate === "rated_good" || t.rate === "rated_bad")
      const ratings = yield* Reports.ticketRatings({ ...span, group_by: "month" })
      expect(total(ratings, (v) => v.good)).toBe(rated.filter((t) => t.rate === "rated_good").length)
      expect(total(ratings, (v) => v.bad)).toBe(rated.filter((t) => t.rate === "rated_bad").length)
      expect(Object.values(ratings)[0]).toMatchObject({ begin: span.date_from, end: "2021-12-31" })
      const { ranking } = yield* Reports.ticketRanking(span)
      expect(total(Object.fromEntries(ranking.map((r) => [r.name, r])), (r) => r.total)).toBe(
        rated.filter((t) => t.assignee !== undefined).length
      )
      for (let i = 1; i < ranking.length; i++) expect(ranking[i - 1].score).toBeGreaterThanOrEqual(ranking[i].score)
    }))
}
