/**
 * The fake's visitors: a handful of seeded real-time visitors (the chatting ones are the visitors of
 * the newest archived chats), listed with state and group filters; custom details are accepted
 * with the license id and the visitor-details token (see {@link visitorDetailsToken}) instead of
 * agent credentials.
 */
import { Visitor } from "@effect-livechat/core"
import { Effect, Redacted } from "effect"
import { Failure, type GroupHandlers } from "../handler.js"
import { hash, pick } from "../random.js"
import type { Seed } from "../seed.js"
import type { State } from "../state.js"
import { dateTime } from "../time.js"

const hex = (n: number) => n.toString(16).padStart(8, "0")

/**
 * The token `POST /visitors/<id>/details` accepts (with the fake's license id): 32 hex digits
 * derived from the seed, as a `chat_started` webhook would send it.
 */
export const visitorDetailsToken = (seed: Seed): string => [0, 1, 2, 3].map((k) => hex(hash(seed.seed, 42, k))).join("")

/** One data set of custom details, as `addDetails` stores it under its `id`. */
export interface DetailsSet {
  readonly fields: ReadonlyArray<
    { readonly name: string; readonly value: string | number; readonly url?: string | undefined }
  >
  readonly icon?: string
}

/** The data sets stored for a visitor in `state.visitorDetails`, by their `id`. */
export const detailsOf = (state: State, visitorId: string): Readonly<Record<string, DetailsSet>> => {
  const stored = state.visitorDetails.get(visitorId)
  return typeof stored === "object" && stored !== null ? stored as Record<string, DetailsSet> : {}
}

const unauthorized = () => new Failure({ status: 401, error: "Authentication required: invalid license_id or token" })

export const handlers: GroupHandlers<"Visitors"> = {
  list: (input, { state }) => {
    const visitors = Array.from(state.visitors.values()).filter((visitor) =>
      (input.state === undefined || visitor.state === input.state) &&
      // Group 0 is every group (the reference's sample asks for `group[]=0` and gets group 102).
      (input.group === undefined || input.group.includes(0) || input.group.includes(visitor.group))
    )
    return Effect.succeed(input.count === 1 ? visitors.length : visitors)
  },
  addDetails: (input, { state }) =>
    Effect.gen(function*() {
      const token = Redacted.isRedacted(input.token) ? Redacted.value(input.token) : input.token
      if (input.license_id !== state.licenseId || token !== visitorDetailsToken(state.seed)) {
        return yield* unauthorized()
      }
      const set: DetailsSet = {
        fields: input.fields.map((field) => ({ ...field })),
        ...(input.icon === undefined ? {} : { icon: input.icon })
      }
      // A data set replaces the one of the same id; the visitor's other data sets stay.
      state.visitorDetails.set(input.visitor_id, { ...detailsOf(state, input.visitor_id), [input.id]: set })
      return { result: "Visitor details added" }
    })
}

const places = [
  ["Boston", "Massachusetts", "United States", "US", "America/New_York", 42.3601, -71.0589],
  ["Berlin", "Berlin", "Germany", "DE", "Europe/Berlin", 52.52, 13.405],
  ["Wroclaw", "Lower Silesia", "Poland", "PL", "Europe/Warsaw", 51.1079, 17.0385],
  ["Central District", "", "Hong Kong", "HK", "Asia/Hong_Kong", 22.2819, 114.1586],
  ["São Paulo", "São Paulo", "Brazil", "BR", "America/Sao_Paulo", -23.5505, -46.6333]
] as const

const pages = [
  ["https://www.mycompany.com/", "My Company"],
  ["https://www.mycompany.com/shop", "Shop – My Company"],
  ["https://www.mycompany.com/shop/shoes", "Shoes – My Company"],
  ["https://www.mycompany.com/cart", "Cart – My Company"],
  ["https://www.mycompany.com/help", "Help – My Company"]
] as const

const browsers = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
] as const

const states: ReadonlyArray<Visitor.State> = [
  "chatting",
  "browsing",
  "queued",
  "chatting",
  "invited",
  "refused invitation",
  "chat closed"
]

const firstNames = ["Mary", "John", "Anna", "Piotr", "Chen", "Fatima", "Lucas", "Sofia"]

/**
 * The k-th seeded visitor, in state `visitorState`, at the fake's start (`seed.to`). A chatting
 * visitor is the visitor of one of the newest archived chats (same id, name, place and group).
 */
