/**
 * Seeded, deterministic data: agents, groups, and chats and tickets derived from their index.
 */
import { Agent, Chat, Group, Ticket } from "@effect-livechat/core"
import { Redacted } from "effect"
import { hash, pick } from "./random.js"
import { humanDate, iso } from "./time.js"

/**
 * What to seed.
 */
export interface SeedOptions {
  /** Chats in the archive. Default 0. */
  readonly chats?: number | undefined
  /** Tickets. Default 0. */
  readonly tickets?: number | undefined
  /** Agents, besides the owner whose credentials the fake accepts. Default 4. */
  readonly agents?: number | undefined
  /** Groups, besides group 0 ("All operators"). Default 3. */
  readonly groups?: number | undefined
  /** The seed: the same seed makes the same data. Default 1. */
  readonly seed?: number | string | undefined
  /** The oldest record's time (ISO date). Default `2022-01-01`. */
  readonly from?: string | undefined
  /** The newest seeded record's time (ISO date). Default `2026-01-01`. */
  readonly to?: string | undefined
  /** How many of the newest chats have not ended yet (`pending`). Default 0. */
  readonly pending?: number | undefined
}

const firstNames = ["Mary", "John", "Anna", "Piotr", "Chen", "Fatima", "Lucas", "Sofia", "Omar", "Yuki", "Liam", "Eva"]
const lastNames = ["Brown", "Doe", "Nowak", "Wang", "Haddad", "Silva", "Rossi", "Tanaka", "Smith", "Kowalski"]
const cities = [
  ["Central District", "Hong Kong", "HK", "Asia/Hong_Kong"],
  ["Berlin", "Germany", "DE", "Europe/Berlin"],
  ["Wroclaw", "Poland", "PL", "Europe/Warsaw"],
  ["Boston", "United States", "US", "America/New_York"],
  ["São Paulo", "Brazil", "BR", "America/Sao_Paulo"]
] as const
export const tagNames = ["sales", "support", "feedback", "billing", "bug"] as const
const groupNames = ["Sales", "Technical Support", "Billing", "Human Resources", "Quality Assurance", "Marketing"]
const visitorLines = [
  "Hello, I have a problem with my order.",
  "Can I change the size of my shoes?",
  "Where is my invoice?",
  "Do you ship to Poland?",
  "The discount code does not work.",
  "Thanks, fine :)"
]
const agentLines = [
  "Hello, how can I help you?",
  "Let me check that for you.",
  "Your order is on its way.",
  "I have sent the invoice to your e-mail.",
  "Is there anything else I can do?"
]
const subjects = ["I have a problem", "Refund request", "Missing invoice", "Delivery question", "Account locked"]

export interface Seed {
  readonly seed: number
  readonly chats: number
  readonly tickets: number
  readonly pending: number
  readonly from: number
  readonly to: number
  readonly owner: { readonly login: string; readonly apiKey: string; readonly token: string }
  readonly agents: ReadonlyArray<Agent.Details>
  readonly groups: ReadonlyArray<Group.Group>
}

const hex = (n: number, length: number) => n.toString(16).padStart(length, "0").slice(-length)

const seconds = (date: string) => Math.floor(Date.parse(date) / 1000)

export const ownerLogin = "john.doe@mycompany.com"

