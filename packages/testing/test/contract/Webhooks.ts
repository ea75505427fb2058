/** Contract: webhooks — the seeded one; create → list → remove → gone; unknown ids 404. */
import { Webhooks } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { expect } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import type { Section } from "./harness.js"

export const section: Section = (it) => {
  it.effect("Webhooks: create → list → remove → gone; an unknown id is 404", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const before = (yield* Webhooks.list()).events
      expect(before.length).toBeGreaterThanOrEqual(1)
      expect(before[0]).toMatchObject({
        event_type: "chat_started",
        verified: true,
        licence: fake.credentials.licenseId
      })

      const created = yield* Webhooks.create({
        event_type: "ticket_created",
        data_types: ["ticket"],
        url: "https://my-company.com/tickets.php"
      })
      expect(created.events).toHaveLength(before.length + 1)
      const webhook = created.events.find((w) => !before.some((b) => b.id === w.id))!
      expect(webhook).toMatchObject({
        event_type: "ticket_created",
        data_types: ["ticket"],
        url: "https://my-company.com/tickets.php",
        verified: false,
        licence: fake.credentials.licenseId
      })
      expect(webhook.id).toMatch(/^[0-9a-f]{32}$/)
      expect(Redacted.value(webhook.token)).toMatch(/^[0-9a-f]{32}$/)
      expect(String(webhook.token)).toBe("<redacted>")
      expect((yield* Webhooks.list()).events.map((w) => w.id)).toContain(webhook.id)

      expect((yield* Webhooks.remove({ id: webhook.id })).result).toBe("Push notification removed successfully")
      expect((yield* Webhooks.list()).events.map((w) => w.id)).toEqual(before.map((w) => w.id))
      expect((yield* Effect.flip(Webhooks.remove({ id: webhook.id })))._tag).toBe("NotFound")
    }))
}
