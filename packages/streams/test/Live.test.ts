/**
 * Runs over a live archive: records entering (with a time anywhere in the past, or now) and leaving
 * (deleted, or a ticket whose status leaves the filter) between page reads. Property tests over
 * random archives, schedules, concurrency, caps and resume points, and the regression cases.
 *
 * The oracle: every record present throughout the run is emitted; no id twice; nothing emitted that
 * was never there. `LIVECHAT_PROPERTY_RUNS` sets the number of cases (default 150 each for chats and tickets); a failure
 * prints its seed (`LIVECHAT_PROPERTY_SEED` replays it).
 */
import { Archives, Progress, Tickets } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, FastCheck as fc, Stream, TestClock } from "effect"

const runs = Number(process.env["LIVECHAT_PROPERTY_RUNS"] ?? 0) || undefined
const seed = process.env["LIVECHAT_PROPERTY_SEED"] === undefined
  ? 20261126
  : Number(process.env["LIVECHAT_PROPERTY_SEED"])

/** What the property tests exercised, printed at the end. */
const exercised = { cases: 0, arrivals: 0, removals: 0, modifications: 0, resumed: 0, repairs: 0 }
afterAll(() => {
  if (exercised.cases > 0) console.log(`live archive properties: ${JSON.stringify(exercised)}`)
})

