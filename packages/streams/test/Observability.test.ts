/** Progress and spans of a streamed run. */
import { Archives, Progress } from "@effect-livechat/streams"
import { LiveChatFake, SpanRecorder } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Stream } from "effect"
import { withClock } from "./support.js"

describe("observability", () => {
  it.effect("a span per window and per page, each request's span inside its page's", () =>
    Effect.gen(function*() {
      const recorder = SpanRecorder.make()
      const plan = yield* Archives.plan({}, { recordCap: 100 })
      yield* Archives.stream({}, { recordCap: 100, concurrency: 2 }).pipe(
        Stream.runDrain,
        Effect.withTracer(recorder.tracer)
      )
      const named = (name: string) => recorder.spans.filter((s) => s.name === name)
      const windows = named("livechat.stream.window")
      const pages = named("livechat.stream.page")
      expect(windows).toHaveLength(plan.windows.length)
      // Two readings of each window of more than a page (one of a window that fits a page), less each
      // window's page 1 of the first reading, which planning read.
      const reads = plan.windows.reduce((sum, w) => sum + (w.pages <= 1 ? 1 : 2 * w.pages), 0)
      expect(pages).toHaveLength(reads - plan.windows.length)
      expect(windows.map((w) => w.attributes.get("livechat.window.total"))).toEqual(plan.windows.map((w) => w.total))
      const pageIds = new Set(pages.map((p) => p.spanId))
      const requests = named("livechat.GET /chats")
      expect(requests.length).toBeGreaterThan(0)
      // Every request of a read runs inside its page's span.
      const inPages = requests.filter((r) => r.parentId !== undefined && pageIds.has(r.parentId))
      expect(inPages.length).toBe(pages.length)
      expect(pages.every((p) => p.exit?._tag === "Success")).toBe(true)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 600 }, recordCap: 100 }))))

  it.effect("progress: items, pages, requests, rate and ETA as the run goes", () =>
    Effect.gen(function*() {
      const progress = yield* Progress.make
      const seen: Array<Progress.Snapshot> = []
      yield* withClock(
        Archives.stream({}, { progress, concurrency: 1 }).pipe(
          Stream.tap(() => Effect.flatMap(progress.get, (p) => Effect.sync(() => seen.push(p)))),
          Stream.runDrain
        )
      )
      const last = yield* progress.get
      expect(last).toMatchObject({
        items: 250,
        expected: 250,
        pages: 20,
        pagesTotal: 20,
        requests: 20,
        retries: 0,
        done: true
      })
      // Midway through the first reading (6 reads at 1 s each, 25 chats each), the rate and the ETA are
      // known and sensible.
      const middle = seen[149]
      expect(middle.items).toBe(150)
      expect(middle.rate).toBeCloseTo(25, 0)
      expect(Duration.toSeconds(middle.eta!)).toBeCloseTo(4, 0)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 250 }, faults: { latency: "1 second" } }))))
})
