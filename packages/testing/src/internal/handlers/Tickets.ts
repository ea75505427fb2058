/**
 * The fake's tickets: filters, dates matching any activity, pagination by last modification in either
 * order with the record cap, creation, tags.
 */
import { Ticket } from "@effect-livechat/core"
import type { Tickets } from "@effect-livechat/resources"
import { Effect } from "effect"
import { badRequest, type GroupHandlers, notFound } from "../handler.js"
import { hash } from "../random.js"
import { buildTicket, type TicketView } from "../seed.js"
import type { State } from "../state.js"
import { shuffleTies } from "../ties.js"
import { filterRange } from "../time.js"
import { answer, page } from "./paging.js"

const predicate = (input: Tickets.ListInput) => {
  const tests: Array<(view: TicketView) => boolean> = []
  if (input.status !== undefined) tests.push((v) => v.status === input.status)
  if (input.assignee !== undefined) tests.push((v) => v.assignee === input.assignee)
  if (input.assigned !== undefined) tests.push((v) => (v.assignee !== undefined) === (input.assigned === 1))
  if (input.group !== undefined) tests.push((v) => v.group === input.group)
  if (input.source !== undefined) tests.push((v) => v.source === input.source)
  if (input.tag !== undefined) tests.push((v) => v.tags.includes(input.tag!))
  if (input.tagged !== undefined) tests.push((v) => (v.tags.length > 0) === (input.tagged === 1))
  if (input.requester !== undefined) tests.push((v) => v.requester === input.requester!.mail)
  if (input.query !== undefined && input.query !== "") {
    const text = input.query.toLowerCase()
    tests.push((v) => v.text().toLowerCase().includes(text))
  }
  if (tests.length === 0) return undefined
  const { date_from: _, date_to: __, order: ___, page: ____, ...key } = input
  return { key: JSON.stringify(key), test: (view: TicketView) => tests.every((t) => t(view)) }
}

const find = (state: State, id: string) => {
  const index = state.tickets.find(id)
  return index === undefined ? Effect.fail(notFound(`Ticket ${id}`)) : Effect.succeed(index)
}

export const handlers: GroupHandlers<"Tickets"> = {
  list: (input, { state }) =>
    Effect.suspend(() => {
      // Days in the license's time zone (tickets take no `timezone`); a ticket matches when any of
      // its activities falls in them, and they come by last modification.
      const range = filterRange(input, state.listing.dates, state.listing.zone)
      if (typeof range === "string") return Effect.fail(badRequest(range))
      const [from, to] = range
      const selected = state.ticketIndex.select(from, to, predicate(input), input.order === "asc")
      const selection = state.listing.ties === "unstable"
        ? shuffleTies(selected, (index) => state.ticketIndex.modified(index), state.tieSeed())
        : selected
      return Effect.succeed(
        answer("tickets", state.tickets, page(selection, input.page ?? 1, state.recordCap), state.encodedPages)
      )
    }),
  get: (input, { state }) => Effect.map(find(state, input.ticket_id), (index) => state.tickets.get(index)),
  create: (input, { now, state }) =>
    Effect.gen(function*() {
      const unknown = (input.group ?? []).find((id) => !state.groups.has(id))
      if (unknown !== undefined) return yield* badRequest(`group: unknown group ${unknown}`)
      const assignee = input.assignee === undefined ? undefined : state.agents.get(input.assignee.id)
      if (input.assignee !== undefined && assignee === undefined) {
        return yield* badRequest(`assignee: unknown agent ${input.assignee.id}`)
      }
      const at = Math.max(now, state.tickets.newest ?? now)
      return state.ticketCreated(state.tickets.append((index) => {
        const made = buildTicket(state.seed, index, at, hash(state.seed.seed, 7, index), {
          now: at,
          subject: input.subject ?? input.message.slice(0, 60),
          message: input.message,
          requester: input.requester,
          group: input.group?.[0] ?? 0,
          status: "open",
          source: input.source?.type ?? "lc2",
          tags: [],
          assigned: false
        })
        return assignee === undefined
          ? made
          : new Ticket.Ticket({ ...made, assignee: { id: assignee.login, name: assignee.name } }, true)
      }))
    }),
  updateTags: (input, { state }) =>
    Effect.map(find(state, input.ticket_id), (index) => {
      const ticket = new Ticket.Ticket({ ...state.tickets.get(index), tags: [...new Set(input.tag)] }, true)
      state.tickets.set(index, ticket)
      return { tickets: [ticket], total: 1, pages: 1 }
    })
}

/** Seeds the group's records when the fake starts (none for this group). */
export const initialize = (_state: State): void => {}
