/** Contract: status — online when an agent of the group (every agent for group 0) accepts chats. */
import { Agents, Groups, Status } from "@effect-livechat/resources"
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Status: follows the agents of the group; group 0 is every agent; unknown groups 404", () =>
    Effect.gen(function*() {
      const agents = yield* Agents.list()
      const anyone = agents.some((a) => a.status === "accepting chats")
      expect((yield* Status.get()).status).toBe(anyone ? "online" : "offline")

      // A group whose only agent is offline (new agents are), then accepting chats.
      const login = "status.tester@mycompany.com"
      yield* Agents.create({ login, name: "Status Tester" })
      const group = yield* Groups.create({ name: "Night shift", agents: [login] })
      expect((yield* Status.get({ group: group.id })).status).toBe("offline")
      yield* Agents.update({ login, status: "accepting chats" })
      expect((yield* Status.get({ group: group.id })).status).toBe("online")
      expect((yield* Status.get({ group: 0 })).status).toBe("online")
      yield* Agents.update({ login, status: "not accepting chats" })
      expect((yield* Status.get({ group: group.id })).status).toBe("offline")

      yield* Groups.remove({ group_id: group.id })
      yield* Agents.remove({ login })
      expect((yield* Effect.flip(Status.get({ group: group.id })))._tag).toBe("NotFound")
    }))
}