/** The agents and groups of a seed, and its parameters. */
export const makeSeed = (options: SeedOptions, seed: number): Seed => {
  const agentCount = options.agents ?? 4
  const groupCount = options.groups ?? 3
  const logins = [
    ownerLogin,
    ...Array.from({ length: agentCount }, (_, i) => {
      const h = hash(seed, 10, i)
      return `${pick(firstNames, h).toLowerCase()}.${pick(lastNames, h >>> 8).toLowerCase()}${i + 1}@mycompany.com`
    })
  ]
  const groups = [
    new Group.Group({ id: 0, name: "All operators", status: "accepting chats" }),
    ...Array.from({ length: groupCount }, (_, i) =>
      new Group.Group({
        id: i + 1,
        name: groupNames[i % groupNames.length] + (i >= groupNames.length ? ` ${i + 1}` : ""),
        language: "en",
        agents: logins.filter((_, a) => a % groupCount === i || a === 0),
        status: "accepting chats"
      }))
  ]
  const agents = logins.map((login, i) => {
    const h = hash(seed, 11, i)
    const name = i === 0 ? "John Doe" : login.split("@")[0].split(".").map((p) => p.replace(/\d+$/, ""))
      .map((p) => p[0].toUpperCase() + p.slice(1)).join(" ")
    return new Agent.Details({
      login,
      name,
      login_status: "accepting chats",
      permission: i === 0 ? "owner" : i === 1 ? "administrator" : "normal",
      daily_summary: 1,
      job_title: "Support Agent",
      avatar: `livechat.s3.amazonaws.com/1011121/all/avatars/${hex(h, 8)}${hex(hash(h), 8)}.jpg`,
      notifications: { new_visitor: 1, returning_visitor: 1, queued_visitor: 1, visitor_is_typing: 0, new_goal: 1 },
      max_chats_count: 6,
      groups: groups.filter((g) => g.agents?.includes(login)).map((g) => ({ id: g.id, name: g.name })),
      status: pick(["accepting chats", "not accepting chats", "offline"] as const, h),
      last_logout: 1_358_427_204 + (h % 100_000),
      api_key: Redacted.make(
        `${hex(hash(seed, 12, i), 8)}${hex(hash(seed, 13, i), 8)}${hex(hash(seed, 14, i), 8)}${
          hex(hash(seed, 15, i), 8)
        }`
      )
    })
  })
  return {
    seed,
    chats: options.chats ?? 0,
    tickets: options.tickets ?? 0,
    pending: options.pending ?? 0,
    from: seconds(options.from ?? "2022-01-01T00:00:00Z"),
    to: seconds(options.to ?? "2026-01-01T00:00:00Z"),
    owner: {
      login: ownerLogin,
      apiKey: Redacted.value(agents[0].api_key!),
      token: `fake-oauth-${hex(hash(seed, 16), 8)}${hex(hash(seed, 17), 8)}`
    },
    agents,
    groups
  }
}

/** The time of the i-th of `count` records spread over [from, to]: never decreasing with i. */
export const spread = (seed: Seed, count: number, i: number): number =>
  count <= 1 ? seed.to : seed.from + Math.floor((i * (seed.to - seed.from)) / (count - 1))

// ---------------------------------------------------------------------------------------------
// Chats

export const chatId = (index: number): string => `CH${index.toString(36).toUpperCase().padStart(8, "0")}`
export const chatIndex = (id: string): number | undefined =>
  /^CH[0-9A-Z]{8}$/.test(id) ? parseInt(id.slice(2), 36) : undefined

/** What chat filters look at. */
export interface ChatView {
  readonly timestamp: number
  readonly agent: string
  readonly group: number
  readonly tags: ReadonlyArray<string>
  readonly rate: "not_rated" | "rated_good" | "rated_bad"
  readonly hasGoal: boolean
  readonly goal: number | undefined
  readonly visitorId: string
  readonly pending: boolean
  readonly queued: boolean
  readonly text: () => string
}

const chatHash = (seed: Seed, i: number) => hash(seed.seed, 1, i)

const chatTags = (h: number): ReadonlyArray<string> => tagNames.filter((_, t) => ((h >>> (8 + t)) & 1) === 1 && t < 3)

/**
 * The attributes of a chat that follow from its hash: one place for both the chat and its cheap
 * view, so that filters and answers cannot disagree.
 */
const chatParts = (seed: Seed, h: number) => {
  const groups = seed.groups.filter((g) => g.id !== 0)
  const hasGoal = ((h >>> 13) & 7) === 0
  return {
    agent: pick(seed.agents, h),
    group: groups.length === 0 ? 0 : pick(groups, h >>> 4).id,
    tags: chatTags(h),
    rate: pick(["not_rated", "rated_good", "not_rated", "rated_bad"] as const, h >>> 11),
    goal: hasGoal ? 71 + ((h >>> 16) % 3) : undefined,
    queued: ((h >>> 19) & 3) === 0
  }
}

