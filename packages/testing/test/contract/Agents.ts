/** Contract: agents round trip — create, get, update, list, reset the key, remove, 404. */
import { Agents } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Agents: create → get → update → list → resetApiKey → remove → 404", () =>
    Effect.gen(function*() {
      const login = "jenny.doe@mycompany.com"
      const created = yield* Agents.create({ login, name: "Jenny Doe", permission: "administrator", groups: [1, 2] })
      expect(created).toMatchObject({ login, name: "Jenny Doe", permission: "administrator", status: "offline" })
      expect(created.groups?.map((g) => g.id)).toEqual([1, 2])
      // Agents see their own API key only.
      expect(created.api_key).toBeUndefined()

      expect((yield* Agents.get({ login })).name).toBe("Jenny Doe")
      const updated = yield* Agents.update({ login, status: "not accepting chats", max_chats_count: 2 })
      expect(updated).toMatchObject({ status: "not accepting chats", max_chats_count: 2, name: "Jenny Doe" })

      const listed = yield* Agents.list()
      expect(listed.map((a) => a.login)).toContain(login)
      const notAccepting = yield* Agents.list({ status: "not accepting chats" })
      expect(notAccepting.every((a) => a.status === "not accepting chats")).toBe(true)
      expect(notAccepting.map((a) => a.login)).toContain(login)

      yield* Agents.resetApiKey({ login })
      expect((yield* Agents.remove({ login })).result).toBe(`${login} removed successfully`)
      const gone = yield* Effect.flip(Agents.get({ login }))
      expect(gone._tag).toBe("NotFound")
      expect((yield* Agents.list()).map((a) => a.login)).not.toContain(login)
    }))

  it.effect("Agents: the caller sees its own API key; a reset changes it", () =>
    Effect.gen(function*() {
      const owner = yield* Agents.get({ login: "john.doe@mycompany.com" })
      expect(owner.api_key).toBeDefined()
      expect(String(owner.api_key)).toBe("<redacted>")
    }))

  it.effect("Agents: creating an existing agent is a 400 naming it; unknown ones are 404", () =>
    Effect.gen(function*() {
      const duplicate = yield* Effect.flip(Agents.create({ login: "john.doe@mycompany.com", name: "John" }))
      expect(duplicate._tag).toBe("BadRequest")
      expect(duplicate.message).toContain("already exists")
      expect((yield* Effect.flip(Agents.update({ login: "nobody@x.y", name: "N" })))._tag).toBe("NotFound")
      expect((yield* Effect.flip(Agents.remove({ login: "nobody@x.y" })))._tag).toBe("NotFound")
    }))
}
