/**
 * Reports: the answers of the 20 `GET /reports/...` endpoints.
 *
 * Almost every report is an object keyed by period — a day (`"2013-01-29"`), an hour (`"00:00"`),
 * a month (`"2013-01"`) or, for agents' occupancy, a day and hour (`"2015-03-16 09:00"`), as the
 * request's `group_by` (and date range) decides — whose values have the report's own shape. The
 * two rankings are a `{ ranking: [...] }` list of agents instead.
 *
 * Shapes shared by several reports are defined once: the rankings (chats and tickets), the
 * `begin`/`end` period bounds of the monthly reports, the hours-or-minutes time values
 * (availability, chatting time), the count-and-average response times, and the queue counters.
 *
 * Numbers decode tolerantly (a numeric string is read as a number); averages are `null` when
 * nothing was counted, as the samples show.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { NonNegativeInt, Num } from "./Fields.js"

/**
 * A report keyed by period (`"2013-01-29"`, `"00:00"`, `"2013-01"`, ...): one value per key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const byPeriod = <Value extends Schema.Schema.Any>(value: Value): Schema.Record$<typeof Schema.String, Value> =>
  Schema.Record({ key: Schema.String, value })

const count = NonNegativeInt

/**
 * The bounds of a period (`"begin": "2012-02-01"`, `"end": "2012-02-29"`) that the ratings, goals and
 * greetings reports give for every key (the samples are grouped by month; the bounds are clipped to
 * the requested dates). Optional: the reference shows them for monthly groups only.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PeriodBounds = Schema.Struct({
  begin: Schema.optional(Schema.String),
  end: Schema.optional(Schema.String)
})

/**
 * An average that is `null` when nothing was counted (`"seconds": null`, `"hours": null`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Average = Schema.NullOr(Num)

/**
 * Time spent in a period: `hours` for each day, or `minutes` for each hour when the query covers a
 * single day (availability and chatting time).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeSpent = Schema.Union(
  Schema.Struct({ hours: Num }),
  Schema.Struct({ minutes: Num })
)

/**
 * @since 0.1.0
 * @category schemas
 */
export type TimeSpent = typeof TimeSpent.Type

/**
 * How many responses there were and their average time in seconds (chats' first response and
 * response times).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SecondsAverage = Schema.Struct({ count, seconds: Average })

/**
 * How many tickets there were and their average time in hours (`0.83` = 49 min 48 s) — tickets'
 * first response and resolution times.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HoursAverage = Schema.Struct({ count, hours: Average })

/**
 * A number of seconds (`{ "seconds": 112 }`) in the queue waiting times.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Seconds = Schema.Struct({ seconds: Average })

/**
 * The waiting times of one kind of queued visitor: how many, and the minimum, maximum and average wait.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WaitingTimes = Schema.Struct({ count, min: Seconds, max: Seconds, average: Seconds })

/**
 * One agent's line in a ranking: good and bad ratings, their total, the score the server computes
 * from them (the reference's samples score below `good / total`, so it is not a plain share; the
 * fake uses the Wilson lower bound), and the agent's login as `name`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RankingEntry = Schema.Struct({
  good: count,
  bad: count,
  total: count,
  score: Num,
  name: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type RankingEntry = typeof RankingEntry.Type

/**
 * A ranking of agents by the ratio of good to bad ratings (chats and tickets alike).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Ranking = Schema.Struct({ ranking: Schema.Array(RankingEntry) })

/**
 * @since 0.1.0
 * @category schemas
 */
export type Ranking = typeof Ranking.Type

/**
 * Good and bad ratings in a period (the ticket ratings report; chat ratings add `chats`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Ratings = Schema.Struct({ ...PeriodBounds.fields, bad: count, good: count })

/**
 * `GET /reports/chats/total_chats`: how many chats occurred, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const TotalChats = byPeriod(Schema.Struct({ chats: count }))

/**
 * @since 0.1.0
 * @category reports
 */
export type TotalChats = typeof TotalChats.Type

/**
 * `GET /reports/chats/engagement`: where chats came from (automatic invitations, immediate start,
 * manual invitations), by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const ChatEngagement = byPeriod(Schema.Struct({
  chats_from_auto_invite: count,
  chats_from_immediate_start: count,
  chats_from_manual_invite: count
}))

/**
 * @since 0.1.0
 * @category reports
 */
export type ChatEngagement = typeof ChatEngagement.Type

/**
 * `GET /reports/chats/ratings`: how many chats there were and how many were rated good and bad, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const ChatRatings = byPeriod(Schema.Struct({ ...Ratings.fields, chats: count }))

/**
 * @since 0.1.0
 * @category reports
 */
export type ChatRatings = typeof ChatRatings.Type

/**
 * `GET /reports/chats/ratings/ranking`: the ratio of good to bad chat ratings for each agent.
 *
 * @since 0.1.0
 * @category reports
 */
export const ChatRanking = Ranking

/**
 * @since 0.1.0
 * @category reports
 */
export type ChatRanking = typeof ChatRanking.Type

/**
 * `GET /reports/chats/queued_visitors`: how many visitors were queued, left the queue, or entered a
 * chat, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const QueuedVisitors = byPeriod(Schema.Struct({
  queued: Schema.Struct({ count }),
  left_queue: Schema.Struct({ count }),
  entered_chat: Schema.Struct({ count })
}))

/**
 * @since 0.1.0
 * @category reports
 */
