/**
 * Tickets: a ticket as `GET /tickets` lists it (and `GET /tickets/<TICKET_ID>`, `POST /tickets`
 * return it), its parts, and a page of the list.
 *
 * The reference's samples write dates as unix seconds; a ticket recorded from a live server (the
 * Postman collection's example) writes them as ISO-8601 strings, lists `groups` as `{ id, name }`
 * objects and has more fields (`rate`, `date`, `currentGroup`, `requester.ip`, `source.url`,
 * `source.id`). Both decode, and are kept as sent.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { DateValue, Id, Int, NonNegativeInt, Rate } from "./Fields.js"

/**
 * Fields beyond the documented ones, kept as sent (so that nothing of an unknown event is lost).
 */
const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A ticket's status.
 *
 * @since 0.1.0
 * @category literals
 */
export const Status = Schema.Literal("open", "pending", "solved", "spam")

/**
 * @since 0.1.0
 * @category literals
 */
export type Status = typeof Status.Type

/**
 * Where a ticket (or one of its messages) came from: `lc2` (created from the archives), `mail`,
 * `facebook`, `agent-app-manual` (created manually), `chat-window` (the ticket form).
 *
 * @since 0.1.0
 * @category literals
 */
export const SourceType = Schema.Literal("lc2", "mail", "facebook", "agent-app-manual", "chat-window")

/**
 * @since 0.1.0
 * @category literals
 */
export type SourceType = typeof SourceType.Type

/**
 * The source of a ticket or of a message: its `type`, and for tickets from the ticket form the
 * `url` of the page it was sent from (`null` when there is none).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Source = Schema.Struct({
  type: SourceType,
  url: Schema.optional(Schema.NullOr(Schema.String)),
  id: Schema.optional(Schema.NullOr(Id))
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Source = typeof Source.Type

/**
 * A person (agent or requester) as ticket events name them: `id` is the login or e-mail address.
 * `type` (`client`, `agent`) is there on the authors of messages.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Person = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  type: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Person = typeof Person.Type

/**
 * An event of a ticket, told apart by `type`: `message` (with `message`, `is_private`, `source`)
 * or `assignee_changed` (with `to`, the new assignee). Other types are accepted as they come: every
 * field but `type` is optional and any other field is kept as sent, so an unknown event never fails
 * a page.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Event = Schema.Struct(
  {
    type: Schema.String,
    author: Schema.optional(Person),
    date: Schema.optional(DateValue),
    message: Schema.optional(Schema.String),
    is_private: Schema.optional(Schema.Boolean),
    source: Schema.optional(Source),
    to: Schema.optional(Person)
  },
  Rest
)

/**
 * @since 0.1.0
 * @category schemas
 */
export type Event = typeof Event.Type

/**
 * Who asked: `mail` (the e-mail address), `name`, and on tickets from the ticket form the `ip`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Requester = Schema.Struct({
  mail: Schema.String,
  name: Schema.optional(Schema.String),
  ip: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Requester = typeof Requester.Type

/**
 * The agent a ticket is assigned to: `id` is the agent's login.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Assignee = Schema.Struct({
  id: Schema.String,
  name: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Assignee = typeof Assignee.Type

/**
 * A group as a live server writes it in `groups` and `currentGroup` (`{ "id": 0, "name": "All operators" }`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const GroupRef = Schema.Struct({
  id: Int,
  name: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type GroupRef = typeof GroupRef.Type

/**
 * A period in which the ticket was open, from `from` (and any other field kept as sent).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Opened = Schema.Struct({ from: DateValue }, Rest)

/**
 * @since 0.1.0
 * @category schemas
 */
export type Opened = typeof Opened.Type

/**
 * A ticket. `groups` holds group ids (`[0]`, as the reference writes them) or `{ id, name }`
 * objects (as a live server does); `modified`, `date` and the event dates are unix seconds or
 * ISO-8601 strings, kept as sent. `assignee` is missing on unassigned tickets. `firstResponse` is
 * `{}` in every sample; its content is kept as sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Ticket extends Schema.Class<Ticket>("@effect-livechat/core/Ticket/Ticket")({
  id: Schema.String,
  status: Status,
  subject: Schema.String,
  requester: Requester,
  assignee: Schema.optional(Assignee),
  events: Schema.Array(Event),
  groups: Schema.Array(Schema.Union(Int, GroupRef)),
  currentGroup: Schema.optional(GroupRef),
  source: Source,
  opened: Schema.Array(Opened),
  firstResponse: Schema.optional(Rest),
  modified: DateValue,
  date: Schema.optional(DateValue),
  rate: Schema.optional(Rate),
  tags: Schema.optional(Schema.Array(Schema.String))
}) {}

/**
 * A page of `GET /tickets`: up to 25 tickets, the `total` number of tickets that match, and the
 * number of `pages` (the first page is 1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Page = Schema.Struct({
  tickets: Schema.Array(Ticket),
  total: NonNegativeInt,
  pages: NonNegativeInt
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Page = typeof Page.Type
