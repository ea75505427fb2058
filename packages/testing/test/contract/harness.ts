/**
 * The contract suite's harness: the same sections run against both faces of the fake — the
 * in-process `HttpClient` and a real server on 127.0.0.1 reached through NodeHttpClient.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { LiveChatFake } from "@effect-livechat/testing"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { NodeHttpClient } from "@effect/platform-node"
import type { Vitest } from "@effect/vitest"
import { Effect, Layer } from "effect"

/** The data every contract section starts from (sections must leave what they did not create). */
export const seed: LiveChatFake.SeedOptions = { chats: 120, tickets: 60, agents: 4, groups: 3, seed: "contract" }

export type Services = LiveChatClient.LiveChatClient | LiveChatFake.LiveChatFake

/** A group of contract tests, given the `it` of the face under test. */
export type Section = (it: Vitest.MethodsNonLive<Services>) => void

const served = Layer.unwrapScoped(
  Effect.map(LiveChatFakeServer.serve({ seed }), (server) =>
    Layer.merge(
      LiveChatClient.layer({ baseUrl: server.url, auth: server.fake.auth, rateLimit: false }).pipe(
        Layer.provide(NodeHttpClient.layerUndici),
        Layer.orDie
      ),
      Layer.succeed(LiveChatFake.LiveChatFake, server.fake)
    ))
).pipe(Layer.orDie)

export const faces: ReadonlyArray<readonly [string, Layer.Layer<Services>]> = [
  ["in process", LiveChatFake.layer({ seed })],
  ["over a real socket", served]
]