const seededVisitor = (state: State, k: number, visitorState: Visitor.State, chatIndex: number | undefined) => {
  const { seed } = state
  const h = hash(seed.seed, 43, k)
  const chat = chatIndex === undefined ? undefined : state.chats.get(chatIndex)
  const place = places.find((p) => p[0] === chat?.visitor.city) ?? pick(places, h)
  const groups = seed.groups.filter((g) => g.id !== 0)
  const group = chat?.group[0] ?? (groups.length === 0 ? 0 : pick(groups, h >>> 4).id)
  const at = seed.to
  const steps = 1 + ((h >>> 8) % 4)
  const path = Array.from({ length: steps }, (_, s) => {
    const [page, title] = pick(pages, hash(h, s))
    const time = at - (steps - s) * 90 - (hash(h, s, 1) % 60)
    return {
      invitation: visitorState === "invited" && s === steps - 1 ? "Time on site: 5 sec" : "",
      page,
      title,
      time: dateTime(time),
      time_ref: time,
      time_ts: time
    }
  })
  const current = path[path.length - 1]
  const entered = path[0].time_ts
  const chatting = chat !== undefined && visitorState === "chatting"
  return new Visitor.Visitor({
    id: chat?.visitor.id ?? `S${1_400_000_000 + (h % 100_000_000)}.${hex(hash(seed.seed, 44, k))}${k}`,
    name: chat?.visitor.name ?? `${pick(firstNames, h >>> 12)} (visitor)`,
    state: visitorState,
    group,
    ip: chat?.visitor.ip ?? `91.20.${(h >>> 3) & 255}.${(h >>> 14) & 255}`,
    host: `host-${(h >>> 3) & 255}.${place[3].toLowerCase()}.example.net`,
    browser: pick(browsers, h >>> 16),
    language: "en",
    city: place[0],
    region: place[1],
    country: place[2],
    country_code: place[3],
    timezone: place[4],
    latitude: place[5],
    longitude: place[6],
    referrer: ((h >>> 20) & 1) === 1 ? "https://www.google.com/" : "",
    invitation: visitorState === "invited" ? "Time on site: 5 sec" : "",
    chats: chatting ? 1 : visitorState === "chat closed" ? 1 : 0,
    visits: 1 + ((h >>> 22) % 4),
    page_views: steps,
    greetings_all: visitorState === "invited" || visitorState === "refused invitation" ? 1 : 0,
    greetings_accepted: 0,
    greetings_refused: visitorState === "refused invitation" ? 1 : 0,
    last_visit: dateTime(entered),
    last_visit_ts: entered,
    page_address: current.page,
    page_current: current.page,
    page_title: current.title,
    page_entered: current.time,
    page_entered_ts: current.time_ts,
    page_time: dateTime(at),
    page_time_ts: at,
    visit_path: path,
    ...(chatting
      ? {
        chat: { id: chat.id },
        chat_id: chat.id,
        chat_start_time: dateTime(chat.started_timestamp),
        chat_start_time_ts: chat.started_timestamp,
        operators: chat.agents.map((agent) => ({ display_name: agent.display_name, login: agent.email })),
        prechat_survey: chat.prechat_survey ?? []
      }
      : {}),
    ...(visitorState === "queued" ? { queue_start_time: at - 30 - (h % 120) } : {}),
    ...(((h >>> 24) & 1) === 1 ? { custom_variables: [{ key: "empty_cart", value: "true" }] } : {})
  })
}

/**
 * Seeds seven visitors: two chatting and one in each other state the list filters on; the chatting
 * ones are the visitors of the newest archived chats (when the archive has chats).
 */
export const initialize = (state: State): void => {
  let chatting = 0
  states.forEach((visitorState, k) => {
    const index = visitorState === "chatting" && chatting < state.chats.count
      ? state.chats.count - 1 - chatting++
      : undefined
    const visitor = seededVisitor(state, k, visitorState, index)
    state.visitors.set(visitor.id, visitor)
  })
}

/**
 * A visitor entering the queue now (before a chat): listed with the state `queued`, and a
 * `visitor_queued` webhook sent.
 */
export const queueVisitor = (state: State): Visitor.Visitor => {
  const visitor = seededVisitor(state, state.nextId("queued_visitor", states.length), "queued", undefined)
  state.visitors.set(visitor.id, visitor)
  state.emit({ type: "visitor_queued", visitor })
  return visitor
}
