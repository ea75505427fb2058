/**
 * Reports: the statistics of chats, queues, agents' time, goals, greetings and tickets, by period.
 *
 * Most reports take the same filters ({@link Filters}: dates, time zone, group, agent, grouping and
 * tags); each takes the subset its "Optional arguments" table lists, plus its own (`goal`,
 * `greeting`, `weekday`).
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Report } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Reports"

const common = Schema.Struct({
  date_from: Schema.optional(Fields.Day.annotations({ description: "YYYY-MM-DD, defaults to the beginning of time" })),
  date_to: Schema.optional(Fields.Day.annotations({ description: "YYYY-MM-DD, defaults to today" })),
  timezone: Schema.optional(
    Fields.NonEmpty.annotations({ description: "time zone in the TZ format (America/Phoenix)" })
  ),
  group: Schema.optional(Fields.NonNegativeInt.annotations({ description: "statistics of this group only" })),
  agent: Schema.optional(Fields.Email.annotations({ description: "statistics of this agent (login) only" })),
  group_by: Schema.optional(
    Fields.GroupBy.annotations({ description: "day (default), or hour when date_from equals date_to; or month" })
  ),
  tag: Schema.optional(Schema.Array(Fields.NonEmpty).annotations({ description: "statistics of these tags only" }))
})

const dateOrder = (input: unknown): Schema.FilterOutput => {
  if (typeof input !== "object" || input === null) return true
  const from = "date_from" in input ? input.date_from : undefined
  const to = "date_to" in input ? input.date_to : undefined
  return typeof from === "string" && typeof to === "string" && to < from
    ? { path: ["date_to"], message: "must not be before date_from" }
    : true
}

/** Refuses a `date_to` before `date_from`. */
const inOrder = <S extends Schema.Schema.Any>(self: S): Schema.filter<S> => Schema.filter<S>(dateOrder)(self)

/**
 * The filters most reports share: `date_from`, `date_to` (`YYYY-MM-DD`, `date_to` not before
 * `date_from`), `timezone`, `group`, `agent` (login), `group_by` (`day`, `hour`, `month`) and `tag`
 * (sent as `tag[]=...`). The input of the total chats, chat engagement, chat ratings, ticket first
 * response time, solved tickets, ticket resolution time and ticket ratings reports; the others take
 * a subset or add their own arguments. The fields are `Filters.from.fields`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const Filters = inOrder(common)

/**
 * The filters of the rankings (chats and tickets): `date_from`, `date_to`, `group` and `tag`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const RankingFilters = inOrder(common.pick("date_from", "date_to", "group", "tag"))

/**
 * The filters of the queue reports: {@link Filters} without `agent` and `tag`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const QueueFilters = inOrder(common.omit("agent", "tag"))

/**
 * The filters of the availability report: {@link Filters} without `tag`. (`group_by` is not in the
 * reference's argument table, but its sample sends `group_by=day`, so it is accepted.)
 *
 * @since 0.1.0
 * @category inputs
 */
export const AvailabilityFilters = inOrder(common.omit("tag"))

/**
 * The filters of the chatting time report: {@link Filters} without `timezone` and `group_by`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ChattingTimeFilters = inOrder(common.omit("timezone", "group_by"))

/**
 * The filters of the chats' first response time and response time reports: {@link Filters} without `timezone`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ResponseTimeFilters = inOrder(common.omit("timezone"))

/**
 * The filters of the new tickets and ticket sources reports: {@link Filters} without `agent`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const TicketCountFilters = inOrder(common.omit("agent"))

const goal = Fields.PositiveInt.annotations({ description: "statistics of this goal only" })

/**
 * The input of {@link goals}: {@link Filters} and `goal` (a goal id).
 *
 * @since 0.1.0
 * @category inputs
 */
export const GoalsInput = inOrder(Schema.Struct({ ...common.fields, goal: Schema.optional(goal) }))

/**
 * The input of {@link greetings}: {@link Filters} without `agent`, plus `goal` and `greeting` (ids).
 *
 * @since 0.1.0
 * @category inputs
 */