export const chatView = (seed: Seed, i: number, make: () => Chat.Chat): ChatView => {
  const parts = chatParts(seed, chatHash(seed, i))
  return {
    timestamp: spread(seed, seed.chats, i),
    agent: parts.agent.login,
    group: parts.group,
    tags: parts.tags,
    rate: parts.rate,
    hasGoal: parts.goal !== undefined,
    goal: parts.goal,
    visitorId: visitorIdOf(seed, i),
    pending: i >= seed.chats - seed.pending,
    queued: parts.queued,
    text: () => make().messages.map((m) => m.text).join("\n")
  }
}

export const visitorIdOf = (seed: Seed, i: number) =>
  `S${1_300_000_000 + (hash(seed.seed, 3, i) % 100_000_000)}.${hex(hash(seed.seed, 4, i), 10)}`

/** The view of any chat (one changed or added after seeding). */
export const viewOfChat = (chat: Chat.Chat, goalOf = (c: Chat.Chat) => c.goals?.[0]?.id): ChatView => ({
  timestamp: chat.started_timestamp,
  agent: chat.agents[0]?.email ?? "",
  group: chat.group[0] ?? 0,
  tags: chat.tags,
  rate: chat.rate === "rated_good" || chat.rate === "rated_bad" ? chat.rate : "not_rated",
  hasGoal: (chat.goals?.length ?? 0) > 0,
  goal: goalOf(chat),
  visitorId: chat.visitor.id,
  pending: chat.pending === true,
  queued: chat.queue !== undefined,
  text: () => chat.messages.map((m) => m.text).join("\n")
})

/** Makes a chat from its parts, the same way for seeded and new chats. */
export const buildChat = (seed: Seed, index: number, started: number, h: number, overrides: {
  readonly agent?: Agent.Details | undefined
  readonly group?: number | undefined
  readonly tags?: ReadonlyArray<string> | undefined
  readonly pending?: boolean | undefined
} = {}): Chat.Chat => {
  const parts = chatParts(seed, h)
  const agent = overrides.agent ?? parts.agent
  const group = overrides.group ?? parts.group
  const city = pick(cities, h >>> 5)
  const visitorName = `${pick(firstNames, h >>> 6)} ${pick(lastNames, h >>> 9)}`
  const count = 2 + ((h >>> 16) % 4)
  const messages: Array<Chat.Message> = Array.from({ length: count }, (_, m) => {
    const fromAgent = m % 2 === 0
    const at = started + m * 7 + (hash(h, m) % 5)
    return fromAgent
      ? {
        author_name: agent.name,
        text: pick(agentLines, hash(h, m, 1)),
        date: humanDate(at),
        timestamp: at,
        user_type: "agent",
        agent_id: agent.login
      }
      : {
        author_name: visitorName,
        text: pick(visitorLines, hash(h, m, 2)),
        date: humanDate(at),
        timestamp: at,
        user_type: "visitor"
      }
  })
  const duration = 60 + ((h >>> 20) % 1800)
  const ended = started + duration
  const pending = overrides.pending ?? false
  const { goal, queued, rate } = parts
  return new Chat.Chat({
    type: "chat",
    id: chatId(index),
    visitor: {
      id: visitorIdOf(seed, index),
      name: visitorName,
      ip: `85.10.${(h >>> 3) & 255}.${(h >>> 12) & 255}`,
      city: city[0],
      country: city[1],
      country_code: city[2],
      timezone: city[3],
      region: ""
    },
    agents: [{ display_name: agent.name, email: agent.login }],
    supervisors: [],
    rate,
    duration,
    chat_start_url: "https://www.mycompany.com/shop",
    ...(((h >>> 22) & 1) === 1 ? { referrer: "https://www.google.com/" } : {}),
    group: [group],
    started: humanDate(started),
    started_timestamp: started,
    ...(pending ? { pending: true } : { ended: humanDate(ended), ended_timestamp: ended }),
    prechat_survey: [
      { key: "Name:", value: visitorName, id: `${1_358_937_634_806 + (index % 1_000_000)}0238` },
      { key: "E-mail:", value: "", id: `${1_358_937_634_806 + (index % 1_000_000)}06511` }
    ],
    postchat_survey: rate === "not_rated"
      ? []
      : [{
        key: "How would you rate the quality of support?",
        value: rate === "rated_good" ? "Good" : "Bad",
        id: `1371641677${hex(h, 8).replace(/[a-f]/g, "7")}`
      }],
    custom_variables: [{ key: "customer_login", value: visitorName.toLowerCase().replace(" ", "_") }],
    ...(goal !== undefined
      ? {
        goals: [{
          id: goal,
          name: "sales_tracker_name",
          type: "sales_tracker",
          date: humanDate(started + 30),
          timestamp: started + 30,
          order: { id: `ORD${index}`, description: "product one", price: 10 + (h % 190), currency: "USD" }
        }]
      }
      : {}),
    ...(queued ? { queue: { duration: 5 + (h % 120) } } : {}),
    tags: overrides.tags ?? parts.tags,
    timezone: city[3],
    messages,
    events: [
      ...messages.map((m) => ({ ...m, type: "message" })),
      ...(pending
        ? []
        : [{
          text: `${visitorName} closed the chat.`,
          date: humanDate(ended),
          timestamp: ended,
          type: "event",
          user_type: "visitor"
        }])
    ],
    engagement: pick(["immediate_start", "auto_invite", "manual_invite"] as const, h >>> 23)
  }, true)
}

