/** Contract: groups round trip; group 0 lists no agents; membership shows on the agents. */
import { Agents, Groups } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Groups: create → get → update → list → remove → 404", () =>
    Effect.gen(function*() {
      const created = yield* Groups.create({ name: "Human Resources", agents: ["john.doe@mycompany.com"] })
      expect(created).toMatchObject({ name: "Human Resources", agents: ["john.doe@mycompany.com"] })
      const id = created.id
      expect((yield* Groups.get({ group_id: id })).name).toBe("Human Resources")
      const owner = yield* Agents.get({ login: "john.doe@mycompany.com" })
      expect(owner.groups?.map((g) => g.id)).toContain(id)

      const updated = yield* Groups.update({ group_id: id, name: "Quality Assurance" })
      expect(updated).toMatchObject({ id, name: "Quality Assurance", agents: ["john.doe@mycompany.com"] })
      expect((yield* Groups.list()).map((g) => g.id)).toContain(id)

      yield* Groups.remove({ group_id: id })
      expect((yield* Effect.flip(Groups.get({ group_id: id })))._tag).toBe("NotFound")
      const after = yield* Agents.get({ login: "john.doe@mycompany.com" })
      expect(after.groups?.map((g) => g.id)).not.toContain(id)
    }))

  it.effect("Groups: the list has group 0 without agents, the others with theirs", () =>
    Effect.gen(function*() {
      const groups = yield* Groups.list()
      const zero = groups.find((g) => g.id === 0)
      expect(zero?.agents).toBeUndefined()
      expect(groups.filter((g) => g.id !== 0).every((g) => (g.agents?.length ?? 0) > 0)).toBe(true)
    }))

  it.effect("Groups: unknown agents are refused with 400", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Groups.create({ name: "X", agents: ["nobody@x.y"] }))
      expect(error._tag).toBe("BadRequest")
      expect(error.message).toContain("nobody@x.y")
    }))
}
