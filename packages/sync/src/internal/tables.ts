/**
 * The tables of the mirror, as data: each resource's table, its key, its typed columns and how a
 * record becomes a row. The migrations, the upserts and the deletion marks all read these.
 */
import type { Agent, CannedResponse, Chat, Goal, Greeting, Group, Tag, Ticket, Webhook } from "@effect-livechat/core"

/** The SQL types used; only `json` differs between dialects (JSONB on PostgreSQL, TEXT elsewhere). */
export type ColumnType = "text" | "bigint" | "integer" | "real" | "json"

export interface Column {
  readonly name: string
  readonly type: ColumnType
  readonly notNull?: boolean
}

export type Row = Record<string, string | number | null>

export interface Table<A> {
  readonly name: string
  /** The primary key's columns. */
  readonly key: ReadonlyArray<string>
  /** The typed columns, key first; `record`, `run`, `synced_at` and `deleted_at` are added to every table. */
  readonly columns: ReadonlyArray<Column>
  /** Indexes on typed columns (each a list of columns). */
  readonly indexes: ReadonlyArray<ReadonlyArray<string>>
  readonly row: (record: A) => Row
}

/** The columns every table ends with. */
export const common: ReadonlyArray<Column> = [
  { name: "record", type: "json", notNull: true },
  { name: "run", type: "bigint", notNull: true },
  { name: "synced_at", type: "bigint", notNull: true },
  { name: "deleted_at", type: "bigint" }
]

/** Unix seconds of a `DateValue` (seconds, or a date string). */
export const seconds = (value: string | number | undefined): number | null => {
  if (value === undefined) return null
  if (typeof value === "number") return value
  const numeric = Number(value)
  if (value.trim() !== "" && Number.isFinite(numeric)) return numeric
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? null : Math.floor(parsed / 1000)
}

/** A record as stored JSON: without the fields named (secrets are never stored). */
const json = (record: object, omit: ReadonlyArray<string> = []): string =>
  omit.length === 0 ?
    JSON.stringify(record) :
    JSON.stringify(record, (key, value) => (omit.includes(key) ? undefined : value))

const list = (values: ReadonlyArray<string> | undefined): string => JSON.stringify(values ?? [])

/** When a ticket was created (its `date`, or the start of its first opened period, or its last modification). */
export const ticketTime = (ticket: Ticket.Ticket): number =>
  seconds(ticket.date ?? ticket.opened[0]?.from ?? ticket.modified) ?? 0

const groupOf = (groups: ReadonlyArray<number | { readonly id: number }>): number | null => {
  const first = groups[0]
  return first === undefined ? null : typeof first === "number" ? first : first.id
}

export const chats: Table<Chat.Chat> = {
  name: "livechat_chats",
  key: ["id"],
  columns: [
    { name: "id", type: "text", notNull: true },
    { name: "started_at", type: "bigint", notNull: true },
    { name: "ended_at", type: "bigint" },
    { name: "duration", type: "integer" },
    { name: "agent", type: "text" },
    { name: "group_id", type: "integer" },
    { name: "rate", type: "text" },
    { name: "visitor_id", type: "text" },
    { name: "country", type: "text" },
    { name: "tags", type: "json", notNull: true }
  ],
  indexes: [["started_at"], ["agent"], ["group_id"]],
  row: (chat) => ({
    id: chat.id,
    started_at: chat.started_timestamp,
    ended_at: chat.ended_timestamp ?? null,
    duration: chat.duration ?? null,
    agent: chat.agents[0]?.email ?? null,
    group_id: chat.group[0] ?? null,
    rate: chat.rate,
    visitor_id: chat.visitor.id,
    country: chat.visitor.country ?? null,
    tags: list(chat.tags),
    record: json(chat)
  })
}

export const tickets: Table<Ticket.Ticket> = {
  name: "livechat_tickets",
  key: ["id"],
  columns: [
    { name: "id", type: "text", notNull: true },
    { name: "created_at", type: "bigint", notNull: true },
    { name: "modified_at", type: "bigint" },
    { name: "status", type: "text", notNull: true },
    { name: "subject", type: "text" },
    { name: "assignee", type: "text" },
    { name: "group_id", type: "integer" },
    { name: "requester_mail", type: "text" },
    { name: "source", type: "text" },
    { name: "rate", type: "text" },
    { name: "tags", type: "json", notNull: true }
  ],
  indexes: [["created_at"], ["status"], ["assignee"]],
  row: (ticket) => ({
    id: ticket.id,
    created_at: ticketTime(ticket),
    modified_at: seconds(ticket.modified),
    status: ticket.status,
    subject: ticket.subject,
    assignee: ticket.assignee?.id ?? null,
    group_id: ticket.currentGroup?.id ?? groupOf(ticket.groups),
    requester_mail: ticket.requester.mail,
    source: ticket.source.type,
    rate: ticket.rate ?? null,
    tags: list(ticket.tags),
    record: json(ticket)
  })
}

