/**
 * The fake's reports, computed from the archives: every report walks the chats or tickets of its
 * date range one view at a time (a full record is made only for what a view does not hold:
 * engagement, durations, queue times, messages, goals, ticket events and ratings), applies its
 * filters, and sums per period (see `../reports.ts` for periods, defaults and shared rules).
 *
 * Rules where the reference does not say how a figure is computed:
 * - chats count once ended (pending chats are left out, as the archive list does by default), in
 *   the period of their start; `agent` is the chat's (first) agent, `tag[]` matches any tag;
 * - queues: the archive holds only chats that took place, so every queued chat entered the chat
 *   and `left_queue` is always 0 (its times `null`);
 * - chatting time sums chat durations (two chats at once count twice); availability is the time an
 *   agent had at least one chat open (the union of the agent's chats), summed over agents;
 * - greetings: chats have no greeting data, so each chat from an automatic invitation
 *   (`engagement: auto_invite`) is an accepted greeting, which was displayed 1 to 3 times (a
 *   deterministic hash of the chat), its goals are the greeting's goals, and with `greeting` the
 *   chat is attributed to one of the existing greetings by a hash of the chat;
 * - tickets: first responses and solutions count in the period they happened (looking back 30
 *   days for the tickets they belong to); a ticket is solved at its last event; ratings count in
 *   the period of the ticket's creation, `agent` is the assignee (the responder for first responses);
 *   ticket sources: `chat-window` is the form, `mail` and `facebook` mail, `lc2` and
 *   `agent-app-manual` chat (by agents), so the three counters add up to the tickets;
 * - goals: the chats' goals, plus successes marked with `Goals.markAsSuccessful` (only without
 *   agent, group and tag filters, which they have no data for);
 * - rankings: agents with at least one rating, by the Wilson lower bound of good / total;
 * - occupancy: the latest four occurrences of the weekday up to today (in the license's time zone),
 *   the most chats open at once in each hour, a pending chat being open until now;
 * - days are read in the request's `timezone`, else the license's time zone (the fake's `timeZone`).
 */
import type { Chat, Ticket } from "@effect-livechat/core"
import { Effect } from "effect"
import { type Context, Failure, type GroupHandlers } from "../handler.js"
import { hash } from "../random.js"
import {
  boundsOf,
  chatEnd,
  chatMatches,
  eachInRange,
  firstResponse,
  Mean,
  type PeriodInput,
  type Periods,
  periodsOf,
  perPeriod,
  ranking,
  type RankingTally,
  responses,
  round2,
  ticketFirstResponse,
  ticketLookback,
  ticketMatches,
  ticketSolvedAt
} from "../reports.js"
import type { ChatView, TicketView } from "../seed.js"
import type { State } from "../state.js"

/**
 * Runs a report over the periods of its input; `oldest` says which archive "the beginning of time"
 * is read from. A bad `timezone` or too many periods is a 400.
 */
const report = <A>(
  input: PeriodInput,
  { now, state }: Context,
  archive: "chats" | "tickets",
  f: (periods: Periods, state: State) => A
): Effect.Effect<A, Failure> =>
  Effect.suspend(() => {
    const source = state[archive]
    const periods = periodsOf(
      input,
      now,
      source.count === 0 ? undefined : source.view(0).timestamp,
      state.listing.zone
    )
    return periods instanceof Failure ? Effect.fail(periods) : Effect.succeed(f(periods, state))
  })

/** Calls `f` for every chat of the periods that passes the filters, oldest first. */
const eachChat = (
  state: State,
  periods: Periods,
  filters: Parameters<typeof chatMatches>[0],
  f: (index: number, view: ChatView) => void
) => {
  const matches = chatMatches(filters)
  eachInRange(state.chats, periods.from, periods.to, (index, view) => {
    if (matches(view)) f(index, view)
  })
}

/** Calls `f` for every ticket created from `from` to the end of the periods that passes the filters. */
const eachTicket = (
  state: State,
  periods: Periods,
  filters: Parameters<typeof ticketMatches>[0],
  f: (index: number, view: TicketView) => void,
  from = periods.from
) => {
  const matches = ticketMatches(filters)
  eachInRange(state.tickets, from, periods.to, (index, view) => {
    if (matches(view)) f(index, view)
  })
}

/** Seconds of a chat's queue wait, `undefined` when it was not queued. */
const queueOf = (chat: Chat.Chat) => chat.queue?.duration

/** The report of one queue's waiting times: count, min, max and average seconds (`null` when none). */
class Waits {
  count = 0
  sum = 0
  min = Infinity
  max = -Infinity
  /** Adds one wait. */
  add(seconds: number): void {
    this.count++
    this.sum += seconds
    this.min = Math.min(this.min, seconds)
    this.max = Math.max(this.max, seconds)
  }
  /** As the report writes it; averages are whole seconds, as the sample shows. */
  render() {
    const none = this.count === 0
    return {
      count: this.count,
      min: { seconds: none ? null : this.min },
      max: { seconds: none ? null : this.max },
      average: { seconds: none ? null : Math.round(this.sum / this.count) }
    }
  }
}

