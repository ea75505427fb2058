/**
 * A small LiveChat API server for tests, written only from the API reference's words
 * (`GET /chats`, `GET /tickets`, and the single records `GET /chats/<id>`, `GET /tickets/<id>`) and
 * nothing of our own fake: the streams (and the sync) are tested against a server that is not ours.
 * What the reference leaves open (a time of day in a date, the order of chats, the order within one
 * second, the record cap) is an option.
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect, Layer, Redacted } from "effect"

/** The options of {@link make}: the documented rules, and a knob for each thing they leave open. */
export interface ReferenceOptions {
  /** days: date_from/date_to are days YYYY-MM-DD; a time of day in them is ignored (only the day part counts).
   *  times: "YYYY-MM-DD HH:MM:SS" is honoured to the second (date_to inclusive to that second); plain days still work.
   *  refuse-times: a time of day gets HTTP 400 {"error":"..."}. Default "days". Chats and tickets alike. */
  readonly dates?: "days" | "times" | "refuse-times"
  /** The license's time zone as a fixed offset from UTC in minutes (e.g. 330 for +5:30, -420 for -7h). Default 0. */
  readonly zoneOffsetMinutes?: number
  /** Order of GET /chats by start time (the reference does not state it). Default "desc". */
  readonly chatOrder?: "desc" | "asc"
  /** Order of records sharing the same second: "stable" (by id, in the direction of the order) or "unstable" (a
   *  fresh random permutation within each second on every request, as SQL's ORDER BY on a non-unique key with
   *  OFFSET may do). Default "stable". */
  readonly ties?: "stable" | "unstable"
  /** Only the newest `recordCap` records of a chats query are reachable (pages beyond answer empty items; total
   *  still reports the full count). Default 100000. Tickets have no cap. */
  readonly recordCap?: number
  /** Seed for the unstable permutations (mulberry32). Default 1. */
  readonly seed?: number
  /** The server's clock, unix seconds: "today" for date_to's default, and a chat is listed once it has ended by
   *  then. Default: the newest record's time (chat end, ticket activity), or Date.now() when there is none. */
  readonly now?: () => number
}

/** A ticket's status, as the reference lists them. */
export type Status = "open" | "pending" | "solved" | "spam"

/** A chat the server holds (unix seconds). */
export interface ChatRecord {
  readonly id: string
  readonly started: number
  readonly ended: number
}

/** A ticket the server holds: `activity` holds the unix seconds of every activity (creation, events, status changes). */
export interface TicketRecord {
  readonly id: string
  readonly created: number
  readonly modified: number
  readonly activity: ReadonlyArray<number>
  readonly status: Status
}

/** A reference server: its archive (mutable, for live tests), what it received, and an in-process HttpClient. */
export interface ReferenceServer {
  /** Adds (or replaces) a chat; `ended` defaults to `started + 60`. */
  readonly addChat: (chat: { readonly id: string; readonly started: number; readonly ended?: number }) => void
  readonly removeChat: (id: string) => boolean
  /** Adds (or replaces) a ticket created at `created` (its first activity), status "open" unless told. */
  readonly addTicket: (ticket: { readonly id: string; readonly created: number; readonly status?: Status }) => void
  /** Adds an activity at `at`; the ticket's `modified` becomes `at`. False when there is no such ticket. */
  readonly modifyTicket: (id: string, at: number) => boolean
  /** Sets the status, an activity at `at` too (`modified` becomes `at`). */
  readonly setTicketStatus: (id: string, status: Status, at: number) => boolean
  readonly removeTicket: (id: string) => boolean
  /** The chats listed now (those that have ended by the server's clock), in no particular order. */
  readonly chats: () => ReadonlyArray<ChatRecord>
  readonly tickets: () => ReadonlyArray<TicketRecord>
  /** Called after each answer to GET /chats or /tickets (errors included) — and to GET /chats/<id> or
   *  /tickets/<id>, 404s included — with the running count of such answers (1-based): the place for a test to
   *  change the archive between page reads. `undefined` removes it. */
  readonly onAnswer: (hook: ((count: number) => void) | undefined) => void
  /** The URLs (path + query) received, in order. */
  readonly requests: () => ReadonlyArray<string>
  /** An HttpClient answering in process. */
  readonly httpClient: HttpClient.HttpClient
}

const perPage = 25
const statuses: ReadonlyArray<string> = ["open", "pending", "solved", "spam"]

