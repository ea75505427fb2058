/**
 * The fake's agents: created agents are listable and gettable, updates merge, removal makes them 404.
 */
import { Agent, Group } from "@effect-livechat/core"
import { Effect, Redacted } from "effect"
import { badRequest, defined, type GroupHandlers, notFound } from "../handler.js"
import { hash } from "../random.js"
import type { State } from "../state.js"

const hex = (n: number) => n.toString(16).padStart(8, "0")

const newApiKey = (state: State, login: string) => {
  const n = state.nextId("api_key")
  return Redacted.make([1, 2, 3, 4].map((k) => hex(hash(state.seed.seed, 20 + k, n, login.length))).join(""))
}

const find = (state: State, login: string) => {
  const agent = state.agents.get(login)
  return agent === undefined ? Effect.fail(notFound(`Agent ${login}`)) : Effect.succeed(agent)
}

/**
 * An agent as the API answers it: its groups are those that list it (membership is kept in the
 * groups only), and agents see their own API key only.
 */
const visible = (state: State, agent: Agent.Details, caller: string | undefined): Agent.Details => {
  const groups = Array.from(state.groups.values())
    .filter((group) => group.id !== 0 && (group.agents ?? []).includes(agent.login))
    .map((group) => ({ id: group.id, name: group.name }))
  const { api_key, ...rest } = agent
  return new Agent.Details({ ...rest, ...(agent.login === caller ? { api_key } : {}), groups }, true)
}

/** Makes the agent a member of exactly the groups `ids` (other than group 0). */
const joinGroups = (state: State, login: string, ids: ReadonlyArray<number>) => {
  for (const group of state.groups.values()) {
    if (group.id === 0) continue
    const members = group.agents ?? []
    const member = members.includes(login)
    const wanted = ids.includes(group.id)
    if (member !== wanted) {
      const agents = wanted ? [...members, login] : members.filter((l) => l !== login)
      state.groups.set(group.id, new Group.Group({ ...group, agents }, true))
    }
  }
}

export const handlers: GroupHandlers<"Agents"> = {
  list: (input, { state }) =>
    Effect.succeed(
      Array.from(state.agents.values())
        .filter((agent) => input.status === undefined || agent.status === input.status)
        .map((agent) =>
          new Agent.Summary({
            name: agent.name,
            permission: agent.permission,
            avatar: agent.avatar,
            login: agent.login,
            status: agent.status
          })
        )
    ),
  get: (input, { caller, state }) => Effect.map(find(state, input.login), (agent) => visible(state, agent, caller)),
  create: (input, { caller, state }) =>
    Effect.gen(function*() {
      if (state.agents.has(input.login)) return yield* badRequest(`Agent ${input.login} already exists`)
      const unknown = (input.groups ?? []).filter((id) => !state.groups.has(id))
      if (unknown.length > 0) return yield* badRequest(`groups: unknown group ${unknown[0]}`)
      const agent = new Agent.Details({
        login: input.login,
        name: input.name,
        login_status: input.login_status ?? "accepting chats",
        permission: input.permission ?? "normal",
        daily_summary: input.daily_summary ?? 1,
        job_title: input.job_title ?? "Support Agent",
        avatar: "livechat.s3.amazonaws.com/default/avatars/45bcb5f592dbf5aac8f88dcfd6bc937c.png",
        notifications: input.notifications ?? {
          new_visitor: 1,
          returning_visitor: 1,
          queued_visitor: 1,
          visitor_is_typing: 0,
          new_goal: 1
        },
        max_chats_count: input.max_chats_count ?? 6,
        status: "offline",
        last_logout: 0,
        api_key: newApiKey(state, input.login)
      })
      state.agents.set(agent.login, agent)
      joinGroups(state, agent.login, input.groups ?? [])
      return visible(state, agent, caller)
    }),
  update: (input, { caller, state }) =>
    Effect.gen(function*() {
      const agent = yield* find(state, input.login)
      const { current_password: _, groups, login, password: __, ...changes } = input
      const unknown = (input.groups ?? []).filter((id) => !state.groups.has(id))
      if (unknown.length > 0) return yield* badRequest(`groups: unknown group ${unknown[0]}`)
      const updated = new Agent.Details({
        ...agent,
        ...defined(changes),
        notifications: { ...agent.notifications, ...defined(changes.notifications ?? {}) }
      })
      state.agents.set(login, updated)
      if (groups !== undefined) joinGroups(state, login, groups)
      return visible(state, updated, caller)
    }),
  resetApiKey: (input, { caller, state }) =>
    Effect.gen(function*() {
      const agent = yield* find(state, input.login)
      const updated = new Agent.Details({ ...agent, api_key: newApiKey(state, agent.login) })
      state.agents.set(agent.login, updated)
      return visible(state, updated, caller)
    }),
  remove: (input, { state }) =>
    Effect.gen(function*() {
      yield* find(state, input.login)
      state.agents.delete(input.login)
      joinGroups(state, input.login, [])
      return { result: `${input.login} removed successfully` }
    })
}

/** Seeds the group's records when the fake starts (none for this group). */
export const initialize = (_state: State): void => {}