/** Time spent per period: minutes per hour for hourly periods, else hours, two decimals. */
const timeSpent = (periods: Periods, seconds: number) =>
  periods.grouping === "hour" ? { minutes: round2(seconds / 60) } : { hours: round2(seconds / 3600) }

/** How the three ticket-source counters of the report map the API's source types. */
const sourceCounter = (source: Ticket.SourceType) => {
  switch (source) {
    case "chat-window":
      return "tickets_from_chat_window" as const // the visitor's ticket form
    case "mail":
    case "facebook":
      return "tickets_from_mail" as const // messages from outside channels
    case "lc2":
    case "agent-app-manual":
      return "tickets_from_chat" as const // created by agents (during a chat, or by hand in the app)
  }
}

/** The weekday numbers (`Date#getUTCDay`) of the `weekday` argument. */
const weekdays = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const

/** How many of the latest occurrences of the weekday the occupancy report shows (the sample: four). */
const occupancyWeeks = 4

/**
 * The maximum number of chats open at once in each hour of a day (from `dayStart`, unix seconds): chats are intervals
 * `[start, end)` (a pending chat is open until `now`), swept in order; a chat ending as another
 * starts does not overlap it. Chats started more than a day before are not looked at.
 */
const hourlyOccupancy = (state: State, dayStart: number, now: number): Array<number> => {
  const events: Array<readonly [number, number]> = []
  eachInRange(state.chats, dayStart - 86_400, dayStart + 86_400 - 1, (index, view) => {
    const end = view.pending ? now : chatEnd(state.chats.get(index))
    if (end > dayStart && end > view.timestamp) events.push([view.timestamp, 1], [end, -1])
  })
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const hours: Array<number> = []
  let level = 0
  let e = 0
  for (let h = 0; h < 24; h++) {
    const start = dayStart + h * 3600
    while (e < events.length && events[e][0] <= start) level += events[e++][1]
    let max = level
    while (e < events.length && events[e][0] < start + 3600) {
      level += events[e++][1]
      max = Math.max(max, level)
    }
    hours.push(max)
  }
  return hours
}