/** The i-th seeded chat. */
export const seededChat = (seed: Seed, i: number): Chat.Chat =>
  buildChat(seed, i, spread(seed, seed.chats, i), chatHash(seed, i), { pending: i >= seed.chats - seed.pending })

// ---------------------------------------------------------------------------------------------
// Tickets

export const ticketId = (index: number): string => `T${index.toString(36).toUpperCase().padStart(6, "0")}`
export const ticketIndex = (id: string): number | undefined =>
  /^T[0-9A-Z]{6}$/.test(id) ? parseInt(id.slice(1), 36) : undefined

/** What ticket filters look at. */
export interface TicketView {
  readonly timestamp: number
  readonly status: Ticket.Status
  readonly assignee: string | undefined
  readonly group: number
  readonly source: Ticket.SourceType
  readonly tags: ReadonlyArray<string>
  readonly requester: string
  readonly rate: "not_rated" | "rated_good" | "rated_bad" | undefined
  readonly text: () => string
}

const ticketHash = (seed: Seed, i: number) => hash(seed.seed, 2, i)

export const viewOfTicket = (ticket: Ticket.Ticket, timestamp: number): TicketView => ({
  timestamp,
  status: ticket.status,
  assignee: ticket.assignee?.id,
  group: typeof ticket.groups[0] === "number" ? ticket.groups[0] : ticket.groups[0]?.id ?? 0,
  source: ticket.source.type,
  tags: ticket.tags ?? [],
  requester: ticket.requester.mail,
  rate: ticket.rate === "rated_good" || ticket.rate === "rated_bad" || ticket.rate === "not_rated"
    ? ticket.rate
    : undefined,
  text: () => [ticket.subject, ...ticket.events.map((e) => e.message ?? "")].join("\n")
})

/** The attributes of a ticket that follow from its hash: one place for the ticket and its cheap view. */
const ticketParts = (seed: Seed, index: number, h: number) => {
  const groups = seed.groups.filter((g) => g.id !== 0)
  const name = `${pick(firstNames, h >>> 6)} ${pick(lastNames, h >>> 9)}`
  const status = pick(["open", "pending", "solved", "solved", "spam"] as const, h >>> 17)
  const assigned = ((h >>> 14) & 3) !== 0
  return {
    group: groups.length === 0 ? 0 : pick(groups, h >>> 4).id,
    requester: { mail: `${name.toLowerCase().replace(" ", ".")}${index}@email.com`, name },
    agent: pick(seed.agents, h >>> 2),
    assigned,
    status,
    source: pick(["mail", "chat-window", "lc2", "facebook", "agent-app-manual"] as const, h >>> 20),
    tags: chatTags(h >>> 3),
    // Requesters rate some of the tickets that were solved by an agent.
    rate: status === "solved" && assigned
      ? pick(["rated_good", "rated_good", "rated_bad", "not_rated"] as const, h >>> 27)
      : undefined
  }
}