export const GreetingsInput = inOrder(Schema.Struct({
  ...common.omit("agent").fields,
  goal: Schema.optional(goal),
  greeting: Schema.optional(Fields.PositiveInt.annotations({ description: "statistics of this greeting only" }))
}))

/**
 * The input of {@link agentsOccupancy}: the required `weekday` (`mon` … `sun`).
 *
 * @since 0.1.0
 * @category inputs
 */
export const AgentsOccupancyInput = Schema.Struct({ weekday: Fields.Weekday })

/**
 * The Reports endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  totalChats: Endpoint.make({
    group,
    name: "totalChats",
    summary: "Shows how many chats occurred during the specified period.",
    method: "GET",
    path: "/reports/chats/total_chats",
    input: Filters,
    output: Report.TotalChats
  }),
  chatEngagement: Endpoint.make({
    group,
    name: "chatEngagement",
    summary: "Shows where chats come from: automatic invitations, manual invitations or visitors starting them.",
    method: "GET",
    path: "/reports/chats/engagement",
    input: Filters,
    output: Report.ChatEngagement
  }),
  chatRatings: Endpoint.make({
    group,
    name: "chatRatings",
    summary: "Shows how many chats have been rated and how they have been rated during a specified period.",
    method: "GET",
    path: "/reports/chats/ratings",
    input: Filters,
    output: Report.ChatRatings
  }),
  chatRanking: Endpoint.make({
    group,
    name: "chatRanking",
    summary: "Shows the ratio of good to bad chat ratings for each operator.",
    method: "GET",
    path: "/reports/chats/ratings/ranking",
    input: RankingFilters,
    output: Report.ChatRanking
  }),
  queuedVisitors: Endpoint.make({
    group,
    name: "queuedVisitors",
    summary: "Shows how many visitors waited in the queue and how many abandoned it or proceeded to chats.",
    method: "GET",
    path: "/reports/chats/queued_visitors",
    input: QueueFilters,
    output: Report.QueuedVisitors
  }),
  queueWaitingTimes: Endpoint.make({
    group,
    name: "queueWaitingTimes",
    summary: "Shows the minimum, average and maximum waiting time in the queue.",
    method: "GET",
    path: "/reports/chats/queued_visitors/waiting_times",
    input: QueueFilters,
    output: Report.QueueWaitingTimes
  }),
  availability: Endpoint.make({
    group,
    name: "availability",
    summary: "Shows how long an agent, a group or the whole account was available for chatting.",
    method: "GET",
    path: "/reports/availability",
    input: AvailabilityFilters,
    output: Report.Availability
  }),
  chattingTime: Endpoint.make({
    group,
    name: "chattingTime",
    summary: "Shows how much time an agent or a group spent on chatting during a specified period.",
    method: "GET",
    path: "/reports/chats/chatting_time",
    input: ChattingTimeFilters,
    output: Report.ChattingTime
  }),
  chatsFirstResponseTime: Endpoint.make({
    group,
    name: "chatsFirstResponseTime",
    summary: "The average time it takes the agents to respond to a new chat over a specified period.",
    method: "GET",
    path: "/reports/chats/first_response_time",
    input: ResponseTimeFilters,
    output: Report.ChatsFirstResponseTime
  }),
  chatsResponseTime: Endpoint.make({
    group,
    name: "chatsResponseTime",
    summary: "The average time it takes the agents to respond to a new message in a chat over a specified period.",
    method: "GET",
    path: "/reports/chats/response_time",
    input: ResponseTimeFilters,
    output: Report.ChatsResponseTime
  }),
  agentsOccupancy: Endpoint.make({
    group,
    name: "agentsOccupancy",
    summary: "Shows the maximum number of concurrent chats at each hour of a particular weekday.",
    method: "GET",
    path: "/reports/chats/agents_occupancy",
    input: AgentsOccupancyInput,
    output: Report.AgentsOccupancy
  }),
  goals: Endpoint.make({
    group,
    name: "goals",
    summary: "Shows the number of reached goals.",
    method: "GET",
    path: "/reports/chats/goals",
    input: GoalsInput,
    output: Report.Goals
  }),
  greetings: Endpoint.make({
    group,
    name: "greetings",
    summary: "Returns the greetings to chats to goals conversion rates report.",
    method: "GET",
    path: "/reports/chats/greetings",
    input: GreetingsInput,
    output: Report.Greetings
  }),
  newTickets: Endpoint.make({
    group,
    name: "newTickets",
    summary: "Shows the number of tickets created during the specified period.",
    method: "GET",
    path: "/reports/tickets/new_tickets",
    input: TicketCountFilters,
    output: Report.NewTickets
  }),
  ticketsFirstResponseTime: Endpoint.make({
    group,
    name: "ticketsFirstResponseTime",
    summary: "Shows the first response time of the tickets first responded to during the specified period.",
    method: "GET",
    path: "/reports/tickets/first_response_time",
    input: Filters,
    output: Report.TicketsFirstResponseTime
  }),
  solvedTickets: Endpoint.make({
    group,
    name: "solvedTickets",
    summary: "Shows the number of tickets solved during the specified period.",
    method: "GET",
    path: "/reports/tickets/solved_tickets",
    input: Filters,
    output: Report.SolvedTickets
  }),
  ticketsResolutionTime: Endpoint.make({
    group,
    name: "ticketsResolutionTime",
    summary: "Shows the resolution time of the tickets solved during the specified period.",
    method: "GET",
    path: "/reports/tickets/resolution_time",
    input: Filters,
    output: Report.TicketsResolutionTime
  }),
  ticketSources: Endpoint.make({
    group,
    name: "ticketSources",
    summary: "Shows the distribution of tickets between channels: ticket form, e-mail and chat.",
    method: "GET",
    path: "/reports/tickets/ticket_sources",
    input: TicketCountFilters,
    output: Report.TicketSources
  }),
  ticketRatings: Endpoint.make({
    group,
    name: "ticketRatings",
    summary: "Shows the tickets that were rated during the specified period.",
    method: "GET",
    path: "/reports/tickets/ratings",
    input: Filters,
    output: Report.TicketRatings
  }),
  ticketRanking: Endpoint.make({
    group,
    name: "ticketRanking",
    summary: "Shows the ratio of good to bad ticket ratings for each operator.",
    method: "GET",
    path: "/reports/tickets/ratings/ranking",
    input: RankingFilters,
    output: Report.TicketRanking
  })
} as const

/**
 * Shows how many chats occurred during the specified period, by period (`{ chats }`).
 *
 * `GET /reports/chats/total_chats`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format (`America/Phoenix`).
 * @param input.group - statistics of this group only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @example
 * ```ts
 * import { Reports } from "@effect-livechat/resources"
 *
 * const week = Reports.totalChats({ date_from: "2026-11-01", date_to: "2026-11-07" })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const totalChats = Endpoint.call(endpoints.totalChats)

/**
 * Shows where chats come from — automatic invitations, manual invitations, or visitors starting
 * them themselves (`chats_from_auto_invite`, `chats_from_manual_invite`, `chats_from_immediate_start`).
 *
 * `GET /reports/chats/engagement`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const chatEngagement = Endpoint.call(endpoints.chatEngagement)

/**
 * Shows how many chats have been rated and how (`good`, `bad`, of `chats`) during a specified period.
 *
 * `GET /reports/chats/ratings`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const chatRatings = Endpoint.call(endpoints.chatRatings)

/**
 * Shows the ratio of good to bad chat ratings for each agent.
 *
 * `GET /reports/chats/ratings/ranking`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.group - statistics of this group only.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const chatRanking = Endpoint.call(endpoints.chatRanking)

/**
 * Shows how many visitors waited in the queue, and how many abandoned it or proceeded to a chat.
 *
 * `GET /reports/chats/queued_visitors`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const queuedVisitors = Endpoint.call(endpoints.queuedVisitors)

/**
 * Shows the minimum, average and maximum waiting time in the queue (of all queued visitors, of
 * those who left the queue and of those who entered a chat).
 *
 * `GET /reports/chats/queued_visitors/waiting_times`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const queueWaitingTimes = Endpoint.call(endpoints.queueWaitingTimes)

/**
 * Shows how long an agent (or a group, or the whole account) was available for chatting: minutes
 * for every hour when querying one day, otherwise hours for each day.
 *
 * `GET /reports/availability`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group_by - not in the reference's argument table, but sent by its sample (`day`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const availability = Endpoint.call(endpoints.availability)

/**
 * Shows how much time an agent (or a group) spent chatting: minutes for every hour when querying
 * one day, otherwise hours for each day.
 *
 * `GET /reports/chats/chatting_time`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.group - statistics of this group only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const chattingTime = Endpoint.call(endpoints.chattingTime)

/**
 * The average time it takes the agents to respond to a new chat: per period, the number of first
 * responses (`count`) and their average time (`seconds`, `null` when there were none).
 *
 * `GET /reports/chats/first_response_time`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.group - statistics of this group only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const chatsFirstResponseTime = Endpoint.call(endpoints.chatsFirstResponseTime)

/**
 * The average time it takes the agents to respond to a new message in a chat: per period, the
 * number of responses (`count`) and their average time (`seconds`, `null` when there were none).
 *
 * `GET /reports/chats/response_time`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.group - statistics of this group only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const chatsResponseTime = Endpoint.call(endpoints.chatsResponseTime)

/**
 * Number of simultaneous chats: the maximum number of concurrent chats at each hour of a particular
 * weekday, keyed `"YYYY-MM-DD HH:MM"`.
 *
 * `GET /reports/chats/agents_occupancy`
 *
 * @param input.weekday - required: `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const agentsOccupancy = Endpoint.call(endpoints.agentsOccupancy)

/**
 * Shows the number of reached goals, by period.
 *
 * `GET /reports/chats/goals`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.goal - the id of a goal: statistics of this goal only.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const goals = Endpoint.call(endpoints.goals)

/**
 * The "greetings to chats to goals" conversion report: per period, how many greetings were
 * `displayed`, how many chats resulted from them (`accepted`) and how many `goals`.
 *
 * `GET /reports/chats/greetings`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.goal - the id of a goal: statistics of this goal only.
 * @param input.greeting - the id of a greeting: statistics of this greeting only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const greetings = Endpoint.call(endpoints.greetings)

/**
 * Shows the number of tickets created during the specified period.
 *
 * `GET /reports/tickets/new_tickets`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const newTickets = Endpoint.call(endpoints.newTickets)

/**
 * Shows the first response time of the tickets first responded to during the specified period: per
 * period, their number (`count`) and the average time in hours (`hours`; `0.83` = 49 min 48 s;
 * `null` when there were none).
 *
 * `GET /reports/tickets/first_response_time`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ticketsFirstResponseTime = Endpoint.call(endpoints.ticketsFirstResponseTime)

/**
 * Shows the number of tickets solved during the specified period.
 *
 * `GET /reports/tickets/solved_tickets`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const solvedTickets = Endpoint.call(endpoints.solvedTickets)

/**
 * Shows the resolution time of the tickets solved during the specified period: per period, their
 * number (`count`) and the average time in hours (`hours`, `null` when there were none).
 *
 * `GET /reports/tickets/resolution_time`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ticketsResolutionTime = Endpoint.call(endpoints.ticketsResolutionTime)

/**
 * Shows the distribution of tickets between channels: created by visitors via the ticket form
 * (`tickets_from_chat_window`), by e-mail (`tickets_from_mail`), or by agents during a chat
 * (`tickets_from_chat`).
 *
 * `GET /reports/tickets/ticket_sources`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ticketSources = Endpoint.call(endpoints.ticketSources)

/**
 * Shows the tickets that were rated (`good`, `bad`) during the specified period.
 *
 * `GET /reports/tickets/ratings`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.timezone - time zone in the TZ format.
 * @param input.agent - statistics of this agent (login) only.
 * @param input.group - statistics of this group only.
 * @param input.group_by - `day` (default; `hour` when `date_from` equals `date_to`), `hour` or `month`.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ticketRatings = Endpoint.call(endpoints.ticketRatings)

/**
 * Shows the ratio of good to bad ticket ratings for each agent.
 *
 * `GET /reports/tickets/ratings/ranking`
 *
 * @param input.date_from - `YYYY-MM-DD`; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD`; defaults to today.
 * @param input.group - statistics of this group only.
 * @param input.tag - statistics of these tags only.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ticketRanking = Endpoint.call(endpoints.ticketRanking)
