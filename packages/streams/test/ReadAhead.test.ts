/**
 * The read-ahead of a window's planned pages, tried on its own and under the engine, against a
 * source written for the test (not `LiveChatFake`) whose reads take random times, so that they
 * complete out of order: results come in order, never more than `concurrency` reads run or wait,
 * a consumer that stops early interrupts the rest, and a still archive comes exactly once.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, FastCheck as fc, Layer, Option, Stream } from "effect"
import * as Engine from "../src/internal/engine.js"
import { readAhead } from "../src/internal/readAhead.js"
import * as Progress from "../src/Progress.js"

const seed = Number(process.env["LIVECHAT_PROPERTY_SEED"] ?? 20261126)
const sleepReal = (millis: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, millis)))

describe("readAhead", () => {
  it.live.prop(
    "results in order, at most `concurrency` reads at once, the rest interrupted when the consumer stops",
    [
      fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40, size: "max" }),
      fc.integer({ min: 1, max: 12 }),
      fc.nat(45)
    ],
    ([delays, concurrency, take]) =>
      Effect.gen(function*() {
        let running = 0
        let most = 0
        const started: Array<number> = []
        const ended: Array<number> = []
        const reads = delays.map((delay, i) => () =>
          Effect.gen(function*() {
            started.push(i)
            running++
            most = Math.max(most, running)
            yield* sleepReal(delay)
            return i
          }).pipe(Effect.ensuring(Effect.sync(() => {
            running--
            ended.push(i)
          })))
        )
        const got = yield* Effect.scoped(Effect.gen(function*() {
          const next = yield* readAhead(reads.length, (i) => reads[i](), concurrency)
          const out: Array<number> = []
          while (out.length < take) {
            const result = yield* Effect.option(next)
            if (Option.isNone(result)) break
            out.push(result.value)
          }
          return out
        }))
        const wanted = Math.min(take, delays.length)
        expect(got).toEqual(Array.from({ length: wanted }, (_, i) => i))
        // Results taken or waiting, plus those running: never more than `concurrency`.
        expect(most).toBeLessThanOrEqual(concurrency)
        // Nothing started beyond what the consumer could have asked for, nothing left running.
        expect(started.length).toBeLessThanOrEqual(Math.min(delays.length, wanted + concurrency))
        expect(running).toBe(0)
        expect(ended.length).toBe(started.length)
      }),
    { timeout: 60_000, fastCheck: { numRuns: 60, seed } }
  )

  it.live.prop(
    "a failed read fails the pull of its turn, after every earlier result, whatever finished first",
    [
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 30, size: "max" }),
      fc.integer({ min: 1, max: 12 }),
      fc.nat(29)
    ],
    ([delays, concurrency, failing]) =>
      Effect.gen(function*() {
        const failed = failing % delays.length
        const reads = delays.map((delay, i) =>
          Effect.zipRight(sleepReal(delay), i === failed ? Effect.fail(`read ${i}`) : Effect.succeed(i))
        )
        const outcome = yield* Effect.scoped(Effect.gen(function*() {
          const next = yield* readAhead(reads.length, (i) => reads[i], concurrency)
          const out: Array<number> = []
          for (;;) {
            const result = yield* Effect.either(next)
            if (result._tag === "Left") return { out, error: result.left }
            out.push(result.right)
          }
        }))
        expect(outcome.out).toEqual(Array.from({ length: failed }, (_, i) => i))
        expect(outcome.error).toEqual(Option.some(`read ${failed}`))
      }),
    { timeout: 60_000, fastCheck: { numRuns: 40, seed } }
  )
})

interface Item {
  readonly id: string
  readonly t: number
}

/** A still archive, newest first, answering by the API's rules (pages of 25, inclusive date filters). */
const sourceOf = (items: ReadonlyArray<Item>, delay: () => number): Engine.Source<Engine.DateFilters, Item> => {
  const seconds = (text: string, end: boolean) => {
    const at = Date.parse(`${text.replace(" ", "T")}Z`) / 1000
    return end ? at + (text.length === 10 ? 86_400 : 1) : at
  }
  return {
    kind: "chats",
    operation: "test.stream",
    list: (filters) =>
      Effect.gen(function*() {
        yield* sleepReal(delay())
        const from = filters.date_from === undefined ? -Infinity : seconds(filters.date_from, false)
        const to = filters.date_to === undefined ? Infinity : seconds(filters.date_to, true)
        const all = items.filter((item) => item.t >= from && item.t < to)
        const page = filters.page ?? 1
        return { items: all.slice((page - 1) * 25, page * 25), total: all.length, pages: Math.ceil(all.length / 25) }
      }),
    splits: true,
    id: (item) => item.id
  }
}

describe("a window's reads completing out of order (a source written for the test)", () => {
  it.live.prop(
    "a still archive comes exactly once, in the server's order, without a repair",
    [
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 300, size: "max" }),
      fc.integer({ min: 1, max: 16 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 })
    ],
    ([gaps, concurrency, salt]) =>
      Effect.gen(function*() {
        // Newest first; `gaps` of 0 put several records in one second.
        let t = 1_750_000_000
        const items = gaps.map((gap, i) => ({ id: `c${i}`, t: (t -= gap) }))
        let state = salt
        const delay = () => (state = (state * 1103515245 + 12345) % 2 ** 31) % 4
        const engine = Engine.make(sourceOf(items, delay))
        const progress = yield* Progress.make
        const got = yield* Stream.runCollect(engine.run({}, { concurrency, progress }, (item) => item.id)).pipe(
          // The source answers by itself; the client in context is never asked.
          Effect.provide(LiveChatClient.layer({}).pipe(Layer.provide(FetchHttpClient.layer), Layer.orDie))
        )
        expect(Chunk.toReadonlyArray(got)).toEqual(items.map((item) => item.id))
        // Still, so no read needed repairing, however the reads' answers were ordered in time.
        expect((yield* progress.get).repairs).toBe(0)
      }),
    { timeout: 60_000, fastCheck: { numRuns: 40, seed } }
  )
})
