/**
 * What the fake's reports share: the periods a report is keyed by (from the dates, `group_by` and
 * time zone of the request), time zones, iteration over the archives without holding records, and
 * the small computations over one chat or ticket (response times, solve time, ranking score).
 */
import type { Chat, Ticket } from "@effect-livechat/core"
import type { Archive, View } from "./archive.js"
import { badRequest, Failure } from "./handler.js"
import type { ChatView, TicketView } from "./seed.js"
import { ticketDate, type Zone, zoneOf as zoneNamed } from "./time.js"

// ---------------------------------------------------------------------------------------------
// Time zones

export type { Zone }

/**
 * The zone named by a `timezone` argument (the license's, `license`, when absent); an unknown name
 * is a 400 (see `time.zoneOf`).
 */
export const zoneOf = (name: string | undefined, license: Zone): Zone | Failure => {
  if (name === undefined) return license
  return zoneNamed(name) ?? badRequest(`timezone: unknown time zone ${name}`)
}

// ---------------------------------------------------------------------------------------------
// Periods

/** How a report groups its figures. */
export type Grouping = "hour" | "day" | "month"

/** The periods of a report: its keys in order, and where an instant or an interval falls. */
export interface Periods {
  readonly grouping: Grouping
  readonly keys: ReadonlyArray<string>
  /** The first and last day (`YYYY-MM-DD`) of each period, clipped to the requested dates. */
  readonly bounds: (period: number) => { readonly begin: string; readonly end: string }
  /** The unix seconds the periods cover (inclusive), to select records from an archive. */
  readonly from: number
  readonly to: number
  /** The period of an instant (unix seconds), or -1 outside the requested dates. */
  readonly index: (t: number) => number
  /** Splits the interval `[start, end)` (unix seconds) over the periods it overlaps. */
  readonly spread: (start: number, end: number, add: (period: number, seconds: number) => void) => void
}

/** The period arguments of a request (every report takes a subset of them). */
export interface PeriodInput {
  readonly date_from?: string | undefined
  readonly date_to?: string | undefined
  readonly group_by?: Grouping | undefined
  readonly timezone?: string | undefined
}

/** More periods than this is a 400 (an hourly report over years is not something to answer). */
export const maxPeriods = 100_000

const pad = (n: number) => String(n).padStart(2, "0")

/** `YYYY-MM-DD` of a wall-clock time. */
const dayKey = (local: number) => new Date(local * 1000).toISOString().slice(0, 10)

/** Midnight of a `YYYY-MM-DD` wall-clock day, in seconds. */
const midnight = (text: string): number => {
  const [y, m, d] = text.split("-").map(Number)
  return Date.UTC(y, m - 1, d) / 1000
}

/** The wall-clock start of the month of a wall-clock time. */
const monthStart = (local: number, add = 0): number => {
  const date = new Date(local * 1000)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + add, 1) / 1000
}

/**
 * The periods of a request. Dates are days in the request's time zone (`timezone`, else the
 * license's, `license`): `date_to` defaults to today
 * (of `now`), `date_from` to "the beginning of time", which the fake takes as the day of the
 * archive's oldest record (`oldest`, unix seconds; today when the archive is empty). `group_by`
 * defaults to `day`, or `hour` when the range is one day. Keys are `YYYY-MM-DD` (days), `YYYY-MM`
 * (months), and `HH:00` for hours when the range is one day, else `YYYY-MM-DD HH:00` (the format of
 * the agents' occupancy report). Every period of the range is a key, also those with nothing in
 * them (the samples show zero rows).
 */
