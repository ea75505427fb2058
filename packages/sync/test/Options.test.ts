/** Options, secrets, spans and progress of a sync (against the in-process fake and a SQLite file). */
import { Progress } from "@effect-livechat/streams"
import { Sync } from "@effect-livechat/sync"
import { LiveChatFake, SpanRecorder } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { database } from "./support.js"

const fake = LiveChatFake.layer({ seed: { chats: 120, tickets: 30, agents: 3, groups: 2, seed: "options" } })

const inSqlite = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const { context, sql } = yield* database("sqlite")
    const result = yield* effect.pipe(Effect.provide(Layer.succeedContext(context)))
    return { result, sql }
  }).pipe(Effect.scoped)

describe("Sync.run", () => {
  it.effect("refuses bad options with InvalidInput, before touching the database", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<[Sync.Options, string]> = [
        [{ since: "last week" }, "since"],
        [{ since: "2024-13-45x" }, "since"],
        [{ batchSize: 0 }, "batchSize"],
        [{ lockLease: "10 millis" }, "lockLease"],
        [{ lockLease: Infinity }, "lockLease"],
        [{ resources: ["chats", "visitors" as Sync.Resource] }, "resources"]
      ]
      for (const [options, field] of cases) {
        const { result } = yield* inSqlite(Effect.flip(Sync.run(options)))
        expect(result._tag).toBe("InvalidInput")
        expect(result._tag === "InvalidInput" && result.field).toBe(field)
      }
    }).pipe(Effect.provide(fake)))

  it.effect("never stores secrets: agents' API keys and webhooks' tokens", () =>
    Effect.gen(function*() {
      const running = yield* LiveChatFake.LiveChatFake
      const { context, sql } = yield* database("sqlite")
      yield* Sync.run({ resources: ["agents", "webhooks"] }).pipe(Effect.provide(Layer.succeedContext(context)))
      const stored = yield* sql<{ record: string }>`
        SELECT record FROM livechat_agents UNION ALL SELECT record FROM livechat_webhooks`
      const secrets = [
        ...[...running.state.agents.values()].flatMap((a) => (a.api_key === undefined ? [] : [a.api_key])),
        ...[...running.state.webhooks.values()].map((w) => w.token)
      ].map(Redacted.value)
      expect(secrets.length).toBeGreaterThan(1)
      expect(stored.length).toBeGreaterThan(3)
      for (const { record } of stored) {
        expect(record).not.toMatch(/api_key|"token"|redacted/i)
        for (const secret of secrets) expect(record).not.toContain(secret)
      }
    }).pipe(Effect.scoped, Effect.provide(fake)))

  it.effect("a span per batch under the run's span, and progress through the streams' tracker", () =>
    Effect.gen(function*() {
      const recorder = SpanRecorder.make()
      const progress = yield* Progress.make
      const { result } = yield* inSqlite(
        Sync.run({ resources: ["chats"], batchSize: 50, verifyDays: 0, progress: { chats: progress } }).pipe(
          Effect.withTracer(recorder.tracer)
        )
      )
      expect(result.resources[0]).toMatchObject({ resource: "chats", mode: "full", written: 120 })
      const run = recorder.spans.find((s) => s.name === "livechat.sync.run")!
      const batches = recorder.spans.filter((s) => s.name === "livechat.sync.batch")
      expect(batches.map((b) => b.attributes.get("livechat.sync.records"))).toEqual([50, 50, 20])
      expect(batches.every((b) => b.attributes.get("livechat.sync.resource") === "chats")).toBe(true)
      const ancestors = (id: string | undefined): Array<string> => {
        const span = recorder.spans.find((s) => s.spanId === id)
        return span === undefined ? [] : [span.spanId, ...ancestors(span.parentId)]
      }
      expect(batches.every((b) => ancestors(b.parentId).includes(run.spanId))).toBe(true)
      const snapshot = yield* progress.get
      expect(snapshot).toMatchObject({ items: 120, expected: 120, done: true })
    }).pipe(Effect.provide(fake)))
})