export const handlers: GroupHandlers<"Reports"> = {
  // Chats started in each period.
  totalChats: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => ({ chats: 0 }))
      eachChat(state, periods, input, (_, view) => {
        const value = acc.at(view.timestamp)
        if (value !== undefined) value.chats++
      })
      return acc.render((value) => value)
    }),

  // Chats by their `engagement` (a chat without one started immediately).
  chatEngagement: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => ({
        chats_from_auto_invite: 0,
        chats_from_immediate_start: 0,
        chats_from_manual_invite: 0
      }))
      eachChat(state, periods, input, (index, view) => {
        const value = acc.at(view.timestamp)
        if (value === undefined) return
        switch (state.chats.get(index).engagement) {
          case "auto_invite":
            value.chats_from_auto_invite++
            break
          case "manual_invite":
            value.chats_from_manual_invite++
            break
          default:
            value.chats_from_immediate_start++
        }
      })
      return acc.render((value) => value)
    }),

  // Chats, and those rated good and bad.
  chatRatings: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => ({ bad: 0, good: 0, chats: 0 }))
      eachChat(state, periods, input, (_, view) => {
        const value = acc.at(view.timestamp)
        if (value === undefined) return
        value.chats++
        if (view.rate === "rated_good") value.good++
        if (view.rate === "rated_bad") value.bad++
      })
      return acc.render((value, period) => ({ ...boundsOf(periods, period), ...value }))
    }),

  // Agents by the score of their chats' ratings.
  chatRanking: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const tallies = new Map<string, RankingTally>()
      eachChat(state, periods, input, (_, view) => {
        if (view.rate === "not_rated") return
        const tally = tallies.get(view.agent) ?? { good: 0, bad: 0 }
        if (view.rate === "rated_good") tally.good++
        else tally.bad++
        tallies.set(view.agent, tally)
      })
      return ranking(tallies)
    }),

  // Queued chats; all of them entered the chat (the archive holds no abandoned queues).
  queuedVisitors: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => ({ queued: 0 }))
      eachChat(state, periods, input, (_, view) => {
        const value = view.queued ? acc.at(view.timestamp) : undefined
        if (value !== undefined) value.queued++
      })
      return acc.render(({ queued }) => ({
        queued: { count: queued },
        left_queue: { count: 0 },
        entered_chat: { count: queued }
      }))
    }),

  // Waits of queued chats (`queue.duration`); all of them entered the chat.
  queueWaitingTimes: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => new Waits())
      eachChat(state, periods, input, (index, view) => {
        const waits = view.queued ? acc.at(view.timestamp) : undefined
        if (waits === undefined) return
        const wait = queueOf(state.chats.get(index))
        if (wait !== undefined) waits.add(wait)
      })
      return acc.render((waits) => {
        const rendered = waits.render()
        return { queued: rendered, left_queue: new Waits().render(), entered_chat: rendered }
      })
    }),

  // Time each agent had at least one chat open, summed over agents.
  availability: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const seconds = periods.keys.map(() => 0)
      const coveredUntil = new Map<string, number>()
      eachChat(state, periods, input, (index, view) => {
        const end = chatEnd(state.chats.get(index))
        const start = Math.max(view.timestamp, coveredUntil.get(view.agent) ?? view.timestamp)
        if (end > start) periods.spread(start, end, (period, s) => (seconds[period] += s))
        coveredUntil.set(view.agent, Math.max(end, coveredUntil.get(view.agent) ?? end))
      })
      return Object.fromEntries(periods.keys.map((key, i) => [key, timeSpent(periods, seconds[i])]))
    }),

  // The chats' durations, split over the periods they span.
  chattingTime: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const seconds = periods.keys.map(() => 0)
      eachChat(state, periods, input, (index, view) => {
        periods.spread(view.timestamp, chatEnd(state.chats.get(index)), (period, s) => (seconds[period] += s))
      })
      return Object.fromEntries(periods.keys.map((key, i) => [key, timeSpent(periods, seconds[i])]))
    }),

  // The first agent answer to the visitor's first message, per chat.
  chatsFirstResponseTime: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => new Mean())
      eachChat(state, periods, input, (index, view) => {
        const mean = acc.at(view.timestamp)
        if (mean === undefined) return
        const seconds = firstResponse(state.chats.get(index))
        if (seconds !== undefined) mean.add(seconds)
      })
      return acc.render((mean) => ({ first_response_time: { count: mean.count, seconds: mean.average() } }))
    }),

  // Every agent answer to a run of visitor messages.
  chatsResponseTime: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => new Mean())
      eachChat(state, periods, input, (index, view) => {
        const mean = acc.at(view.timestamp)
        if (mean !== undefined) responses(state.chats.get(index), (seconds) => mean.add(seconds))
      })
      return acc.render((mean) => ({ avg_response_time: { count: mean.count, seconds: mean.average() } }))
    }),

  // The latest four occurrences of the weekday up to today (in the license's time zone), hour by hour.
  agentsOccupancy: (input, { now, state }) =>
    Effect.sync(() => {
      const zone = state.listing.zone
      // Midnights as wall-clock seconds of the license's time zone.
      const today = Math.floor(zone.local(now) / 86_400) * 86_400
      const back = (new Date(today * 1000).getUTCDay() - weekdays[input.weekday] + 7) % 7
      const last = today - back * 86_400
      const result: Record<string, number> = {}
      for (let week = occupancyWeeks - 1; week >= 0; week--) {
        const localStart = last - week * 7 * 86_400
        const day = new Date(localStart * 1000).toISOString().slice(0, 10)
        hourlyOccupancy(state, zone.utc(localStart), now).forEach((max, h) => {
          result[`${day} ${String(h).padStart(2, "0")}:00`] = max
        })
      }
      return result
    }),

  // Goals reached in chats (in the period of the chat), and successes marked through the Goals API
  // (in the period they were marked; counted only without agent, group and tag filters).
  goals: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => ({ goals: 0 }))
      eachChat(state, periods, input, (index, view) => {
        const value = view.hasGoal ? acc.at(view.timestamp) : undefined
        if (value === undefined) return
        for (const goal of state.chats.get(index).goals ?? []) {
          if (input.goal === undefined || goal.id === input.goal) value.goals++
        }
      })
      if (input.agent === undefined && input.group === undefined && (input.tag ?? []).length === 0) {
        for (const [goal, successes] of state.goalSuccesses) {
          if (input.goal !== undefined && goal !== input.goal) continue
          for (const success of successes) {
            const value = acc.at(success.at)
            if (value !== undefined) value.goals++
          }
        }
      }
      return acc.render((value, period) => ({ ...boundsOf(periods, period), ...value }))
    }),

  // Greetings derived from chats from automatic invitations (see the rules at the top).
  greetings: (input, context) =>
    report(input, context, "chats", (periods, state) => {
      const acc = perPeriod(periods, () => ({ displayed: 0, accepted: 0, goals: 0 }))
      const greetingIds = Array.from(state.greetings.keys()).sort((a, b) => a - b)
      const wanted = input.greeting
      if (wanted === undefined || greetingIds.includes(wanted)) {
        eachChat(state, periods, input, (index, view) => {
          const value = acc.at(view.timestamp)
          if (value === undefined) return
          if (wanted !== undefined && greetingIds[hash(state.seed.seed, 42, index) % greetingIds.length] !== wanted) {
            return
          }
          const chat = state.chats.get(index)
          if (chat.engagement !== "auto_invite") return
          value.accepted++
          value.displayed += 1 + (hash(state.seed.seed, 41, index) % 3)
          value.goals += (chat.goals ?? []).filter((g) => input.goal === undefined || g.id === input.goal).length
        })
      }
      return acc.render((value, period) => ({ ...boundsOf(periods, period), ...value }))
    }),

  // Tickets created in each period.
  newTickets: (input, context) =>
    report(input, context, "tickets", (periods, state) => {
      const acc = perPeriod(periods, () => ({ new_tickets: 0 }))
      eachTicket(state, periods, input, (_, view) => {
        const value = acc.at(view.timestamp)
        if (value !== undefined) value.new_tickets++
      })
      return acc.render((value) => value)
    }),

  // Tickets first answered by an agent in each period, and the average hours it took.
  ticketsFirstResponseTime: (input, context) =>
    report(input, context, "tickets", (periods, state) => {
      const acc = perPeriod(periods, () => new Mean())
      eachTicket(state, periods, input, (index, view) => {
        const response = ticketFirstResponse(state.tickets.get(index))
        if (response === undefined || (input.agent !== undefined && response.agent !== input.agent)) return
        acc.at(response.at)?.add(response.at - view.timestamp)
      }, periods.from - ticketLookback)
      return acc.render((mean) => ({ count: mean.count, hours: mean.average(3600) }))
    }),

  // Tickets solved in each period.
  solvedTickets: (input, context) =>
    report(input, context, "tickets", (periods, state) => {
      const acc = perPeriod(periods, () => ({ solved_tickets: 0 }))
      eachTicket(state, periods, input, (index, view) => {
        if (view.status !== "solved" || (input.agent !== undefined && view.assignee !== input.agent)) return
        const value = acc.at(ticketSolvedAt(state.tickets.get(index), view.timestamp))
        if (value !== undefined) value.solved_tickets++
      }, periods.from - ticketLookback)
      return acc.render((value) => value)
    }),

  // Tickets solved in each period, and the average hours from creation to solution.
  ticketsResolutionTime: (input, context) =>
    report(input, context, "tickets", (periods, state) => {
      const acc = perPeriod(periods, () => new Mean())
      eachTicket(state, periods, input, (index, view) => {
        if (view.status !== "solved" || (input.agent !== undefined && view.assignee !== input.agent)) return
        const solved = ticketSolvedAt(state.tickets.get(index), view.timestamp)
        acc.at(solved)?.add(solved - view.timestamp)
      }, periods.from - ticketLookback)
      return acc.render((mean) => ({ count: mean.count, hours: mean.average(3600) }))
    }),

  // Tickets created in each period, by channel (every ticket counts in exactly one counter).
  ticketSources: (input, context) =>
    report(input, context, "tickets", (periods, state) => {
      const acc = perPeriod(
        periods,
        () => ({ tickets_from_chat_window: 0, tickets_from_mail: 0, tickets_from_chat: 0 })
      )
      eachTicket(state, periods, input, (_, view) => {
        const value = acc.at(view.timestamp)
        if (value !== undefined) value[sourceCounter(view.source)]++
      })
      return acc.render((value) => value)
    }),

  // Tickets rated good and bad (`rate`), in the period of their creation.
  ticketRatings: (input, context) =>
    report(input, context, "tickets", (periods, state) => {
      const acc = perPeriod(periods, () => ({ bad: 0, good: 0 }))
      eachTicket(state, periods, input, (index, view) => {
        if (input.agent !== undefined && view.assignee !== input.agent) return
        const value = acc.at(view.timestamp)
        if (value === undefined) return
        const rate = state.tickets.get(index).rate
        if (rate === "rated_good") value.good++
        if (rate === "rated_bad") value.bad++
      })
      return acc.render((value, period) => ({ ...boundsOf(periods, period), ...value }))
    }),

  // Assignees by the score of their tickets' ratings.
  ticketRanking: (input, context) =>
    report(input, context, "tickets", (periods, state) => {
      const tallies = new Map<string, RankingTally>()
      eachTicket(state, periods, input, (index, view) => {
        if (view.assignee === undefined) return
        const rate = state.tickets.get(index).rate
        if (rate !== "rated_good" && rate !== "rated_bad") return
        const tally = tallies.get(view.assignee) ?? { good: 0, bad: 0 }
        if (rate === "rated_good") tally.good++
        else tally.bad++
        tallies.set(view.assignee, tally)
      })
      return ranking(tallies)
    })
}

/** Seeds the group's records when the fake starts (none: reports are computed from the archives). */
export const initialize = (_state: State): void => {}