/** Makes a ticket from its parts, the same way for seeded and new tickets. */
export const buildTicket = (seed: Seed, index: number, at: number, h: number, parts: {
  readonly subject?: string | undefined
  readonly message?: string | undefined
  readonly requester?: { readonly mail: string; readonly name?: string | undefined } | undefined
  readonly group?: number | undefined
  readonly status?: Ticket.Status | undefined
  readonly source?: Ticket.SourceType | undefined
  readonly tags?: ReadonlyArray<string> | undefined
  readonly assigned?: boolean | undefined
  /** The latest time an activity of the ticket can have (the agent's reply comes no later). Default: none. */
  readonly now?: number | undefined
} = {}): Ticket.Ticket => {
  const derived = ticketParts(seed, index, h)
  const group = parts.group ?? derived.group
  const requester = parts.requester ?? derived.requester
  const agent = derived.agent
  const assigned = parts.assigned ?? derived.assigned
  const status = parts.status ?? derived.status
  const source = parts.source ?? derived.source
  // A rating only for a seeded ticket whose parts were not chosen by the caller.
  const rate = parts.status === undefined && parts.assigned === undefined ? derived.rate : undefined
  const message = parts.message ?? pick(visitorLines, h >>> 24)
  const author = { id: requester.mail, name: requester.name ?? requester.mail, type: "client" }
  // An assigned ticket past `open` has the agent's reply, ten minutes later (never after `now`).
  const replied = assigned && status !== "open"
  const reply = Math.min(at + 600, Math.max(at, parts.now ?? Number.MAX_SAFE_INTEGER))
  // The last activity: the last modification, and the end of the opened period of a closed ticket.
  const last = replied ? reply : at
  const closed = status === "solved" || status === "spam"
  return new Ticket.Ticket({
    id: ticketId(index),
    status,
    subject: parts.subject ?? pick(subjects, h >>> 11),
    requester: { mail: requester.mail, ...(requester.name !== undefined ? { name: requester.name } : {}) },
    ...(assigned ? { assignee: { id: agent.login, name: agent.name } } : {}),
    events: [
      { type: "message", author, date: iso(at), message, is_private: false, source: { type: source } },
      ...(replied
        ? [{
          type: "message",
          author: { id: agent.login, name: agent.name, type: "agent" },
          date: iso(reply),
          message: pick(agentLines, h >>> 26),
          is_private: false,
          source: { type: "lc2" as const }
        }]
        : [])
    ],
    groups: [group],
    source: { type: source },
    opened: [closed ? { from: iso(at), to: iso(last) } : { from: iso(at) }],
    firstResponse: {},
    modified: iso(last),
    date: iso(at),
    ...(rate !== undefined ? { rate } : {}),
    tags: parts.tags ?? derived.tags
  }, true)
}

export const seededTicket = (seed: Seed, i: number): Ticket.Ticket =>
  buildTicket(seed, i, spread(seed, seed.tickets, i), ticketHash(seed, i), { now: seed.to })

/** The view of a seeded ticket, without building the ticket unless its text is needed. */
export const ticketView = (seed: Seed, i: number): TicketView => {
  const parts = ticketParts(seed, i, ticketHash(seed, i))
  return {
    timestamp: spread(seed, seed.tickets, i),
    status: parts.status,
    assignee: parts.assigned ? parts.agent.login : undefined,
    group: parts.group,
    source: parts.source,
    tags: parts.tags,
    requester: parts.requester.mail,
    rate: parts.rate,
    text: () => {
      const ticket = seededTicket(seed, i)
      return [ticket.subject, ...ticket.events.map((e) => e.message ?? "")].join("\n")
    }
  }
}

/** The chat view of a seeded chat, without building the chat unless its text is needed. */
export const seededChatView = (seed: Seed, i: number): ChatView => chatView(seed, i, () => seededChat(seed, i))
