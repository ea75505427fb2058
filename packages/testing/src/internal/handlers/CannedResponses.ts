/**
 * The fake's canned responses: listed by group (group 0 when none is given, as the reference
 * says), created with their author and time, updates merge and record who modified them and when,
 * removal makes them 404.
 */
import { CannedResponse } from "@effect-livechat/core"
import { Effect } from "effect"
import { badRequest, defined, type GroupHandlers, notFound } from "../handler.js"
import { hash, pick } from "../random.js"
import type { State } from "../state.js"

const find = (state: State, id: number) => {
  const response = state.cannedResponses.get(id)
  return response === undefined ? Effect.fail(notFound(`Canned response ${id}`)) : Effect.succeed(response)
}

/** The caller's login (the owner's when the request carried no agent login). */
const author = (state: State, caller: string | undefined) => caller ?? state.seed.owner.login

export const handlers: GroupHandlers<"CannedResponses"> = {
  list: (input, { state }) =>
    Effect.succeed(
      Array.from(state.cannedResponses.values()).filter((response) => response.group === (input.group ?? 0))
    ),
  get: (input, { state }) => find(state, input.canned_response_id),
  create: (input, { caller, now, state }) =>
    Effect.gen(function*() {
      const group = input.group ?? 0
      if (!state.groups.has(group)) return yield* badRequest(`group: unknown group ${group}`)
      const response = new CannedResponse.CannedResponse({
        id: state.nextId("canned_response", Math.max(0, ...state.cannedResponses.keys()) + 1),
        group,
        text: input.text,
        tags: [...new Set(input.tags)],
        creation_date: now,
        created_by: author(state, caller)
      })
      state.cannedResponses.set(response.id, response)
      state.emit({ type: "canned_response_changed", cannedResponse: response })
      return response
    }),
  update: (input, { caller, now, state }) =>
    Effect.gen(function*() {
      const response = yield* find(state, input.canned_response_id)
      const updated = new CannedResponse.CannedResponse({
        ...response,
        ...defined({ text: input.text, tags: input.tags === undefined ? undefined : [...new Set(input.tags)] }),
        modification_date: now,
        modified_by: author(state, caller)
      })
      state.cannedResponses.set(updated.id, updated)
      state.emit({ type: "canned_response_changed", cannedResponse: updated })
      return updated
    }),
  remove: (input, { state }) =>
    Effect.map(find(state, input.canned_response_id), (response) => {
      state.cannedResponses.delete(response.id)
      state.emit({ type: "canned_response_changed", cannedResponse: response })
      return { result: "Canned response removed successfully" }
    })
}

const seeded = [
  { text: "Can I help you with anything else?", tags: ["help", "else"] },
  { text: "What product are you interested in?", tags: ["product", "interest"] },
  { text: "Have a great day, goodbye.", tags: ["bye", "cu"] }
] as const

/**
 * Seeds three canned responses: two in group 0 and one in group 1 (when it exists), created by
 * the owner before the first archived record; the group 1 one was since modified by another agent.
 */
export const initialize = (state: State): void => {
  const { seed } = state
  seeded.forEach((entry, i) => {
    const h = hash(seed.seed, 30, i)
    const created = seed.from - 86_400 * (30 - i) + (h % 3_600)
    const inGroup = i === 1 && state.groups.has(1)
    const modifier = seed.agents.length > 1 ? pick(seed.agents.slice(1), h >>> 8).login : seed.owner.login
    const response = new CannedResponse.CannedResponse({
      id: state.nextId("canned_response"),
      group: inGroup ? 1 : 0,
      text: entry.text,
      tags: [...entry.tags],
      creation_date: created,
      created_by: seed.owner.login,
      ...(inGroup ? { modification_date: created + 86_400 + (h % 7_200), modified_by: modifier } : {})
    })
    state.cannedResponses.set(response.id, response)
  })
}