export const periodsOf = (
  input: PeriodInput,
  now: number,
  oldest: number | undefined,
  license: Zone
): Periods | Failure => {
  const zone = zoneOf(input.timezone, license)
  if (zone instanceof Failure) return zone
  const today = dayKey(zone.local(now))
  // A `date_from` after today without `date_to` is a one-day range; an archive newer than `date_to` too.
  const lastDay = input.date_to ?? (input.date_from !== undefined && input.date_from > today ? input.date_from : today)
  const firstDay = input.date_from ?? (oldest === undefined ? lastDay : dayKey(zone.local(oldest)))
  const localFrom = Math.min(midnight(firstDay), midnight(lastDay))
  const localEnd = midnight(lastDay) + 86_400 // exclusive
  const oneDay = localEnd - localFrom === 86_400
  const grouping: Grouping = input.group_by ?? (oneDay ? "hour" : "day")
  const starts: Array<number> = []
  if (grouping === "month") {
    for (let s = monthStart(localFrom); s < localEnd; s = monthStart(s, 1)) starts.push(Math.max(s, localFrom))
  } else {
    const size = grouping === "hour" ? 3600 : 86_400
    const count = (localEnd - localFrom) / size
    if (count > maxPeriods) {
      return badRequest(`group_by: ${grouping} makes ${count} periods (at most ${maxPeriods}); narrow the dates`)
    }
    for (let s = localFrom; s < localEnd; s += size) starts.push(s)
  }
  const endOf = (period: number) => starts[period + 1] ?? localEnd // exclusive
  const keys = starts.map((s) => {
    switch (grouping) {
      case "month":
        return dayKey(s).slice(0, 7)
      case "day":
        return dayKey(s)
      case "hour": {
        const hour = `${pad(new Date(s * 1000).getUTCHours())}:00`
        return oneDay ? hour : `${dayKey(s)} ${hour}`
      }
    }
  })
  const firstMonth = (() => {
    const d = new Date(localFrom * 1000)
    return d.getUTCFullYear() * 12 + d.getUTCMonth()
  })()
  /** The period of a wall-clock time, or -1. */
  const indexLocal = (local: number): number => {
    if (local < localFrom || local >= localEnd) return -1
    switch (grouping) {
      case "hour":
        return Math.floor((local - localFrom) / 3600)
      case "day":
        return Math.floor((local - localFrom) / 86_400)
      case "month": {
        const d = new Date(local * 1000)
        return d.getUTCFullYear() * 12 + d.getUTCMonth() - firstMonth
      }
    }
  }
  return {
    grouping,
    keys,
    bounds: (period) => ({ begin: dayKey(starts[period]), end: dayKey(endOf(period) - 1) }),
    from: zone.utc(localFrom),
    to: zone.utc(localEnd) - 1,
    index: (t) => indexLocal(zone.local(t)),
    spread: (start, end, add) => {
      // The interval in wall-clock time (with the offset at its start), clipped to the range.
      const shift = zone.local(start) - start
      let at = Math.max(start + shift, localFrom)
      const stop = Math.min(end + shift, localEnd)
      while (at < stop) {
        const period = indexLocal(at)
        const next = Math.min(endOf(period), stop)
        add(period, next - at)
        at = next
      }
    }
  }
}

/** One accumulator per period, made by `make`, then the report keyed by period. */
export const perPeriod = <A>(periods: Periods, make: () => A) => {
  const values = periods.keys.map(make)
  return {
    values,
    /** The accumulator of the period of `t`, or `undefined` outside the range. */
    at: (t: number): A | undefined => {
      const i = periods.index(t)
      return i < 0 ? undefined : values[i]
    },
    /** The report: `{ [key]: render(accumulator, period) }`. */
    render: <B>(render: (value: A, period: number) => B): Record<string, B> =>
      Object.fromEntries(periods.keys.map((key, i) => [key, render(values[i], i)]))
  }
}

/** `begin` and `end` of a period, given for monthly reports only (as the reference's samples). */
export const boundsOf = (periods: Periods, period: number): { begin?: string; end?: string } =>
  periods.grouping === "month" ? periods.bounds(period) : {}

// ---------------------------------------------------------------------------------------------
// Iterating the archives

/**
 * Calls `f` with the index and view of every record with `from <= timestamp <= to`, oldest first.
 * Nothing is collected: the range is found by binary search and views are made one at a time.
 */
export const eachInRange = <T, V extends View>(
  archive: Archive<T, V>,
  from: number,
  to: number,
  f: (index: number, view: V) => void
): void => {
  const selection = archive.select(from, to, undefined, true)
  for (let k = 0; k < selection.total; k++) {
    const index = selection.at(k)
    f(index, archive.view(index))
  }
}

/** The chat filters the reports share (any of them may be absent). */
export interface ChatFilters {
  readonly group?: number | undefined
  readonly agent?: string | undefined
  readonly tag?: ReadonlyArray<string> | undefined
}

/**
 * Whether a chat counts in a report: ended (pending chats are left out, as the archive list leaves
 * them out by default), in the group, handled by the agent, and carrying any of the tags.
 */
export const chatMatches = (filters: ChatFilters) => (view: ChatView): boolean =>
  !view.pending &&
  (filters.group === undefined || view.group === filters.group) &&
  (filters.agent === undefined || view.agent === filters.agent) &&
  (filters.tag === undefined || filters.tag.length === 0 || filters.tag.some((t) => view.tags.includes(t)))

