/**
 * The fake's state: everything a LiveChat license holds, in memory. Chats and tickets are
 * {@link Archive}s (made from their index on demand); the rest are small maps.
 */
import type { Agent, CannedResponse, Goal, Greeting, Group, Tag, Visitor, Webhook } from "@effect-livechat/core"
import { Chat, Compiled, Ticket } from "@effect-livechat/core"
import { Either, type Schema } from "effect"
import { Archive } from "./archive.js"
import { generator, hash } from "./random.js"
import {
  buildChat,
  buildTicket,
  chatId,
  chatIndex,
  type ChatView,
  type Seed,
  seededChat,
  seededChatView,
  seededTicket,
  spread,
  ticketId,
  ticketIndex,
  type TicketView,
  ticketView,
  viewOfChat,
  viewOfTicket
} from "./seed.js"
import { TicketIndex } from "./ticketIndex.js"
import { type DatesMode, iso, ticketDate as ticketSeconds, type Zone } from "./time.js"
import type { FakeEvent } from "./webhooks.js"

/** How `GET /chats` and `GET /tickets` read dates and order their answers (the fake's options). */
export interface Listing {
  readonly dates: DatesMode
  /** The license's time zone: days are read in it (`GET /chats` takes another with `timezone`). */
  readonly zone: Zone
  readonly chatOrder: "desc" | "asc"
  readonly ties: "stable" | "unstable"
}

/** The time of a ticket is its creation (`date`, else the first `opened.from`). */
const ticketTime = (ticket: Ticket.Ticket): number => {
  const when = ticket.date ?? ticket.opened[0]?.from
  return typeof when === "number" ? when : Math.floor(Date.parse(String(when)) / 1000)
}

/** A record's JSON text, encoded with `schema` (a record the fake cannot encode is a bug). */
const encoder = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = Compiled.encodeEither(schema)
  return (record: A): string => JSON.stringify(Either.getOrThrow(encode(record)))
}

export class State {
  readonly agents = new Map<string, Agent.Details>()
  readonly groups = new Map<number, Group.Group>()
  readonly chats: Archive<Chat.Chat, ChatView>
  readonly tickets: Archive<Ticket.Ticket, TicketView>
  readonly cannedResponses = new Map<number, CannedResponse.CannedResponse>()
  readonly goals = new Map<number, Goal.Details>()
  /** Successes recorded by `Goals.markAsSuccessful`, by goal id. */
  readonly goalSuccesses = new Map<number, Array<{ readonly visitor_id: string; readonly at: number }>>()
  readonly greetings = new Map<number, Greeting.Greeting>()
  /** Tags by `group:name`. */
  readonly tags = new Map<string, Tag.Tag>()
  readonly webhooks = new Map<string, Webhook.Webhook>()
  /** The webhooks registered through `POST /webhooks`: the ones deliveries are sent to. */
  readonly deliverable = new Set<string>()
  /** Told of everything a webhook may be sent for (the deliveries, once the fake runs). */
  onEvent: ((event: FakeEvent) => void) | undefined = undefined
  readonly visitors = new Map<string, Visitor.Visitor>()
  /** Custom details sent with `Visitors.addDetails`, by visitor id. */
  readonly visitorDetails = new Map<string, unknown>()
  /** Bearer tokens the fake accepts, with the login they act as. */
  readonly tokens = new Map<string, string>()
  /** Transcripts "sent" by `Archives.sendTranscript`. */
  readonly transcripts: Array<{ readonly chat_id: string; readonly to: string }> = []
  private counters = new Map<string, number>()
  /**
   * Whether pages of chats and tickets are answered from the JSON the archives keep of their
   * records (see `Archive.json`); `false` makes and encodes every record of a page again: the
   * uncached answer that tests compare the cached one with.
   */
  encodedPages = true
  /** The tickets as `GET /tickets` finds them: by any activity, ordered by last modification. */
  readonly ticketIndex: TicketIndex
  /** Draws the order of records of the same second, afresh for each request (`ties: "unstable"`). */
  private readonly tieRandom: () => number

  constructor(
    readonly seed: Seed,
    readonly licenseId: number,
    readonly recordCap: number,
    readonly listing: Listing
  ) {
    this.tieRandom = generator(seed.seed ^ 0x71e5)
    for (const agent of seed.agents) this.agents.set(agent.login, agent)
    for (const group of seed.groups) this.groups.set(group.id, group)
    this.tokens.set(seed.owner.token, seed.owner.login)
    this.chats = new Archive({
      seeded: seed.chats,
      make: (i) => seededChat(seed, i),
      view: (i) => seededChatView(seed, i),
      timestamp: (i) => spread(seed, seed.chats, i),
      viewOf: (chat) => viewOfChat(chat),
      idOf: chatId,
      indexOf: chatIndex,
      encode: encoder(Chat.Chat)
    })
    this.tickets = new Archive({
      seeded: seed.tickets,
      make: (i) => seededTicket(seed, i),
      view: (i) => ticketView(seed, i),
      timestamp: (i) => spread(seed, seed.tickets, i),
      viewOf: (ticket) => viewOfTicket(ticket, ticketTime(ticket)),
      idOf: ticketId,
      indexOf: ticketIndex,
      encode: encoder(Ticket.Ticket)
    })
    this.ticketIndex = new TicketIndex(this.tickets)
  }

  /** Tells the deliveries that something happened. */
  emit(event: FakeEvent): void {
    this.onEvent?.(event)
  }

