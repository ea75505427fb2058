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

  it.effect("more tickets than the cap: WindowTooDense (days cannot split tickets), and each status apart", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const error = yield* Effect.flip(Tickets.stream({}, { recordCap: 60 }).pipe(Stream.runDrain))
      expect(error._tag).toBe("WindowTooDense")
      expect(error.message).toContain("tickets: each status")
      // Status splits tickets (the reference's partition): a run per status reads them all.
      const byStatus = yield* Effect.forEach(
        ["open", "pending", "solved", "spam"] as const,
        (status) => Tickets.stream({ status }, { recordCap: 200 }).pipe(Stream.runCollect)
      )
      expect(byStatus.flatMap((chunk) => ids(chunk)).sort()).toEqual(ids(all(fake, 100)).sort())
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: 100 }, recordCap: 60 }))))

  it.effect("in both orders, and resumed", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const oldestFirst = ids(all(fake, 400))
      expect(ids(yield* Tickets.stream().pipe(Stream.runCollect))).toEqual([...oldestFirst].reverse())
      const asc = yield* Tickets.streamWithCheckpoints({ order: "asc" }).pipe(Stream.take(111), Stream.runCollect)
      const rest = yield* Tickets.stream({ order: "asc" }, { resume: Chunk.unsafeLast(asc).checkpoint })
        .pipe(Stream.runCollect)
      expect([...ids(Array.from(asc, (r) => r.item)), ...ids(rest)]).toEqual(oldestFirst)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: 400 } }))))

  it.effect("a ticket modified during a run moves in the order, and still comes exactly once", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const everyone = ids(all(fake, 300))
      for (const order of ["desc", "asc"] as const) {
        let answers = 0
        yield* fake.onAnswer(() => {
          answers++
          // Between reads, tickets not read yet (old ones in desc, new ones in asc) are modified:
          // each jumps to where a reading has already been.
          if (answers % 3 === 0) {
            const index = order === "desc" ? 10 + answers : 290 - answers
            Effect.runSync(fake.modifyTicket(fake.state.tickets.get(index).id))
          }
        })
        const got = ids(yield* Tickets.stream({ order }, { concurrency: 2 }).pipe(Stream.runCollect))
        yield* fake.onAnswer(undefined)
        expect(got.length).toBe(new Set(got).size)
        expect([...got].sort()).toEqual([...everyone].sort())
      }
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: 300 } }))))
})
