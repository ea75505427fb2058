/**
 * Groups: invalid inputs are refused before anything is sent; agents are sent indexed
 * (`agents[0]=…`), as the reference's samples send them.
 */
import { Wire } from "@effect-livechat/core"
import { Groups } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { clientLayer, readResponse, refused, sampleLayer, sent, unchecked } from "./support.js"

describe("Groups", () => {
  it.effect("get: an unsafe id (../x) is refused, nothing sent", () =>
    refused(unchecked(Groups.get, { group_id: "../x" }), "group_id").pipe(
      Effect.provide(sampleLayer("Groups/get.json"))
    ))

  it.effect("get: an empty id is refused, nothing sent", () =>
    refused(unchecked(Groups.get, { group_id: "" }), "group_id").pipe(Effect.provide(sampleLayer("Groups/get.json"))))

  it.effect("create: a missing name is refused, nothing sent", () =>
    refused(unchecked(Groups.create, { agents: ["jenny.doe@mycompany.com"] }), "name").pipe(
      Effect.provide(sampleLayer("Groups/create.json"))
    ))

  it.effect("create: missing agents are refused, nothing sent", () =>
    refused(unchecked(Groups.create, { name: "Human Resources" }), "agents").pipe(
      Effect.provide(sampleLayer("Groups/create.json"))
    ))

  it.effect("create: an empty list of agents is refused, nothing sent", () =>
    refused(Groups.create({ name: "Human Resources", agents: [] }), "agents").pipe(
      Effect.provide(sampleLayer("Groups/create.json"))
    ))

  it.effect("create: an agent login that is not an e-mail is refused, nothing sent", () =>
    refused(Groups.create({ name: "Human Resources", agents: ["jenny.doe@mycompany.com", "john"] }), "agents.1").pipe(
      Effect.provide(sampleLayer("Groups/create.json"))
    ))

  it.effect("update: group 0 cannot be modified, nothing sent", () =>
    refused(Groups.update({ group_id: 0, name: "Everyone" }), "group_id").pipe(
      Effect.provide(sampleLayer("Groups/update.json"))
    ))

  it.effect("update: an empty language is refused, nothing sent", () =>
    refused(Groups.update({ group_id: 3, language: "" }), "language").pipe(
      Effect.provide(sampleLayer("Groups/update.json"))
    ))

  it.effect("remove: group 0 cannot be removed, nothing sent", () =>
    refused(Groups.remove({ group_id: 0 }), "group_id").pipe(Effect.provide(sampleLayer("Groups/remove.json"))))

  it.effect("create: agents are sent indexed, in order", () =>
    Effect.gen(function*() {
      const created = yield* Groups.create({
        name: "Human Resources",
        agents: ["jenny.doe@mycompany.com", "john.doe@mycompany.com"],
        language: "en"
      })
      const [request] = yield* sent
      expect(Wire.decodePairs(request.body ?? "")).toEqual([
        ["name", "Human Resources"],
        ["agents[0]", "jenny.doe@mycompany.com"],
        ["agents[1]", "john.doe@mycompany.com"],
        ["language", "en"]
      ])
      expect(created.agents).toEqual(["jenny.doe@mycompany.com", "john.doe@mycompany.com"])
    }).pipe(Effect.provide(sampleLayer("Groups/create.json"))))

  it.effect("get: group 0 is allowed and has no agents list", () =>
    Effect.gen(function*() {
      const all = yield* Groups.get({ group_id: 0 })
      const [request] = yield* sent
      expect(request.url.pathname).toBe("/groups/0")
      expect(all.agents).toBeUndefined()
      expect(all.status).toBe("accepting chats")
    }).pipe(Effect.provide(clientLayer(() => ({ body: (readResponse("Groups/list.json") as Array<unknown>)[0] })))))

  it.effect("list: every group is returned, group 0 included", () =>
    Effect.gen(function*() {
      const groups = yield* Groups.list()
      expect(groups.map((g) => g.id)).toEqual([0, 1, 2, 3])
      expect(groups.map((g) => g.status)).toEqual([
        "accepting chats",
        "offline",
        "not accepting chats",
        "accepting chats"
      ])
    }).pipe(Effect.provide(sampleLayer("Groups/list.json"))))
})
