/** Contract: visitors — the seeded visitors with state and group filters; custom details by license and token. */
import { Archives, Visitors } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { expect } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Visitors: list with state and group filters; chatting visitors are in the archive", () =>
    Effect.gen(function*() {
      const all = yield* Visitors.list()
      expect(all.length).toBeGreaterThanOrEqual(5)
      const chatting = yield* Visitors.list({ state: "chatting" })
      expect(chatting.length).toBe(all.filter((v) => v.state === "chatting").length)
      expect(chatting.length).toBeGreaterThan(0)
      for (const visitor of chatting) {
        expect(visitor.state).toBe("chatting")
        const chat = yield* Archives.get({ chat_id: visitor.chat_id! })
        expect(chat.visitor.id).toBe(visitor.id)
        expect(visitor.prechat_survey).toBeDefined()
      }
      const queued = yield* Visitors.list({ state: "queued" })
      expect(queued.map((v) => v.id)).toEqual(all.filter((v) => v.state === "queued").map((v) => v.id))
      expect(queued[0].queue_start_time).toBeDefined()

      const group = all[0].group
      const inGroup = yield* Visitors.list({ group: [group] })
      expect(inGroup.map((v) => v.id)).toEqual(all.filter((v) => v.group === group).map((v) => v.id))
      // Group 0 is every group, as in the reference's sample.
      expect((yield* Visitors.list({ group: [0] })).length).toBe(all.length)
      // count=1: the number of visitors the same filters list.
      expect(yield* Visitors.list({ count: 1 })).toBe(all.length)
      expect(yield* Visitors.list({ state: "chatting", count: 1 })).toBe(chatting.length)
      expect(yield* Visitors.list({ group: [group], count: 1 })).toBe(inGroup.length)
      expect(yield* Visitors.list({ state: "chatting", group: [99] })).toEqual([])
    }))

  it.effect("Visitors: addDetails stores the data with the license id and token; wrong ones are 401", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const [visitor] = yield* Visitors.list({ state: "chatting" })
      const token = fake.credentials.visitorToken
      const licenseId = fake.credentials.licenseId
      const added = yield* Visitors.addDetails({
        visitor_id: visitor.id,
        license_id: licenseId,
        token,
        id: "my-app",
        fields: [{ name: "Age", value: 36 }, { name: "Orders", value: "3", url: "https://mycompany.com/orders" }],
        icon: "mycompany.com/icon.png"
      })
      expect(added.result).toBe("Visitor details added")
      // Form bodies carry every value as text.
      expect(fake.state.visitorDetails.get(visitor.id)).toEqual({
        "my-app": {
          fields: [{ name: "Age", value: "36" }, { name: "Orders", value: "3", url: "https://mycompany.com/orders" }],
          icon: "mycompany.com/icon.png"
        }
      })
      // Another data set is kept beside the first; the same id replaces it.
      yield* Visitors.addDetails({
        visitor_id: visitor.id,
        license_id: licenseId,
        token: Redacted.value(token),
        id: "crm",
        fields: [{ name: "Plan", value: "gold" }]
      })
      expect(Object.keys(fake.state.visitorDetails.get(visitor.id) as object).sort()).toEqual(["crm", "my-app"])

      const wrongToken = yield* Effect.flip(Visitors.addDetails({
        visitor_id: visitor.id,
        license_id: licenseId,
        token: "26132406c42c96ba61ed42689b70f719",
        id: "my-app",
        fields: [{ name: "Age", value: 1 }]
      }))
      expect(wrongToken._tag).toBe("Unauthorized")
      const wrongLicense = yield* Effect.flip(Visitors.addDetails({
        visitor_id: visitor.id,
        license_id: licenseId + 1,
        token,
        id: "my-app",
        fields: [{ name: "Age", value: 1 }]
      }))
      expect(wrongLicense._tag).toBe("Unauthorized")
      expect((fake.state.visitorDetails.get(visitor.id) as Record<string, unknown>)["my-app"]).toMatchObject({
        fields: [{ name: "Age", value: "36" }, { name: "Orders", value: "3", url: "https://mycompany.com/orders" }]
      })
    }))
}