/** A change between two answers: `at` places an arrival in the archive's time span (`now`: a new record). */
const change = fc.oneof(
  fc.record({ op: fc.constant("arrive" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant("new" as const) }),
  fc.record({ op: fc.constant("remove" as const), pick: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
  // A ticket modified now (it moves in the order); nothing for chats.
  fc.record({ op: fc.constant("modify" as const), pick: fc.double({ min: 0, max: 0.999, noNaN: true }) })
)

/** Bursts of changes, each after the answer numbered `after` (planning probes included). */
const schedule = fc.array(
  fc.record({ after: fc.integer({ min: 1, max: 12 }), burst: fc.array(change, { minLength: 1, maxLength: 4 }) }),
  { maxLength: 16 }
)

interface Scenario {
  readonly kind: "chats" | "tickets"
  readonly count: number
  readonly cap: number
  readonly concurrency: number
  readonly stopAfter: number
  readonly schedule: typeof schedule extends fc.Arbitrary<infer T> ? T : never
  readonly future: boolean
  readonly order: "asc" | "desc"
  readonly open: boolean
}

const checkRun = (scenario: Scenario) =>
  Effect.gen(function*() {
    const fake = yield* LiveChatFake.LiveChatFake
    const { kind } = scenario
    const ticketFilter = scenario.open ? { status: "open" as const } : {}
    const initial = kind === "chats"
      ? Array.from({ length: scenario.count }, (_, i) => fake.chatAt(i))
      : Array.from({ length: scenario.count }, (_, i) => fake.state.tickets.get(i)).filter((t) =>
        !scenario.open || t.status === "open"
      )
    const timeOf = (i: number) =>
      kind === "chats" ? fake.chatAt(i).started_timestamp : Date.parse(String(fake.state.tickets.get(i).date)) / 1000
    const oldest = timeOf(0)
    const newest = timeOf(scenario.count - 1)
    const present = initial.map((r) => r.id)
    const ever = new Set(present)
    const left = new Set<string>()
    yield* fake.onAnswer(({ count }) => {
      for (const c of scenario.schedule.filter((b) => b.after === count).flatMap((b) => b.burst)) {
        if (c.op === "modify") {
          if (kind === "chats" || present.length === 0) continue
          Effect.runSync(fake.modifyTicket(present[Math.floor(c.pick * present.length)]))
          exercised.modifications++
        } else if (c.op === "remove") {
          if (present.length === 0) continue
          const [id] = present.splice(Math.floor(c.pick * present.length), 1)
          // A ticket leaves an `open` filter by being solved; otherwise the record is deleted.
          Effect.runSync(
            kind === "tickets" && scenario.open ? fake.setTicketStatus(id, "solved") : fake.remove(kind, id)
          )
          left.add(id)
          exercised.removals++
        } else {
          const at = c.op === "new" ? undefined : Math.round(oldest + c.at * (newest - oldest))
          const id = kind === "chats"
            ? Effect.runSync(fake.arrive({ kind, at })).id
            : Effect.runSync(fake.arrive({ kind, at, status: "open" })).id
          present.push(id)
          ever.add(id)
          exercised.arrivals++
        }
      }
    })
    const progress = yield* Progress.make
    const options = { concurrency: scenario.concurrency, recordCap: scenario.cap, progress }
    const filters = scenario.future ? { date_to: "2030-12-31" } : {}
    const read = <X extends { readonly id: string }, C, R>(
      stream: Stream.Stream<{ readonly item: X; readonly checkpoint: C }, unknown, R>,
      resume: (checkpoint: C) => Stream.Stream<X, unknown, R>
    ) =>
      Effect.gen(function*() {
        if (scenario.stopAfter === 0) return Chunk.toArray(yield* Stream.runCollect(stream)).map((r) => r.item.id)
        const head = Chunk.toArray(yield* Stream.runCollect(Stream.take(stream, scenario.stopAfter)))
        if (head.length < scenario.stopAfter) return head.map((r) => r.item.id)
        exercised.resumed++
        const rest = yield* Stream.runCollect(resume(head[head.length - 1].checkpoint))
        return [...head.map((r) => r.item.id), ...Chunk.toArray(rest).map((r) => r.id)]
      })
    const emitted = kind === "chats"
      ? yield* read(
        Archives.streamWithCheckpoints(filters, options),
        (resume) => Archives.stream(filters, { ...options, resume })
      )
      : yield* read(
        Tickets.streamWithCheckpoints({ ...filters, ...ticketFilter, order: scenario.order }, options),
        (resume) => Tickets.stream({ ...filters, ...ticketFilter, order: scenario.order }, { ...options, resume })
      )
    yield* fake.onAnswer(undefined)
    exercised.cases++
    exercised.repairs += (yield* progress.get).repairs
    // No id twice; nothing that was never there; everything there throughout.
    expect(emitted.length).toBe(new Set(emitted).size)
    expect(emitted.filter((id) => !ever.has(id))).toEqual([])
    const got = new Set(emitted)
    expect(initial.filter((r) => !left.has(r.id) && !got.has(r.id)).map((r) => r.id)).toEqual([])
  })

const scenario = (kind: "chats" | "tickets") =>
  fc.record({
    kind: fc.constant(kind),
    count: fc.integer({ min: 1, max: 100 }),
    // Tickets are one window whatever their number (days cannot split them): no cap below it.
    cap: kind === "chats" ? fc.oneof(fc.integer({ min: 20, max: 60 }), fc.constant(100_000)) : fc.constant(100_000),
    concurrency: fc.integer({ min: 1, max: 16 }),
    stopAfter: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
    schedule,
    future: fc.boolean(),
    order: fc.constantFrom("asc" as const, "desc" as const),
    open: fc.boolean()
  })

const property = (kind: "chats" | "tickets", numRuns: number) =>
  it.effect.prop(
    `${kind}: whatever enters or leaves between reads, every ${kind.slice(0, -1)} there throughout comes once`,
    [scenario(kind)],
    ([s]) =>
      checkRun(s).pipe(
        Effect.provide(LiveChatFake.layer({
          seed: {
            chats: s.kind === "chats" ? s.count : 0,
            tickets: s.kind === "tickets" ? s.count : 0,
            seed: s.count
          },
          recordCap: s.cap,
          record: false
        }))
      ),
    { timeout: 120_000, fastCheck: { numRuns: runs ?? numRuns, seed } }
  )

describe("a live archive (property tests)", () => {
  property("chats", 150)
  property("tickets", 150)
})

const idsOf = (records: Iterable<{ readonly id: string }>) => Array.from(records, (r) => r.id)

/** Every id once, and every one of `expected` among them. */
const exactlyOnceAmong = (got: ReadonlyArray<string>, expected: ReadonlyArray<string>) => {
  expect(got.length).toBe(new Set(got).size)
  const seen = new Set(got)
  expect(expected.filter((id) => !seen.has(id))).toEqual([])
}

describe("a live archive (regressions)", () => {
  it.effect("date_to in the future, chats arriving all through the run: no chat missing, none twice", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      // The run's clock agrees with the server's: its newest days are a window of their own.
      yield* TestClock.setTime((yield* fake.now) * 1000)
      const before = idsOf(Array.from({ length: 1000 }, (_, i) => fake.chatAt(i)))
      const chats = yield* Archives.stream({ date_to: "2030-12-31" }, { concurrency: 4 }).pipe(Stream.runCollect)
      expect((yield* fake.counts).chats).toBeGreaterThan(1100)
      exactlyOnceAmong(idsOf(chats), before)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 1000 }, faults: { drift: { chatsPerRequest: 5 } } }))))

  it.effect("one chat arriving with a start time inside the run's window: no older chat missing", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const before = idsOf(Array.from({ length: 300 }, (_, i) => fake.chatAt(i)))
      // A chat that started long ago (among the older half) ends, so enters the archive, after the third read.
      yield* fake.onAnswer(({ count }) => {
        if (count === 3) Effect.runSync(fake.arrive({ kind: "chats", at: fake.chatAt(100).started_timestamp }))
      })
      const chats = yield* Archives.stream({}, { concurrency: 1 }).pipe(Stream.runCollect)
      exactlyOnceAmong(idsOf(chats), before)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 300 } }))))

  it.effect("a chat deleted and another arriving between two reads (totals unchanged): no chat missing", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const all = Array.from({ length: 200 }, (_, i) => fake.chatAt(i))
      // After the third read: a chat already read is deleted (shifting every older one up a place) and an
      // old one arrives near the end, so every total stays 200 and no count can tell.
      yield* fake.onAnswer(({ count }) => {
        if (count !== 3) return
        Effect.runSync(fake.remove("chats", all[160].id))
        Effect.runSync(fake.arrive({ kind: "chats", at: all[5].started_timestamp }))
      })
      const progress = yield* Progress.make
      const chats = yield* Archives.stream({}, { concurrency: 1, progress }).pipe(Stream.runCollect)
      exactlyOnceAmong(idsOf(chats), idsOf(all.filter((_, i) => i !== 160)))
      // The first reading's count could not be trusted: the run read again.
      expect((yield* progress.get).repairs).toBeGreaterThan(0)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 200 } }))))

  for (const order of ["desc", "asc"] as const) {
    it.effect(`open tickets (${order}): tickets solved and new tickets during the run shift none of the others`, () =>
      Effect.gen(function*() {
        const fake = yield* LiveChatFake.LiveChatFake
        const open = Array.from({ length: 400 }, (_, i) => fake.state.tickets.get(i)).filter((t) => t.status === "open")
        expect(open.length).toBeGreaterThan(60)
        const solved = new Set<string>()
        yield* fake.onAnswer(({ count }) => {
          if (count % 2 === 0 && solved.size < 10) {
            const ticket = open[(count * 7) % open.length]
            Effect.runSync(fake.setTicketStatus(ticket.id, "solved"))
            solved.add(ticket.id)
          }
          if (count % 3 === 0) Effect.runSync(fake.arrive({ kind: "tickets", status: "open" }))
        })
        const tickets = yield* Tickets.stream({ status: "open", order }, { concurrency: 3 }).pipe(Stream.runCollect)
        exactlyOnceAmong(idsOf(tickets), idsOf(open.filter((t) => !solved.has(t.id))))
        expect(solved.size).toBeGreaterThan(0)
      }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: 400 } }))))
  }

  it.effect("a checkpoint taken before arrivals resumes exactly", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const all = Array.from({ length: 300 }, (_, i) => fake.chatAt(i))
      const head = yield* Archives.streamWithCheckpoints({}, { recordCap: 100 }).pipe(
        Stream.take(90),
        Stream.runCollect
      )
      // Between the stop and the resumed run: chats arrive all over the archive's span, two are deleted.
      for (const k of [10, 80, 150, 220, 290]) yield* fake.arrive({ kind: "chats", at: all[k].started_timestamp })
      yield* fake.remove("chats", all[5].id)
      yield* fake.remove("chats", all[250].id)
      const rest = yield* Archives.stream({}, { recordCap: 100, resume: Chunk.unsafeLast(head).checkpoint }).pipe(
        Stream.runCollect
      )
      const got = [...idsOf(Array.from(head, (r) => r.item)), ...idsOf(rest)]
      exactlyOnceAmong(got, idsOf(all.filter((_, i) => i !== 5 && i !== 250)))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 300 }, recordCap: 100 }))))
})

describe("more than a page of records in one second", () => {
  const oneSecond = { chats: 130, from: "2025-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }

  it.effect("are read page by page within that second: every chat once, in order", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const chats = yield* Archives.stream({}, { concurrency: 4 }).pipe(Stream.runCollect)
      expect(idsOf(chats)).toEqual(Array.from({ length: 130 }, (_, i) => fake.chatAt(129 - i).id))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: oneSecond }))))

  it.effect("and read again from that second's first page when its total moves meanwhile", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const before = Array.from({ length: 130 }, (_, i) => fake.chatAt(i).id)
      yield* fake.onAnswer(({ count }) => {
        if (count === 3) Effect.runSync(fake.arrive({ kind: "chats", at: fake.chatAt(0).started_timestamp }))
      })
      const progress = yield* Progress.make
      const chats = yield* Archives.stream({}, { concurrency: 1, progress }).pipe(Stream.runCollect)
      exactlyOnceAmong(idsOf(chats), before)
      expect((yield* progress.get).repairs).toBeGreaterThan(0)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: oneSecond }))))
})
