/** Streaming tickets: order (both ways), filters, the cap and resume. */
import { Tickets } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"

const all = (fake: LiveChatFake.Fake, count: number) =>
  Array.from({ length: count }, (_, i) => fake.state.tickets.get(i))

const ids = (tickets: Iterable<{ readonly id: string }>) => Array.from(tickets, (t) => t.id)

describe("ticket streams", () => {
  for (const count of [0, 1, 25, 26, 75]) {
    it.effect(`${count} tickets: every ticket, newest first, and oldest first with order asc`, () =>
      Effect.gen(function*() {
        const fake = yield* LiveChatFake.LiveChatFake
        const oldestFirst = all(fake, count)
        expect(ids(yield* Tickets.stream().pipe(Stream.runCollect))).toEqual(ids(oldestFirst).reverse())
        expect(ids(yield* Tickets.stream({ order: "asc" }).pipe(Stream.runCollect))).toEqual(ids(oldestFirst))
      }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: count } }))))
  }

  it.effect("with filters", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const expected = all(fake, 300).filter((t) => t.status === "solved").reverse()
      expect(expected.length).toBeGreaterThan(25)
      expect(ids(yield* Tickets.stream({ status: "solved" }).pipe(Stream.runCollect))).toEqual(ids(expected))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: 300 } }))))

  it.effect("across the record cap, in both orders, and resumed", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const oldestFirst = ids(all(fake, 400))
      const plan = yield* Tickets.plan({}, { recordCap: 60 })
      expect(plan.windows.length).toBeGreaterThan(6)
      expect(ids(yield* Tickets.stream({}, { recordCap: 60 }).pipe(Stream.runCollect))).toEqual(
        [...oldestFirst].reverse()
      )
      const asc = yield* Tickets.streamWithCheckpoints({ order: "asc" }, { recordCap: 60 }).pipe(
        Stream.take(111),
        Stream.runCollect
      )
      const rest = yield* Tickets.stream({ order: "asc" }, { recordCap: 60, resume: Chunk.unsafeLast(asc).checkpoint })
        .pipe(
          Stream.runCollect
        )
      expect([...ids(Array.from(asc, (r) => r.item)), ...ids(rest)]).toEqual(oldestFirst)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: 400 }, recordCap: 60 }))))
})