/** Whether a ticket counts in a report: in the group and carrying any of the tags. */
export const ticketMatches = (filters: Omit<ChatFilters, "agent">) => (view: TicketView): boolean =>
  (filters.group === undefined || view.group === filters.group) &&
  (filters.tag === undefined || filters.tag.length === 0 || filters.tag.some((t) => view.tags.includes(t)))

// ---------------------------------------------------------------------------------------------
// Computations over one record

/** Rounds to two decimals (`0.83`), as the samples write averages and hours. */
export const round2 = (n: number): number => Math.round(n * 100) / 100

/** A running count and sum, rendered as an average (`null` when nothing was counted). */
export class Mean {
  count = 0
  sum = 0
  /** Adds one value. */
  add(value: number): void {
    this.count++
    this.sum += value
  }
  /** The average, rounded to two decimals, or `null`. */
  average(scale = 1): number | null {
    return this.count === 0 ? null : round2(this.sum / this.count / scale)
  }
}

/**
 * The first response of a chat: seconds from the visitor's first message to the first agent
 * message after it (an agent's greeting before the visitor wrote does not count); `undefined` when
 * no agent answered.
 */
export const firstResponse = (chat: Chat.Chat): number | undefined => {
  let asked: number | undefined
  for (const message of chat.messages) {
    if (message.user_type === "visitor") asked ??= message.timestamp
    else if (message.user_type === "agent" && asked !== undefined) return Math.max(0, message.timestamp - asked)
  }
  return undefined
}

/**
 * Every response in a chat: for each run of visitor messages, the seconds from its first message to
 * the agent message that follows it.
 */
export const responses = (chat: Chat.Chat, f: (seconds: number) => void): void => {
  let waiting: number | undefined
  for (const message of chat.messages) {
    if (message.user_type === "visitor") waiting ??= message.timestamp
    else if (message.user_type === "agent" && waiting !== undefined) {
      f(Math.max(0, message.timestamp - waiting))
      waiting = undefined
    }
  }
}

/** The end of a chat (unix seconds): `ended_timestamp`, else its start plus `duration`. */
export const chatEnd = (chat: Chat.Chat): number =>
  chat.ended_timestamp ?? chat.started_timestamp + (chat.duration ?? 0)

export { ticketDate }

/**
 * The first response to a ticket: the first public message by an agent, with its time and author;
 * `undefined` when no agent answered.
 */
export const ticketFirstResponse = (
  ticket: Ticket.Ticket
): { readonly at: number; readonly agent: string } | undefined => {
  for (const event of ticket.events) {
    if (event.type !== "message" || event.author?.type !== "agent" || event.is_private === true) continue
    const at = ticketDate(event.date)
    if (at !== undefined) return { at, agent: event.author.id }
  }
  return undefined
}

/**
 * When a solved ticket was solved. The fake keeps no status history, so the rule is: at its last
 * event (the reply that closed it), or at its creation when it has no dated event after that.
 */
export const ticketSolvedAt = (ticket: Ticket.Ticket, created: number): number => {
  let at = created
  for (const event of ticket.events) at = Math.max(at, ticketDate(event.date) ?? at)
  return at
}

/**
 * How far back a ticket report looks for tickets whose first response or solution fell in the
 * requested range: tickets created more than 30 days before the range are not considered.
 */
export const ticketLookback = 30 * 86_400

/**
 * A ranking score: the lower bound of the Wilson score interval (95%) of the share of good
 * ratings. The reference does not say how `score` is computed; its samples are somewhat below
 * `good / total`, as such a bound is, and it ranks many good ratings above a few.
 */
export const rankingScore = (good: number, total: number): number => {
  if (total === 0) return 0
  const z = 1.96
  const p = good / total
  const z2 = z * z
  return (p + z2 / (2 * total) - z * Math.sqrt((p * (1 - p) + z2 / (4 * total)) / total)) / (1 + z2 / total)
}

/** Good and bad ratings of one agent, as a ranking entry. */
export interface RankingTally {
  good: number
  bad: number
}

/** The ranking of agents with at least one rating, best score first (then by login). */
export const ranking = (tallies: ReadonlyMap<string, RankingTally>) => ({
  ranking: Array.from(tallies, ([name, { bad, good }]) => ({
    good,
    bad,
    total: good + bad,
    score: rankingScore(good, good + bad),
    name
  }))
    .filter((entry) => entry.total > 0)
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
})