export type QueuedVisitors = typeof QueuedVisitors.Type

/**
 * `GET /reports/chats/queued_visitors/waiting_times`: the minimum, maximum and average waiting time
 * of queued visitors, of those who left the queue and of those who entered a chat, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const QueueWaitingTimes = byPeriod(Schema.Struct({
  queued: WaitingTimes,
  left_queue: WaitingTimes,
  entered_chat: WaitingTimes
}))

/**
 * @since 0.1.0
 * @category reports
 */
export type QueueWaitingTimes = typeof QueueWaitingTimes.Type

/**
 * `GET /reports/availability`: how long agents were available for chatting — hours per day, or
 * minutes per hour for a one-day query.
 *
 * @since 0.1.0
 * @category reports
 */
export const Availability = byPeriod(TimeSpent)

/**
 * @since 0.1.0
 * @category reports
 */
export type Availability = typeof Availability.Type

/**
 * `GET /reports/chats/chatting_time`: how long agents spent chatting — hours per day, or minutes
 * per hour for a one-day query.
 *
 * @since 0.1.0
 * @category reports
 */
export const ChattingTime = byPeriod(TimeSpent)

/**
 * @since 0.1.0
 * @category reports
 */
export type ChattingTime = typeof ChattingTime.Type

/**
 * `GET /reports/chats/first_response_time`: the number of first responses to chats and their
 * average time in seconds, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const ChatsFirstResponseTime = byPeriod(Schema.Struct({ first_response_time: SecondsAverage }))

/**
 * @since 0.1.0
 * @category reports
 */
export type ChatsFirstResponseTime = typeof ChatsFirstResponseTime.Type

/**
 * `GET /reports/chats/response_time`: the number of responses in chats and their average time in
 * seconds, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const ChatsResponseTime = byPeriod(Schema.Struct({ avg_response_time: SecondsAverage }))

/**
 * @since 0.1.0
 * @category reports
 */
export type ChatsResponseTime = typeof ChatsResponseTime.Type

/**
 * `GET /reports/chats/agents_occupancy`: the maximum number of simultaneous chats in each hour of
 * the chosen weekday, keyed `"2015-03-16 09:00"`.
 *
 * @since 0.1.0
 * @category reports
 */
export const AgentsOccupancy = byPeriod(count)

/**
 * @since 0.1.0
 * @category reports
 */
export type AgentsOccupancy = typeof AgentsOccupancy.Type

/**
 * `GET /reports/chats/goals`: the number of reached goals, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const Goals = byPeriod(Schema.Struct({ ...PeriodBounds.fields, goals: count }))

/**
 * @since 0.1.0
 * @category reports
 */
export type Goals = typeof Goals.Type

/**
 * `GET /reports/chats/greetings`: greetings displayed, the chats they led to (`accepted`) and the
 * goals they led to, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const Greetings = byPeriod(Schema.Struct({
  ...PeriodBounds.fields,
  displayed: count,
  accepted: count,
  goals: count
}))

/**
 * @since 0.1.0
 * @category reports
 */
export type Greetings = typeof Greetings.Type

/**
 * `GET /reports/tickets/new_tickets`: the number of tickets created, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const NewTickets = byPeriod(Schema.Struct({ new_tickets: count }))

/**
 * @since 0.1.0
 * @category reports
 */
export type NewTickets = typeof NewTickets.Type

/**
 * `GET /reports/tickets/first_response_time`: the number of tickets first responded to and their
 * average first response time in hours, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const TicketsFirstResponseTime = byPeriod(HoursAverage)

/**
 * @since 0.1.0
 * @category reports
 */
export type TicketsFirstResponseTime = typeof TicketsFirstResponseTime.Type

/**
 * `GET /reports/tickets/solved_tickets`: the number of tickets solved, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const SolvedTickets = byPeriod(Schema.Struct({ solved_tickets: count }))

/**
 * @since 0.1.0
 * @category reports
 */
export type SolvedTickets = typeof SolvedTickets.Type

/**
 * `GET /reports/tickets/resolution_time`: the number of tickets solved and their average resolution
 * time in hours, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const TicketsResolutionTime = byPeriod(HoursAverage)

/**
 * @since 0.1.0
 * @category reports
 */
export type TicketsResolutionTime = typeof TicketsResolutionTime.Type

/**
 * `GET /reports/tickets/ticket_sources`: tickets created from the ticket form (`chat_window`), by
 * e-mail, and by agents during a chat, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const TicketSources = byPeriod(Schema.Struct({
  tickets_from_chat_window: count,
  tickets_from_mail: count,
  tickets_from_chat: count
}))

/**
 * @since 0.1.0
 * @category reports
 */
export type TicketSources = typeof TicketSources.Type

/**
 * `GET /reports/tickets/ratings`: how many tickets were rated good and bad, by period.
 *
 * @since 0.1.0
 * @category reports
 */
export const TicketRatings = byPeriod(Ratings)

/**
 * @since 0.1.0
 * @category reports
 */
export type TicketRatings = typeof TicketRatings.Type

/**
 * `GET /reports/tickets/ratings/ranking`: the ratio of good to bad ticket ratings for each agent.
 *
 * @since 0.1.0
 * @category reports
 */
export const TicketRanking = Ranking

/**
 * @since 0.1.0
 * @category reports
 */
export type TicketRanking = typeof TicketRanking.Type