export const agents: Table<Agent.Details> = {
  name: "livechat_agents",
  key: ["login"],
  columns: [
    { name: "login", type: "text", notNull: true },
    { name: "name", type: "text", notNull: true },
    { name: "permission", type: "text", notNull: true },
    { name: "status", type: "text", notNull: true },
    { name: "groups", type: "json", notNull: true }
  ],
  indexes: [],
  row: (agent) => ({
    login: agent.login,
    name: agent.name,
    permission: agent.permission,
    status: agent.status,
    groups: JSON.stringify((agent.groups ?? []).map((g) => g.id)),
    // The agent's API key is a secret: never stored.
    record: json(agent, ["api_key"])
  })
}

export const groups: Table<Group.Group> = {
  name: "livechat_groups",
  key: ["id"],
  columns: [
    { name: "id", type: "integer", notNull: true },
    { name: "name", type: "text", notNull: true }
  ],
  indexes: [],
  row: (group) => ({ id: group.id, name: group.name, record: json(group) })
}

export const goals: Table<Goal.Summary> = {
  name: "livechat_goals",
  key: ["id"],
  columns: [
    { name: "id", type: "integer", notNull: true },
    { name: "name", type: "text", notNull: true }
  ],
  indexes: [],
  row: (goal) => ({ id: goal.id, name: goal.name, record: json(goal) })
}

export const cannedResponses: Table<CannedResponse.CannedResponse> = {
  name: "livechat_canned_responses",
  key: ["id"],
  columns: [
    { name: "id", type: "integer", notNull: true },
    { name: "group_id", type: "integer", notNull: true },
    { name: "text", type: "text", notNull: true },
    { name: "created_by", type: "text" },
    { name: "created_at", type: "bigint" }
  ],
  indexes: [],
  row: (canned) => ({
    id: canned.id,
    group_id: canned.group,
    text: canned.text,
    created_by: canned.created_by,
    created_at: canned.creation_date,
    record: json(canned)
  })
}

export const greetings: Table<Greeting.Greeting> = {
  name: "livechat_greetings",
  key: ["id"],
  columns: [
    { name: "id", type: "integer", notNull: true },
    { name: "name", type: "text", notNull: true }
  ],
  indexes: [],
  row: (greeting) => ({ id: greeting.id, name: greeting.name, record: json(greeting) })
}

export const tags: Table<Tag.Tag> = {
  name: "livechat_tags",
  key: ["group_id", "name"],
  columns: [
    { name: "group_id", type: "integer", notNull: true },
    { name: "name", type: "text", notNull: true },
    { name: "author", type: "text" },
    { name: "created_at", type: "bigint" }
  ],
  indexes: [],
  row: (tag) => ({
    group_id: tag.group,
    name: tag.name,
    author: tag.author,
    created_at: tag.creation_date,
    record: json(tag)
  })
}

/** A URL with the password of its credentials (`https://user:password@host`) replaced by `<redacted>`. */
export const withoutPassword = (url: string): string =>
  url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, "$1:<redacted>@")

export const webhooks: Table<Webhook.Webhook> = {
  name: "livechat_webhooks",
  key: ["id"],
  columns: [
    { name: "id", type: "text", notNull: true },
    { name: "event_type", type: "text", notNull: true },
    { name: "url", type: "text", notNull: true }
  ],
  indexes: [],
  row: (webhook) => {
    const url = withoutPassword(webhook.url)
    return {
      id: webhook.id,
      event_type: webhook.event_type,
      url,
      // The webhook's token is a secret, and so is the password of its URL's Basic credentials: never stored.
      record: JSON.stringify({ ...webhook, url }, (key, value) => (key === "token" ? undefined : value))
    }
  }
}

/** Every table, in the order the migrations create them. */
export const all: ReadonlyArray<Table<never>> = [
  chats,
  tickets,
  agents,
  groups,
  goals,
  cannedResponses,
  greetings,
  tags,
  webhooks
] as ReadonlyArray<Table<never>>

/** The sync state: each resource's cursor, and the checkpoint of a run in progress. */
export const stateTable = "livechat_sync_state"

/** The locks of the dialects without advisory locks (SQLite): one row per resource being synced. */
export const lockTable = "livechat_sync_lock"