  /** A chat that entered the archive: it started, and it ended. */
  private chatArrived(chat: Chat.Chat): Chat.Chat {
    this.emit({ type: "chat_started", chat })
    this.emit({ type: "chat_ended", chat })
    return chat
  }

  /** A seed for the order of one answer's records of the same second. */
  tieSeed(): number {
    return Math.floor(this.tieRandom() * 4294967296)
  }

  /**
   * New records arriving at `now` (unix seconds): each ends after every record already there, as a
   * record that arrives later does.
   */
  arriveChats(count: number, now: number): ReadonlyArray<Chat.Chat> {
    return Array.from({ length: count }, () => {
      const at = Math.max(now, (this.chats.newest ?? now - 1) + 1)
      return this.chatArrived(
        this.chats.append((index) => buildChat(this.seed, index, at, hash(this.seed.seed, 5, index)))
      )
    })
  }

  arriveTickets(count: number, now: number): ReadonlyArray<Ticket.Ticket> {
    return Array.from({ length: count }, () => {
      const at = Math.max(now, (this.tickets.newest ?? now - 1) + 1)
      return this.ticketCreated(
        this.tickets.append((index) => buildTicket(this.seed, index, at, hash(this.seed.seed, 6, index), { now: at }))
      )
    })
  }

  /** A ticket that was created. */
  ticketCreated(ticket: Ticket.Ticket): Ticket.Ticket {
    this.emit({ type: "ticket_created", ticket })
    return ticket
  }

  /**
   * A chat entering the archive now that started at `startedAt` (unix seconds), as a chat that
   * began long ago and just ended does: it lands at its start time's place, not as the newest.
   */
  insertChat(startedAt: number): Chat.Chat {
    return this.chatArrived(
      this.chats.append((index) => buildChat(this.seed, index, startedAt, hash(this.seed.seed, 5, index)))
    )
  }

  /** A ticket entering the archive at `now`, created at `createdAt` (unix seconds): no activity after `now`. */
  insertTicket(createdAt: number, status: Ticket.Status | undefined, now: number): Ticket.Ticket {
    return this.ticketCreated(
      this.tickets.append((index) =>
        buildTicket(this.seed, index, createdAt, hash(this.seed.seed, 6, index), {
          now: Math.max(now, createdAt),
          ...(status === undefined ? {} : { status })
        })
      )
    )
  }

  /** Removes a record by id (a deleted chat or ticket); `false` when there was none. */
  remove(kind: "chats" | "tickets", id: string): boolean {
    const archive = kind === "chats" ? this.chats : this.tickets
    const index = archive.find(id)
    if (index === undefined) return false
    archive.remove(index)
    return true
  }

  /** Who acts on a ticket: its assignee, else the owner. */
  private actor(ticket: Ticket.Ticket): { readonly id: string; readonly name: string; readonly type: string } {
    const agent = ticket.assignee ??
      { id: this.seed.owner.login, name: this.agents.get(this.seed.owner.login)?.name ?? "" }
    return { id: agent.id, name: agent.name, type: "agent" }
  }

  /** `ticket` with `event` among its events (in date order) and `modified` at `at`. */
  private modified(ticket: Ticket.Ticket, event: Ticket.Event, at: number, changes: Partial<Ticket.Ticket> = {}) {
    const events = [...ticket.events]
    let position = events.length
    while (position > 0 && (ticketSeconds(events[position - 1].date) ?? 0) > at) position--
    events.splice(position, 0, event)
    return new Ticket.Ticket({ ...ticket, ...changes, events, modified: iso(at) }, true)
  }

  /**
   * Changes a ticket's status (so that it leaves, or enters, a status filter) at `at` (unix
   * seconds): a modification, with an event telling it; solving (or marking as spam) ends its
   * opened period, reopening starts one. A status it already has changes nothing. `false` when
   * there was no such ticket.
   */
  setTicketStatus(id: string, status: Ticket.Status, at: number): boolean {
    const index = this.tickets.find(id)
    if (index === undefined) return false
    const ticket = this.tickets.get(index)
    if (ticket.status === status) return true
    const closed = (s: Ticket.Status) => s === "solved" || s === "spam"
    let opened = ticket.opened
    if (closed(status) && !closed(ticket.status)) {
      const last = opened[opened.length - 1]
      if (last !== undefined && last["to"] === undefined) opened = [...opened.slice(0, -1), { ...last, to: iso(at) }]
    } else if (!closed(status) && closed(ticket.status)) {
      opened = [...opened, { from: iso(at) }]
    }
    const event: Ticket.Event = { type: "status_changed", author: this.actor(ticket), date: iso(at), status }
    this.tickets.set(index, this.modified(ticket, event, at, { status, opened }))
    return true
  }

  /**
   * A ticket modified at `at` (unix seconds): a private note by an agent (its assignee, else the
   * owner) among its events, and `modified` set to `at`. `undefined` when there is no such ticket.
   */
  modifyTicket(id: string, at: number): Ticket.Ticket | undefined {
    const index = this.tickets.find(id)
    if (index === undefined) return undefined
    const ticket = this.tickets.get(index)
    const event: Ticket.Event = {
      type: "message",
      author: this.actor(ticket),
      date: iso(at),
      message: "Internal note: following up.",
      is_private: true,
      source: { type: "lc2" }
    }
    const changed = this.modified(ticket, event, at)
    this.tickets.set(index, changed)
    return changed
  }

  /** The next id of a kind (`goal`, `greeting`, …), from `start`. */
  nextId(kind: string, start = 1): number {
    const next = Math.max(this.counters.get(kind) ?? start, start)
    this.counters.set(kind, next + 1)
    return next
  }
}
