/**
 * Archives: look up past chats and after-hours messages, send a chat's transcript by e-mail, and
 * set a chat's tags.
 *
 * @since 0.1.0
 */
import { Chat, Endpoint, Fields } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Archives"

const chat_id = Fields.NonEmpty.annotations({ description: "the chat's id (e.g. MH022RD0K5)" })

/**
 * The input of {@link list}: every filter is optional. `page` starts at 1; a page holds 25 chats.
 * `date_to` must not be before `date_from`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ListInput = Schema.Struct({
  date_from: Schema.optional(Fields.DayOrTime),
  date_to: Schema.optional(Fields.DayOrTime),
  timezone: Schema.optional(Fields.NonEmpty),
  page: Schema.optional(Fields.PositiveInt),
  visitor_id: Schema.optional(Fields.NonEmpty),
  query: Schema.optional(Schema.String),
  agent: Schema.optional(Fields.NonEmpty),
  group: Schema.optional(Fields.NonNegativeInt),
  goal: Schema.optional(Fields.PositiveInt),
  has_goal: Schema.optional(Fields.Flag),
  sale: Schema.optional(Fields.PositiveInt),
  has_sale: Schema.optional(Fields.Flag),
  queued: Schema.optional(Fields.Flag),
  rate: Schema.optional(Fields.Rate),
  include_pending: Schema.optional(Fields.Flag),
  tag: Schema.optional(Schema.Array(Fields.NonEmpty)),
  tagged: Schema.optional(Fields.Flag),
  comment: Schema.optional(Fields.Flag),
  city: Schema.optional(Schema.String),
  region: Schema.optional(Schema.String),
  country: Schema.optional(Schema.String)
}).pipe(
  Schema.filter((input) =>
    input.date_from !== undefined && input.date_to !== undefined && input.date_to < input.date_from
      ? { path: ["date_to"], message: "must not be before date_from" }
      : undefined
  )
)

/**
 * @since 0.1.0
 * @category inputs
 */
export type ListInput = typeof ListInput.Type

/**
 * The input of {@link sendTranscript}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const SendTranscriptInput = Schema.Struct({
  chat_id,
  to: Fields.Email
})

/**
 * The input of {@link updateTags}: the chat and its new tags (they replace the old ones; at least one).
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateTagsInput = Schema.Struct({
  chat_id,
  tag: Schema.Array(Fields.NonEmpty).pipe(
    // An empty array cannot be written in a form body: it would send no `tag` at all.
    Schema.minItems(1, { message: () => "must hold at least one tag" })
  )
})

/**
 * The Archives endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns all ended chats, 25 a page, filtered by the parameters given.",
    method: "GET",
    path: "/chats",
    input: ListInput,
    output: Chat.Page
  }),
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns a single chat item for the given chat id.",
    method: "GET",
    path: "/chats/{chat_id}",
    input: Schema.Struct({ chat_id }),
    output: Chat.Chat
  }),
  sendTranscript: Endpoint.make({
    group,
    name: "sendTranscript",
    summary: "Sends the transcript of a chat to an e-mail address.",
    method: "POST",
    path: "/chats/{chat_id}/send_transcript",
    input: SendTranscriptInput,
    output: Fields.Result
  }),
  updateTags: Endpoint.make({
    group,
    name: "updateTags",
    summary: "Updates the tags assigned to a chat.",
    method: "PUT",
    path: "/chats/{chat_id}/tags",
    input: UpdateTagsInput,
    output: Chat.Page
  })
} as const

/**
 * Returns all ended chats (and, with `include_pending: 1`, those not ended yet, marked
 * `pending: true`), 25 a page, with `total` (the number of chats that match) and `pages`.
 * Only the latest 100000 records of a license can be read through one query: split the date
 * range to read more (the archive streams do it for you).
 *
 * `GET /chats`
 *
 * @param input.date_from - `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`, see `Fields.DayOrTime`); defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`), inclusive; defaults to today.
 * @param input.timezone - the time zone of the dates, in the TZ format (e.g. `America/Phoenix`).
 * @param input.page - the page, from 1 (the default).
 * @param input.visitor_id - only the chats of this visitor.
 * @param input.query - only the chats containing this text.
 * @param input.agent - only the chats of the agent with this login.
 * @param input.group - only the chats of this group id.
 * @param input.goal - only the chats that reached this goal id.
 * @param input.has_goal - `1`: only the chats that reached any goal.
 * @param input.sale - only the chats with a sale of this sales tracker id.
 * @param input.has_sale - `1`: only the chats with any tracked sale.
 * @param input.queued - `1`: only the chats started from the queue.
 * @param input.rate - `rated`, `not_rated`, `rated_good` or `rated_bad`.
 * @param input.include_pending - `1`: also the chats that have not ended yet.
 * @param input.tag - only the chats with these tags (sent as `tag[]`).
 * @param input.tagged - `1`: only the chats with any tag; `0`: only the chats without tags.
 * @param input.comment - `1`: only the chats with a rating comment.
 * @param input.city - by city, in the local language.
 * @param input.region - by region (state, voivodeship, canton, county …), in the local language.
 * @param input.country - by country name, in English.
 *
 * @example
 * ```ts
 * import { Archives } from "@effect-livechat/resources"
 *
 * const firstPage = Archives.list({ date_from: "2013-01-23", has_goal: 1 })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Returns a single chat item for the given chat id (the same shape as an item of {@link list}).
 *
 * `GET /chats/<CHAT_ID>`
 *
 * @param input.chat_id - the chat's id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)

/**
 * Sends the transcript of a chat by e-mail; the answer is the `result` message.
 *
 * `POST /chats/<CHAT_ID>/send_transcript`
 *
 * @param input.chat_id - the chat's id.
 * @param input.to - required; the receiver's e-mail address.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const sendTranscript = Endpoint.call(endpoints.sendTranscript)

/**
 * Updates the tags assigned to a chat. As the reference shows, the answer is a chat list
 * (`chats`, `total`, `pages`).
 *
 * `PUT /chats/<CHAT_ID>/tags`
 *
 * @param input.chat_id - the chat's id.
 * @param input.tag - required; the tags (sent as `tag[]`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const updateTags = Endpoint.call(endpoints.updateTags)
