/**
 * A resource the server refuses does not stop the run: every other resource is mirrored and
 * committed, and the run fails with `SyncIncomplete`, naming each refused resource and its error.
 */
import { LiveChatClient, NotFound } from "@effect-livechat/core"
import { Sync, SyncIncomplete } from "@effect-livechat/sync"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { database, expectTable, truthOf } from "./support.js"

const seed = { chats: 120, tickets: 30, agents: 3, groups: 2, seed: "refused" }

/** A client whose requests to these paths go to a path the fake does not know (it answers 404). */
const refusing = (url: string, auth: LiveChatClient.Options["auth"], refused: ReadonlyArray<string>) =>
  LiveChatClient.layer({ rateLimit: false, retry: false, baseUrl: url, auth }).pipe(
    Layer.provide(Layer.effect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, (client) =>
        HttpClient.mapRequest(client, (request) => {
          const path = new URL(request.url).pathname
          return refused.includes(path) ? HttpClientRequest.setUrl(request, `${url}/refused${path}`) : request
        }))
    )),
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.orDie
  )

describe("a resource the server refuses", () => {
  it.live(
    "the run mirrors every other resource, then fails with SyncIncomplete naming it",
    () =>
      Effect.gen(function*() {
        const server = yield* LiveChatFakeServer.serve({ seed })
        const { context, sql } = yield* database("sqlite")
        const sync = (refused: ReadonlyArray<string>) =>
          Sync.run({ batchSize: 50 }).pipe(
            Effect.provide(Layer.succeedContext(context)),
            Effect.provide(refusing(server.url, server.fake.auth, refused))
          )

        const error = yield* Effect.flip(sync(["/groups", "/goals"]))
        expect(error).toBeInstanceOf(SyncIncomplete)
        const incomplete = error as SyncIncomplete
        // Canned responses are listed group by group: without the groups, they cannot be read either.
        expect(incomplete.failures.map((f) => f.resource)).toEqual(["groups", "goals", "canned_responses"])
        expect(incomplete.failures.every((f) => f.error instanceof NotFound)).toBe(true)
        // Everything else was mirrored, chats and tickets (after the refused ones) included.
        expect(incomplete.summary.resources.map((r) => r.resource)).toEqual(
          Sync.resources.filter((r) => r !== "groups" && r !== "goals" && r !== "canned_responses")
        )
        expect(incomplete.message).toMatch(/^3 resources could not be mirrored \(groups: NotFound: .*goals: NotFound/)
        const truth = truthOf(server.fake)
        yield* expectTable(sql, "livechat_chats", "id", truth.chats)
        yield* expectTable(sql, "livechat_tickets", "id", truth.tickets)
        yield* expectTable(sql, "livechat_agents", "login", truth.agents)
        expect((yield* sql`SELECT COUNT(*) AS n FROM livechat_groups`)[0]).toEqual({ n: 0 })

        // Once the server answers again, the next run mirrors what was left out.
        const summary = yield* sync([])
        expect(summary.resources.map((r) => r.resource)).toEqual(Sync.resources)
        yield* expectTable(sql, "livechat_groups", "id", truth.groups)
      }).pipe(Effect.scoped),
    60_000
  )
})