/** A time zone: the local wall clock of a unix second, as the unix second that shows the same clock in UTC. */
type Zone = (seconds: number) => number

const fixedZone = (offsetMinutes: number): Zone => (seconds) => seconds + offsetMinutes * 60

/**
 * Any IANA zone Intl knows (throws a RangeError for an unknown one). Its offset is asked of Intl once per quarter
 * of an hour (every transition of today's zones falls on one) and remembered.
 */
const namedZone = (timeZone: string): Zone => {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric"
  })
  const offsets = new Map<number, number>()
  const offsetAt = (quarter: number) => {
    const part: Record<string, number> = {}
    for (const p of format.formatToParts(new Date(quarter * 900_000))) part[p.type] = Number(p.value)
    return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) / 1000 - quarter * 900
  }
  return (seconds) => {
    const quarter = Math.floor(seconds / 900)
    if (!offsets.has(quarter)) offsets.set(quarter, offsetAt(quarter))
    return seconds + offsets.get(quarter)!
  }
}

/** "Wed, 01/23/13 11:40:53 am", as the reference writes `started` and `ended`, of a local wall clock. */
const forPeople = (local: number): string => {
  const date = new Date(local * 1000)
  const two = (n: number) => String(n).padStart(2, "0")
  const h = date.getUTCHours()
  return `${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][date.getUTCDay()]}, ${two(date.getUTCMonth() + 1)}/${
    two(date.getUTCDate())
  }/${two(date.getUTCFullYear() % 100)} ${two(h % 12 === 0 ? 12 : h % 12)}:${two(date.getUTCMinutes())}:${
    two(date.getUTCSeconds())
  } ${h < 12 ? "am" : "pm"}`
}

class Refused {
  constructor(readonly status: number, readonly error: string) {}
}

/** A date bound as an inclusive local wall clock (see {@link Zone}), or a refusal. */
const bound = (
  name: string,
  text: string | null,
  edge: "from" | "to",
  dates: NonNullable<ReferenceOptions["dates"]>
): number | undefined => {
  if (text === null) return undefined
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text)
  const [y, m, d, h, min, s] = (match ?? []).slice(1).map(Number)
  const day = new Date(Date.UTC(y, m - 1, d))
  if (match === null || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d || h > 23 || min > 59 || s > 59) {
    throw new Refused(400, `${name}: not a date (YYYY-MM-DD): ${text}`)
  }
  if (match[4] !== undefined && dates === "refuse-times") {
    throw new Refused(400, `${name}: a time of day is not accepted`)
  }
  if (match[4] !== undefined && dates === "times") return day.getTime() / 1000 + h * 3600 + min * 60 + s
  return day.getTime() / 1000 + (edge === "from" ? 0 : 86_399)
}

/** mulberry32: a small deterministic PRNG in [0, 1). */
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/**
 * A reference server over an empty archive.
 *
 * - `GET /chats`: ended chats whose start, in the zone (`timezone` if sent, else the license's), falls on a day
 *   within [`date_from`, `date_to`]; 25 a page from `page` 1; `{ chats, total, pages }`.
 * - `GET /tickets`: tickets with any activity within [`date_from`, `date_to`] (license zone; `timezone` ignored),
 *   `status`, `order` by `modified` (desc by default); `{ tickets, total, pages }`.
 * - `GET /chats/<id>`: "the same as the single chat item in get list of chats", in the license's zone (no
 *   `timezone` is documented for it); a chat not ended by the server's clock, or none, is 404 `{"error":"Not found"}`.
 * - `GET /tickets/<id>`: "the same as the single ticket item in tickets list"; none is 404 `{"error":"Not found"}`.
 * - Anything else: 404 `{"error":"Not found"}`; a request without an Authorization header: 401.
 */
