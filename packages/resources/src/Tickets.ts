/**
 * Tickets: list and read tickets, create a ticket, and set a ticket's tags.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, Ticket } from "@effect-livechat/core"
import { Schema } from "effect"

const group = "Tickets"

const ticket_id = Fields.NonEmpty.annotations({ description: "the ticket's id (e.g. 5FUED)" })

/**
 * The input of {@link list}: every filter is optional. `page` starts at 1; a page holds 25 tickets.
 * `date_to` must not be before `date_from`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ListInput = Schema.Struct({
  date_from: Schema.optional(Fields.DayOrTime),
  date_to: Schema.optional(Fields.DayOrTime),
  page: Schema.optional(Fields.PositiveInt),
  assigned: Schema.optional(Fields.Flag),
  order: Schema.optional(Schema.Literal("desc", "asc")),
  status: Schema.optional(Ticket.Status),
  assignee: Schema.optional(Fields.NonEmpty),
  query: Schema.optional(Schema.String),
  requester: Schema.optional(Schema.Struct({ mail: Fields.Email })),
  group: Schema.optional(Fields.NonNegativeInt),
  source: Schema.optional(Ticket.SourceType),
  tag: Schema.optional(Fields.NonEmpty),
  tagged: Schema.optional(Fields.Flag)
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
 * The input of {@link create}. `source.url` applies only to tickets from the ticket form
 * (`source.type` `chat-window`).
 *
 * @since 0.1.0
 * @category inputs
 */
export const CreateInput = Schema.Struct({
  subject: Schema.optional(Schema.String),
  message: Fields.NonEmpty,
  requester: Schema.Struct({
    mail: Fields.Email,
    name: Schema.optional(Schema.String)
  }),
  assignee: Schema.optional(Schema.Struct({ id: Fields.NonEmpty })),
  source: Schema.optional(Schema.Struct({
    type: Schema.optional(Schema.Literal("chat-window", "mail", "lc2")),
    url: Schema.optional(Fields.Url)
  })),
  group: Schema.optional(Schema.Array(Fields.NonNegativeInt))
}).pipe(
  Schema.filter((input) =>
    input.source?.url !== undefined && input.source.type !== "chat-window"
      ? { path: ["source", "url"], message: "applies only when source.type is chat-window" }
      : undefined
  )
)

/**
 * @since 0.1.0
 * @category inputs
 */
export type CreateInput = typeof CreateInput.Type

/**
 * The input of {@link updateTags}: the ticket and its new tags (they replace the old ones; at least one).
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateTagsInput = Schema.Struct({
  ticket_id,
  tag: Schema.Array(Fields.NonEmpty).pipe(
    // An empty array cannot be written in a form body: it would send no `tag` at all.
    Schema.minItems(1, { message: () => "must hold at least one tag" })
  )
})

/**
 * The Tickets endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns all tickets, 25 a page, filtered by the parameters given.",
    method: "GET",
    path: "/tickets",
    input: ListInput,
    output: Ticket.Page
  }),
  get: Endpoint.make({
    group,
    name: "get",
    summary: "Returns a single ticket item for the given ticket id.",
    method: "GET",
    path: "/tickets/{ticket_id}",
    input: Schema.Struct({ ticket_id }),
    output: Ticket.Ticket
  }),
  create: Endpoint.make({
    group,
    name: "create",
    summary: "Creates a new ticket.",
    method: "POST",
    path: "/tickets",
    input: CreateInput,
    output: Ticket.Ticket
  }),
  updateTags: Endpoint.make({
    group,
    name: "updateTags",
    summary: "Updates tags associated with the ticket.",
    method: "PUT",
    path: "/tickets/{ticket_id}/tags",
    input: UpdateTagsInput,
    output: Ticket.Page
  })
} as const

/**
 * Returns all tickets, 25 a page, with `total` (the number of tickets that match) and `pages`.
 *
 * `GET /tickets`
 *
 * @param input.date_from - `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`): tickets with any activity on or after that day; defaults to the beginning of time.
 * @param input.date_to - `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`): tickets with any activity on or before that day; defaults to today.
 * @param input.page - the page, from 1 (the default).
 * @param input.assigned - `0`: only the unassigned tickets; `1`: only the tickets assigned to any agent.
 * @param input.order - by date of the last modification: `desc` (the default) or `asc`.
 * @param input.status - `open`, `pending`, `solved` or `spam`; not set by default.
 * @param input.assignee - only the tickets assigned to the agent with this login.
 * @param input.query - only the tickets containing this text.
 * @param input.requester - `{ mail }`: only the tickets of this requester (sent as `requester[mail]`).
 * @param input.group - only the tickets of this group id.
 * @param input.source - `lc2` (created from the archives), `mail`, `facebook`, `agent-app-manual`
 * (created manually) or `chat-window` (the ticket form).
 * @param input.tag - only the tickets with this tag.
 * @param input.tagged - `1`: only the tickets with any tag; `0`: only the tickets without tags.
 *
 * @example
 * ```ts
 * import { Tickets } from "@effect-livechat/resources"
 *
 * const open = Tickets.list({ date_from: "2013-11-15", status: "open" })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = Endpoint.call(endpoints.list)

/**
 * Returns a single ticket item for the given ticket id (the same shape as an item of {@link list}).
 *
 * `GET /tickets/<TICKET_ID>`
 *
 * @param input.ticket_id - the ticket's id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.call(endpoints.get)

/**
 * Creates a new ticket; the answer is the ticket.
 *
 * `POST /tickets`
 *
 * @param input.message - required; the requester's message.
 * @param input.requester - required: `mail` (the requester's e-mail address) and optionally `name`
 * (sent as `requester[mail]`, `requester[name]`).
 * @param input.assignee - `{ id }`: the login of the agent the ticket is assigned to.
 * @param input.source - `type`: `chat-window`, `mail` or `lc2` (the default); `url`: the website the
 * ticket was sent from, only when `type` is `chat-window`.
 * @param input.subject - defaults to `(no subject)`.
 * @param input.group - the group ids (sent as `group[]`); defaults to `[0]`.
 *
 * @example
 * ```ts
 * import { Tickets } from "@effect-livechat/resources"
 *
 * const ticket = Tickets.create({
 *   subject: "I have a problem",
 *   message: "Hi, I have a problem with my shoes. Could you please advise?",
 *   requester: { mail: "mary.brown@email.com", name: "Mary Brown" }
 * })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.call(endpoints.create)

/**
 * Updates the tags associated with a ticket. As the reference shows, the answer is a ticket list
 * (`tickets`, `total`, `pages`).
 *
 * `PUT /tickets/<TICKET_ID>/tags`
 *
 * @param input.ticket_id - the ticket's id.
 * @param input.tag - required; the tags (sent as `tag[]`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const updateTags = Endpoint.call(endpoints.updateTags)
