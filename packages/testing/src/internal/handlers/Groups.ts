/**
 * The fake's groups: group 0 ("All operators") always exists and lists no agents. Membership lives
 * here only; an agent's `groups` are derived from it when the agent is answered.
 */
import { Group } from "@effect-livechat/core"
import { Effect } from "effect"
import { badRequest, defined, type GroupHandlers, notFound } from "../handler.js"
import type { State } from "../state.js"

const find = (state: State, id: number) => {
  const group = state.groups.get(id)
  return group === undefined ? Effect.fail(notFound(`Group ${id}`)) : Effect.succeed(group)
}

const checkAgents = (state: State, agents: ReadonlyArray<string> | undefined) => {
  const unknown = agents?.find((login) => !state.agents.has(login))
  return unknown === undefined ? Effect.void : Effect.fail(badRequest(`agents: unknown agent ${unknown}`))
}

export const handlers: GroupHandlers<"Groups"> = {
  list: (_, { state }) => Effect.succeed(Array.from(state.groups.values())),
  get: (input, { state }) => find(state, input.group_id),
  create: (input, { state }) =>
    Effect.gen(function*() {
      yield* checkAgents(state, input.agents)
      const group = new Group.Group({
        id: state.nextId("group", Math.max(0, ...state.groups.keys()) + 1),
        name: input.name,
        language: input.language ?? "en",
        agents: [...input.agents],
        status: "accepting chats"
      })
      state.groups.set(group.id, group)
      return group
    }),
  update: (input, { state }) =>
    Effect.gen(function*() {
      const group = yield* find(state, input.group_id)
      yield* checkAgents(state, input.agents)
      const { group_id: _, ...changes } = input
      const updated = new Group.Group({ ...group, ...defined(changes) })
      state.groups.set(updated.id, updated)
      return updated
    }),
  remove: (input, { state }) =>
    Effect.gen(function*() {
      const group = yield* find(state, input.group_id)
      state.groups.delete(group.id)
      return { result: "group removed successfully" }
    })
}

/** Seeds the group's records when the fake starts (none for this group). */
export const initialize = (_state: State): void => {}
