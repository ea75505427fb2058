/**
 * How users test their own code with LiveChatFake: provide `LiveChatFake.layer(...)` instead of the
 * real client, then assert on the results and on what the fake received.
 */
import { Archives } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { tagReport } from "../src/tagReport.js"

describe("tagReport (tested against LiveChatFake)", () => {
  it.effect("counts chats by tag and tags the untagged ones", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      // The fake's license reads days in its time zone (America/Phoenix): its oldest chat, at midnight
      // UTC on 2022-01-01, started on 2021-12-31 there.
      const report = yield* tagReport("2021-12-31", "2026-12-31")
      expect(report.chats).toBe(120)
      // Every chat the fake holds is counted under each of its tags.
      const expected: Record<string, number> = {}
      let untagged = 0
      for (let i = 0; i < 120; i++) {
        const tags = fake.chatAt(i).tags
        if (tags.length === 0 && report.triaged > 0) untagged++
        for (const tag of tags.filter((t) => t !== "untriaged")) expected[tag] = (expected[tag] ?? 0) + 1
      }
      expect(report.byTag).toEqual(expected)
      expect(report.triaged).toBeGreaterThan(0)
      expect(untagged).toBe(0)
      // The untagged chats were tagged through the API: the fake recorded the PUTs, and kept the tags.
      const puts = (yield* fake.requests).filter((r) => r.endpoint === "Archives.updateTags")
      expect(puts).toHaveLength(report.triaged)
      const untriaged = yield* Archives.list({ tag: ["untriaged"] })
      expect(untriaged.total).toBe(report.triaged)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 120, seed: "example" } }))))

  it.effect("a failing server surfaces as a typed error the caller can handle", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(tagReport("2022-01-01", "2026-12-31"))
      expect(error._tag).toBe("ServerError")
    }).pipe(
      Effect.provide(LiveChatFake.layer({ seed: { chats: 30 }, faults: { errorRate: 1 }, client: { retry: false } }))
    ))
})
