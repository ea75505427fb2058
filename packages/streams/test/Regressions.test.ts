/**
 * Regressions of two bugs found while testing the engine's pieces alone:
 *
 * 1. The proof that a window was read whole (`ledger.ts`) needs every read of a later pass sent
 *    after the last answer of the pass it covers. The engine once read its two planned rounds in one
 *    read-ahead, so with `concurrency` ≥ 2 the second round's page 1 could be answered before the
 *    first round's last page, and a record that left in between was "seen again" by the later pass:
 *    a record present throughout could be lost with the window proven.
 * 2. `Days.parse` (core) read the years 0000 to 0099 through `Date.UTC`, which maps them to 1900–1999.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Stream } from "effect"
import * as Days from "../src/internal/days.js"
import * as Engine from "../src/internal/engine.js"

/** Sleeps in real time (the reads' answers come in any order). */
const sleepReal = (millis: number) => Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, millis)))

describe("regressions of the engine's pieces", () => {
  it.live.prop(
    "no read of a round is sent before every answer of the round before it has come in",
    [fc.integer({ min: 26, max: 200 }), fc.integer({ min: 2, max: 16 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })],
    ([count, concurrency, salt]) =>
      Effect.gen(function*() {
        const archive = Array.from({ length: count }, (_, i) => `a${i}`)
        let state = salt
        const events: Array<{ readonly kind: "sent" | "answered"; readonly page: number }> = []
        const source: Engine.Source<Engine.DateFilters, string> = {
          kind: "chats",
          operation: "test.stream",
          splits: true,
          id: (id) => id,
          list: (filters) =>
            Effect.gen(function*() {
              // Every record is older than the run's newest days, which are a window of their own.
              if (filters.date_from !== undefined) return { items: [], total: 0, pages: 0 }
              const page = filters.page ?? 1
              events.push({ kind: "sent", page })
              yield* sleepReal((state = (state * 1103515245 + 12345) % 2 ** 31) % 5)
              events.push({ kind: "answered", page })
              return { items: archive.slice((page - 1) * 25, page * 25), total: count, pages: Math.ceil(count / 25) }
            })
        }
        const got = yield* Stream.runCollect(Engine.make(source).run({}, { concurrency }, (id) => id)).pipe(
          Effect.provideService(LiveChatClient.LiveChatClient, {} as never)
        )
        expect(got.length).toBe(count)
        // Rounds: the planning probe (page 1), round 1's other pages, then round 2 (pages 1 to n).
        const pages = Math.ceil(count / 25)
        const sent = events.filter((e) => e.kind === "sent")
        expect(sent.length).toBe(2 * pages)
        const round2Start = events.findIndex((e, i) => e.kind === "sent" && e.page === 1 && i > 0)
        const answeredBefore = events.slice(0, round2Start).filter((e) => e.kind === "answered").length
        expect(answeredBefore).toBe(pages)
      }),
    { timeout: 60_000, fastCheck: { numRuns: 30 } }
  )

  it("parse reads a year before 100 as written, never as 19xx", () => {
    for (const text of ["0050-01-01", "0000-02-29", "0099-12-31"]) {
      expect(Days.format(Days.parse(text)!), text).toBe(text)
    }
  })
})
