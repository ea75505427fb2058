/**
 * The fake's chat archive: filters, days of the license's time zone (or the request's `timezone`),
 * pagination newest first (or oldest first, `chatOrder`) with the record cap, tags, transcripts.
 */
import { Chat } from "@effect-livechat/core"
import type { Archives } from "@effect-livechat/resources"
import { Effect } from "effect"
import { badRequest, type GroupHandlers, notFound } from "../handler.js"
import type { ChatView } from "../seed.js"
import type { State } from "../state.js"
import { shuffleTies } from "../ties.js"
import { filterRange, zoneOf } from "../time.js"
import { answer, page } from "./paging.js"

type Filters = Archives.ListInput

/** The filters other than dates and page, as a test on a chat's view; `undefined` when there are none. */
const predicate = (state: State, input: Filters) => {
  const tests: Array<(view: ChatView, index: number) => boolean> = []
  if (input.include_pending !== 1) tests.push((v) => !v.pending)
  if (input.agent !== undefined) tests.push((v) => v.agent === input.agent)
  if (input.group !== undefined) tests.push((v) => v.group === input.group)
  if (input.goal !== undefined) tests.push((v) => v.goal === input.goal)
  if (input.has_goal !== undefined) tests.push((v) => v.hasGoal === (input.has_goal === 1))
  if (input.sale !== undefined) tests.push((v) => v.goal === input.sale)
  if (input.has_sale !== undefined) tests.push((v) => v.hasGoal === (input.has_sale === 1))
  if (input.queued !== undefined) tests.push((v) => v.queued === (input.queued === 1))
  if (input.comment !== undefined) tests.push((v) => (v.rate !== "not_rated") === (input.comment === 1))
  if (input.visitor_id !== undefined) tests.push((v) => v.visitorId === input.visitor_id)
  if (input.rate !== undefined) {
    const rate = input.rate
    tests.push((v) => rate === "rated" ? v.rate !== "not_rated" : v.rate === rate)
  }
  if (input.tag !== undefined && input.tag.length > 0) {
    const wanted = input.tag
    tests.push((v) => wanted.some((tag) => v.tags.includes(tag)))
  }
  if (input.tagged !== undefined) tests.push((v) => (v.tags.length > 0) === (input.tagged === 1))
  if (input.query !== undefined && input.query !== "") {
    const text = input.query.toLowerCase()
    tests.push((v) => v.text().toLowerCase().includes(text))
  }
  for (const field of ["city", "region", "country"] as const) {
    const wanted = input[field]
    if (wanted !== undefined) tests.push((_, i) => state.chats.get(i).visitor[field] === wanted)
  }
  if (tests.length === 0) return undefined
  const { date_from: _, date_to: __, page: ___, timezone: ____, ...key } = input
  return { key: JSON.stringify(key), test: (view: ChatView, index: number) => tests.every((t) => t(view, index)) }
}

const find = (state: State, id: string) => {
  const index = state.chats.find(id)
  return index === undefined ? Effect.fail(notFound(`Chat ${id}`)) : Effect.succeed(index)
}

export const handlers: GroupHandlers<"Archives"> = {
  list: (input, { state }) =>
    Effect.suspend(() => {
      // Days are read in the license's time zone, or in the one the request names.
      const zone = input.timezone === undefined ? state.listing.zone : zoneOf(input.timezone)
      if (zone === undefined) return Effect.fail(badRequest(`timezone: unknown time zone ${input.timezone}`))
      const range = filterRange(input, state.listing.dates, zone)
      if (typeof range === "string") return Effect.fail(badRequest(range))
      const [from, to] = range
      const selected = state.chats.select(from, to, predicate(state, input), state.listing.chatOrder === "asc")
      const selection = state.listing.ties === "unstable"
        ? shuffleTies(selected, (index) => state.chats.timestamp(index), state.tieSeed())
        : selected
      return Effect.succeed(
        answer("chats", state.chats, page(selection, input.page ?? 1, state.recordCap), state.encodedPages)
      )
    }),
  get: (input, { state }) => Effect.map(find(state, input.chat_id), (index) => state.chats.get(index)),
  sendTranscript: (input, { state }) =>
    Effect.map(find(state, input.chat_id), () => {
      state.transcripts.push({ chat_id: input.chat_id, to: input.to })
      return { result: `E-mail has been sent to ${input.to}.` }
    }),
  updateTags: (input, { state }) =>
    Effect.map(find(state, input.chat_id), (index) => {
      const chat = new Chat.Chat({ ...state.chats.get(index), tags: [...new Set(input.tag)] }, true)
      state.chats.set(index, chat)
      state.emit({ type: "chat_changed", chat })
      return { chats: [chat], total: 1, pages: 1 }
    })
}

/** Seeds the group's records when the fake starts (none for this group). */
export const initialize = (_state: State): void => {}
