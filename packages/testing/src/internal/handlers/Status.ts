/**
 * The fake's status: `online` when an agent (of the group, if one is given; group 0 is every
 * agent) is accepting chats, `offline` otherwise.
 */
import { Status } from "@effect-livechat/core"
import { Effect } from "effect"
import { type GroupHandlers, notFound } from "../handler.js"
import type { State } from "../state.js"

/** Whether any agent of the group (every agent for group 0) is accepting chats. */
const online = (state: State, members: ReadonlyArray<string> | undefined) =>
  Array.from(state.agents.values()).some((agent) =>
    agent.status === "accepting chats" && (members === undefined || members.includes(agent.login))
  )

export const handlers: GroupHandlers<"Status"> = {
  get: (input, { state }) =>
    Effect.gen(function*() {
      const id = input.group ?? 0
      const group = state.groups.get(id)
      if (group === undefined) return yield* notFound(`Group ${id}`)
      const members = id === 0 ? undefined : group.agents ?? []
      return new Status.Status({ status: online(state, members) ? "online" : "offline" })
    })
}

/** Seeds the group's records when the fake starts (none: the status follows the agents). */
export const initialize = (_state: State): void => {}