export const make = (options: ReferenceOptions = {}): ReferenceServer => {
  const dates = options.dates ?? "days"
  const licenseZone = fixedZone(options.zoneOffsetMinutes ?? 0)
  const cap = options.recordCap ?? 100_000
  const random = mulberry32(options.seed ?? 1)
  const chats = new Map<string, ChatRecord>()
  const tickets = new Map<string, TicketRecord>()
  const received: Array<string> = []
  let hook: ((count: number) => void) | undefined
  let answers = 0

  const now = options.now ?? (() => {
    let newest = -Infinity
    for (const chat of chats.values()) newest = Math.max(newest, chat.ended)
    for (const ticket of tickets.values()) newest = Math.max(newest, ...ticket.activity)
    return newest === -Infinity ? Math.floor(Date.now() / 1000) : newest
  })
  const listed = () => {
    const clock = now()
    return Array.from(chats.values()).filter((chat) => chat.ended <= clock)
  }

  /** Sorted by `time` in `order`, ties by id in the same direction, or shuffled within each second. */
  const sorted = <A extends { readonly id: string }>(items: Array<A>, time: (a: A) => number, order: string) => {
    const sign = order === "asc" ? 1 : -1
    items.sort((a, b) => sign * (time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    if (options.ties === "unstable") {
      for (let start = 0, end = 0; start < items.length; start = end) {
        while (end < items.length && time(items[end]) === time(items[start])) end++
        for (let i = end - 1; i > start; i--) {
          const j = start + Math.floor(random() * (i - start + 1))
          ;[items[i], items[j]] = [items[j], items[i]]
        }
      }
    }
    return items
  }

  /** Whether a unix second is within the query's range, read in `zone` (inclusive; by default until today). */
  const inRange = (query: URLSearchParams, zone: Zone) => {
    const from = bound("date_from", query.get("date_from"), "from", dates) ?? -Infinity
    const to = bound("date_to", query.get("date_to"), "to", dates) ?? Math.floor(zone(now()) / 86_400) * 86_400 + 86_399
    return (seconds: number) => {
      const local = zone(seconds)
      return local >= from && local <= to
    }
  }

  const pageOf = (query: URLSearchParams) => {
    const text = query.get("page") ?? "1"
    if (!/^[1-9]\d*$/.test(text)) throw new Refused(400, `page: not a page number: ${text}`)
    return Number(text)
  }

  /** Page `at` of `items` (only its records are written as JSON). */
  const page = <A, J>(key: string, items: ReadonlyArray<A>, json: (a: A) => J, total: number, at: number) => ({
    [key]: items.slice((at - 1) * perPage, at * perPage).map(json),
    total,
    pages: Math.ceil(total / perPage)
  })

  const listChats = (query: URLSearchParams) => {
    const timezone = query.get("timezone")
    let zone = licenseZone
    if (timezone !== null) {
      try {
        zone = namedZone(timezone)
      } catch {
        throw new Refused(400, `timezone: unknown time zone: ${timezone}`)
      }
    }
    const within = inRange(query, zone)
    const at = pageOf(query)
    const matching = listed().filter((chat) => within(chat.started))
    // The newest `cap` are reachable, in the order of the list.
    const reachable = sorted(matching, (chat) => chat.started, "desc").slice(0, cap)
    if (options.chatOrder === "asc") reachable.reverse()
    return page("chats", reachable, (chat) => chatJson(chat, zone), matching.length, at)
  }

  const chatJson = (chat: ChatRecord, zone: Zone) => ({
    type: "chat",
    id: chat.id,
    visitor: { id: `S${chat.id}`, name: "Visitor" },
    agents: [],
    rate: "not_rated",
    duration: chat.ended - chat.started,
    group: [0],
    started: forPeople(zone(chat.started)),
    started_timestamp: chat.started,
    ended: forPeople(zone(chat.ended)),
    ended_timestamp: chat.ended,
    tags: [],
    messages: [],
    events: []
  })

  const listTickets = (query: URLSearchParams) => {
    const within = inRange(query, licenseZone)
    const order = query.get("order") ?? "desc"
    if (order !== "desc" && order !== "asc") throw new Refused(400, `order: desc or asc, not ${order}`)
    const status = query.get("status")
    if (status !== null && !statuses.includes(status)) throw new Refused(400, `status: unknown status ${status}`)
    const at = pageOf(query)
    const matching = Array.from(tickets.values()).filter((ticket) =>
      (status === null || ticket.status === status) && ticket.activity.some(within)
    )
    return page("tickets", sorted(matching, (ticket) => ticket.modified, order), ticketJson, matching.length, at)
  }

  const ticketJson = (ticket: TicketRecord) => ({
    id: ticket.id,
    status: ticket.status,
    subject: `Ticket ${ticket.id}`,
    requester: { mail: "requester@example.com", name: "Requester" },
    events: [],
    groups: [0],
    source: { type: "mail" },
    opened: [{ from: ticket.created }],
    modified: ticket.modified,
    date: `${new Date(ticket.created * 1000).toISOString().slice(0, 19)}Z`
  })

  /** GET /chats/<id>: the chat as an item of the list (in the license's zone), if it has ended by now. */
  const oneChat = (id: string) => () => {
    const chat = chats.get(id)
    if (chat === undefined || chat.ended > now()) throw new Refused(404, "Not found")
    return chatJson(chat, licenseZone)
  }

  /** GET /tickets/<id>: the ticket as an item of the list. */
  const oneTicket = (id: string) => () => {
    const ticket = tickets.get(id)
    if (ticket === undefined) throw new Refused(404, "Not found")
    return ticketJson(ticket)
  }

  /** The id of `/<collection>/<id>` (one segment), or undefined. */
  const single = (path: string, collection: string) => {
    const match = new RegExp(`^/${collection}/([^/]+)$`).exec(path)
    if (match === null) return undefined
    try {
      return decodeURIComponent(match[1])
    } catch {
      return undefined
    }
  }

  const answer = (method: string, path: string, query: URLSearchParams, authorized: boolean) => {
    const chatId = method === "GET" ? single(path, "chats") : undefined
    const ticketId = method === "GET" ? single(path, "tickets") : undefined
    const route: ((query: URLSearchParams) => unknown) | undefined = method === "GET" && path === "/chats"
      ? listChats
      : method === "GET" && path === "/tickets"
      ? listTickets
      : chatId !== undefined
      ? oneChat(chatId)
      : ticketId !== undefined
      ? oneTicket(ticketId)
      : undefined
    if (route === undefined) return { status: 404, body: { error: "Not found" } }
    try {
      if (!authorized) throw new Refused(401, "Authorization required")
      return { status: 200, body: route(query) }
    } catch (error) {
      if (error instanceof Refused) return { status: error.status, body: { error: error.error } }
      throw error
    } finally {
      answers++
      hook?.(answers)
    }
  }

  const httpClient = HttpClient.make((request, url) =>
    Effect.sync(() => {
      received.push(url.pathname + url.search)
      const authorized = (request.headers["authorization"] ?? "").startsWith("Basic ")
      const { body, status } = answer(request.method, url.pathname, url.searchParams, authorized)
      return HttpClientResponse.fromWeb(
        request,
        new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
      )
    })
  )

  const updateTicket = (id: string, at: number, status?: Status) => {
    const ticket = tickets.get(id)
    if (ticket === undefined) return false
    tickets.set(id, { ...ticket, modified: at, activity: [...ticket.activity, at], status: status ?? ticket.status })
    return true
  }

  return {
    addChat: (chat) =>
      void chats.set(chat.id, { id: chat.id, started: chat.started, ended: chat.ended ?? chat.started + 60 }),
    removeChat: (id) => chats.delete(id),
    addTicket: (t) =>
      void tickets.set(t.id, {
        id: t.id,
        created: t.created,
        modified: t.created,
        activity: [t.created],
        status: t.status ?? "open"
      }),
    modifyTicket: (id, at) => updateTicket(id, at),
    setTicketStatus: (id, status, at) => updateTicket(id, at, status),
    removeTicket: (id) => tickets.delete(id),
    chats: listed,
    tickets: () => Array.from(tickets.values()),
    onAnswer: (next) => {
      hook = next
    },
    requests: () => [...received],
    httpClient
  }
}

/**
 * `LiveChatClient.layer` over the server, for tests: no rate limiter, fast retries without jitter (override with
 * `client`), Basic credentials `a@b.c` / `k`.
 */
export const layer = (
  server: ReferenceServer,
  client: Omit<LiveChatClient.Options, "auth" | "baseUrl"> = {},
  /**
   * Delays each request by this many yields of its fiber before the server answers it (drawn per
   * request): requests in flight together are answered in any order, as over a network.
   */
  jitter?: () => number
): Layer.Layer<LiveChatClient.LiveChatClient> =>
  LiveChatClient.layer({
    rateLimit: false,
    retry: { jitter: false, base: "10 millis" },
    ...client,
    auth: Auth.apiKey({ login: "a@b.c", apiKey: Redacted.make("k") })
  }).pipe(
    Layer.orDie,
    Layer.provide(Layer.succeed(
      HttpClient.HttpClient,
      jitter === undefined ? server.httpClient : HttpClient.make((request) =>
        Effect.zipRight(
          Effect.forEach(Array.from({ length: jitter() }), () => Effect.yieldNow(), { discard: true }),
          server.httpClient.execute(request)
        )
      )
    ))
  )
