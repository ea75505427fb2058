/**
 * The contract suite: every endpoint through the resources package, against both faces of the
 * fake (in process and over a real socket), with stateful round trips for every group that has them.
 */
import { Endpoint } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { describe, expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Agents from "./contract/Agents.js"
import * as Archives from "./contract/Archives.js"
import * as CannedResponses from "./contract/CannedResponses.js"
import * as Goals from "./contract/Goals.js"
import * as Greetings from "./contract/Greetings.js"
import * as Groups from "./contract/Groups.js"
import { faces } from "./contract/harness.js"
import * as Reports from "./contract/Reports.js"
import * as Status from "./contract/Status.js"
import * as Tags from "./contract/Tags.js"
import * as Tickets from "./contract/Tickets.js"
import * as Visitors from "./contract/Visitors.js"
import * as Webhooks from "./contract/Webhooks.js"

const sections = [
  Agents,
  Archives,
  Groups,
  Tickets,
  Reports,
  CannedResponses,
  Goals,
  Greetings,
  Status,
  Tags,
  Visitors,
  Webhooks
]

for (const [face, services] of faces) {
  describe(`contract (${face})`, () => {
    layer(services, { timeout: "60 seconds" })((it) => {
      for (const { section } of sections) section(it)

      it.effect("exercised every endpoint of the table", () =>
        Effect.gen(function*() {
          const fake = yield* LiveChatFake.LiveChatFake
          const seen = new Set((yield* fake.requests).flatMap((r) => (r.endpoint === undefined ? [] : [r.endpoint])))
          const missing = Endpoints.table.map(Endpoint.fullName).filter((name) => !seen.has(name))
          expect(missing).toEqual([])
          expect(seen.size).toBe(64)
        }))
    })
  })
}
