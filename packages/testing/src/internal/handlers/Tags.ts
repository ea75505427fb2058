/**
 * The fake's tags, per group: listed with how many chats and tickets carry them (a tag of group 0
 * counts every chat and ticket, a tag of another group those of that group), created by the owner
 * and administrators, deleted from a group (archived chats and tickets keep them).
 * @internal
 */
import { Tag } from "@effect-livechat/core"
import { Effect } from "effect"
import { badRequest, Failure, type GroupHandlers, notFound } from "../handler.js"
import { hash } from "../random.js"
import { tagNames } from "../seed.js"
import type { State } from "../state.js"

/** The key of a tag in `state.tags`. */
const keyOf = (group: number, name: string) => `${group}:${name}`

interface Counts {
  inChats: number
  inTickets: number
}

/**
 * How many chats and tickets carry each of the given tags, in one pass over the archives' views
 * (no record is built).
 */
const countAll = (state: State, tags: ReadonlyArray<Tag.Tag>): Map<string, Counts> => {
  const counts = new Map(tags.map((tag) => [keyOf(tag.group, tag.name), { inChats: 0, inTickets: 0 }]))
  const visit = (tags: ReadonlyArray<string>, group: number, field: keyof Counts) => {
    for (const name of tags) {
      const all = counts.get(keyOf(0, name))
      if (all !== undefined) all[field]++
      const own = group === 0 ? undefined : counts.get(keyOf(group, name))
      if (own !== undefined) own[field]++
    }
  }
  if (counts.size === 0) return counts
  for (let i = 0; i < state.chats.count; i++) {
    if (!state.chats.has(i)) continue
    const view = state.chats.view(i)
    visit(view.tags, view.group, "inChats")
  }
  for (let i = 0; i < state.tickets.count; i++) {
    if (!state.tickets.has(i)) continue
    const view = state.tickets.view(i)
    visit(view.tags, view.group, "inTickets")
  }
  return counts
}

/** The tags with their counts as of now. */
const withCounts = (state: State, tags: ReadonlyArray<Tag.Tag>): Array<Tag.Tag> => {
  const counts = countAll(state, tags)
  return tags.map((tag) => new Tag.Tag({ ...tag, count: counts.get(keyOf(tag.group, tag.name)) ?? tag.count }))
}

export const handlers: GroupHandlers<"Tags"> = {
  list: (input, { state }) =>
    Effect.sync(() =>
      withCounts(
        state,
        Array.from(state.tags.values()).filter((tag) => input.group === undefined || tag.group === input.group)
      )
    ),
  create: (input, { caller, now, state }) =>
    Effect.gen(function*() {
      const agent = caller === undefined ? undefined : state.agents.get(caller)
      if (agent?.permission === "normal") {
        return yield* new Failure({ status: 403, error: "Only the owner and administrators may add tags" })
      }
      if (!state.groups.has(input.group)) return yield* badRequest(`group: unknown group ${input.group}`)
      if (!state.agents.has(input.author)) return yield* badRequest(`author: unknown agent ${input.author}`)
      const key = keyOf(input.group, input.tag)
      if (state.tags.has(key)) return yield* badRequest(`tag: ${input.tag} already exists in group ${input.group}`)
      const tag = new Tag.Tag({
        name: input.tag,
        author: input.author,
        creation_date: now,
        count: { inChats: 0, inTickets: 0 },
        group: input.group
      })
      state.tags.set(key, tag)
      // Archived chats and tickets may carry the name already (tags deleted earlier stay on them).
      return withCounts(state, [tag])[0]
    }),
  remove: (input, { state }) =>
    Effect.gen(function*() {
      const key = keyOf(input.group, input.tag)
      if (!state.tags.has(key)) return yield* notFound(`Tag ${input.tag} in group ${input.group}`)
      state.tags.delete(key)
      return { ok: true }
    })
}

/**
 * Seeds the tags of the seeded chats and tickets: every name of `tagNames` in group 0, and the
 * names the archives use (`sales`, `support`, `feedback`) in each other group, authored by the
 * owner before the first archived record.
 */
export const initialize = (state: State): void => {
  const { seed } = state
  const used = tagNames.slice(0, 3)
  for (const group of seed.groups) {
    for (const [t, name] of (group.id === 0 ? tagNames : used).entries()) {
      state.tags.set(
        keyOf(group.id, name),
        new Tag.Tag({
          name,
          author: seed.owner.login,
          creation_date: seed.from - 86_400 * (60 - group.id) + (hash(seed.seed, 31, group.id, t) % 3_600),
          count: { inChats: 0, inTickets: 0 },
          group: group.id
        })
      )
    }
  }
}
