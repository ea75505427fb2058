/**
 * Runs against a server written for the tests from the reference's words (`reference/`), not
 * against our fake: property tests over the three date behaviours (days, a time of day honoured, a
 * time of day refused) × license time zones (UTC, −7 h, +5:30, and a server clock crossing
 * midnight) × both orders of chats × stable and unstable order within a second × live changes ×
 * concurrency × record caps × resume points, for chats and tickets.
 *
 * The oracle: every record present throughout the run is emitted; no id twice; nothing emitted
 * that was never there. `LIVECHAT_PROPERTY_RUNS` sets the number of cases (default 120 each); a
 * failure prints its seed (`LIVECHAT_PROPERTY_SEED` replays it).
 */
import { Archives, Progress, Tickets } from "@effect-livechat/streams"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, FastCheck as fc, Stream, TestClock, TestContext } from "effect"
import * as Reference from "./reference/ReferenceServer.js"

const runs = Number(process.env["LIVECHAT_PROPERTY_RUNS"] ?? 0) || 120
const seed = process.env["LIVECHAT_PROPERTY_SEED"] === undefined
  ? 20261204
  : Number(process.env["LIVECHAT_PROPERTY_SEED"])

/** What the property tests exercised, per behaviour, printed at the end. */
const exercised: Record<string, number> = {}
const count = (key: string, by = 1) => {
  exercised[key] = (exercised[key] ?? 0) + by
}
afterAll(() => {
  if (Object.keys(exercised).length > 0) console.log(`documented-behaviour properties: ${JSON.stringify(exercised)}`)
})

const day = 86_400
/** The server's "now" at the start: 2026-11-20 18:00 UTC. */
const start = Date.UTC(2026, 10, 20, 18) / 1000

const change = fc.oneof(
  // A chat that started at some moment of the archive's span and just ended; a new ticket.
  fc.record({ op: fc.constant("arrive" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // A chat that started a minute ago; a ticket modified now.
  fc.record({ op: fc.constant("new" as const), pick: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
  // A chat deleted; a ticket solved (it leaves an `open` filter) or deleted.
  fc.record({ op: fc.constant("remove" as const), pick: fc.double({ min: 0, max: 0.999, noNaN: true }) })
)

const scenario = (kind: "chats" | "tickets") =>
  fc.record({
    kind: fc.constant(kind),
    dates: fc.constantFrom("days" as const, "times" as const, "refuse-times" as const),
    zone: fc.constantFrom(0, -420, 330),
    chatOrder: fc.constantFrom("desc" as const, "asc" as const),
    ticketOrder: fc.constantFrom("desc" as const, "asc" as const),
    ties: fc.constantFrom("stable" as const, "unstable" as const),
    count: fc.integer({ min: 0, max: 220 }),
    /** The days the records are spread over, ending at the server's now. */
    span: fc.integer({ min: 1, max: 10 }),
    /** Distinct seconds a day (few: records share seconds). */
    seconds: fc.integer({ min: 12, max: 2000 }),
    cap: fc.constantFrom(100_000, 100, 50),
    concurrency: fc.integer({ min: 1, max: 16 }),
    stopAfter: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
    /** The server's clock moves this many seconds an answer (up to 3 hours: across midnight in every zone). */
    tick: fc.constantFrom(0, 0, 60, 600),
    open: fc.boolean(),
    schedule: fc.array(
      fc.record({ after: fc.integer({ min: 1, max: 40 }), burst: fc.array(change, { minLength: 1, maxLength: 3 }) }),
      { maxLength: 10 }
    ),
    random: fc.integer({ min: 1, max: 1_000_000 })
  })

type Scenario = typeof scenario extends (kind: never) => fc.Arbitrary<infer T> ? T : never

const checkRun = (s: Scenario) =>
  Effect.gen(function*() {
    let now = start
    // Records spread over `span` days before now, on `seconds` distinct seconds a day.
    let rng = s.random
    const random = () => {
      rng = (rng * 1103515245 + 12345) % 2147483648
      return rng / 2147483648
    }
    const timeAt = (u: number) => {
      const d = Math.floor(u * s.span)
      const slot = Math.floor(random() * s.seconds)
      return Math.min(now - 120, start - (d + 1) * day + Math.floor(slot * (day / s.seconds)))
    }
    const made = Array.from({ length: s.count }, (_, i) => ({
      id: `${s.kind === "chats" ? "C" : "T"}${i}`,
      at: timeAt(random()),
      status: random() < 0.8 ? "open" as const : "pending" as const,
      modified: random() < 0.4 ? timeAt(random() * 0.5) : undefined
    }))
    // A cap that no day can exceed (whatever the zone, a day overlaps two days of UTC; arrivals
    // add up to 30); a day over the cap is `WindowTooDense`'s case, tested on its own. Tickets are
    // one window: a cap below their number is that case too.
    const perDay = new Map<number, number>()
    for (const { at } of made) perDay.set(Math.floor(at / day), (perDay.get(Math.floor(at / day)) ?? 0) + 1)
    const densest = Math.max(0, ...[...perDay].map(([d, n]) => n + (perDay.get(d + 1) ?? 0)))
    const cap = s.kind === "chats" && densest + 30 <= s.cap ? s.cap : 100_000
    count(`${s.kind}:cap${cap}`)
    const server = Reference.make({
      dates: s.dates,
      zoneOffsetMinutes: s.zone,
      chatOrder: s.chatOrder,
      ties: s.ties,
      recordCap: cap,
      seed: s.random,
      now: () => now
    })
    for (const record of made) {
      if (s.kind === "chats") server.addChat({ id: record.id, started: record.at, ended: now - 60 })
      else {
        server.addTicket({ id: record.id, created: record.at, status: record.status })
        // Some tickets were modified after they were created.
        if (record.modified !== undefined) server.modifyTicket(record.id, record.modified)
      }
    }
    const initial = (s.kind === "chats" ? server.chats() : server.tickets().filter((t) =>
      !s.open || t.status === "open"
    ))
      .map((r) => r.id)
    // A record present throughout: in the run's filters at the start and never touched by a removal.
    const present = new Set(initial)
    const left = new Set<string>()
    const ever = new Set(initial)
    let next = s.count
    server.onAnswer((answer) => {
      now += s.tick
      for (const c of s.schedule.filter((b) => b.after === answer).flatMap((b) => b.burst)) {
        const pool = [...present].filter((id) => !left.has(id))
        if (c.op === "remove") {
          if (pool.length === 0) continue
          const id = pool[Math.floor(c.pick * pool.length)]
          if (s.kind === "chats") server.removeChat(id)
          else if (s.open) server.setTicketStatus(id, "solved", now)
          else server.removeTicket(id)
          left.add(id)
          count("removals")
        } else if (s.kind === "tickets" && c.op === "new") {
          if (pool.length === 0) continue
          // A modification: the ticket stays, and moves in the order.
          server.modifyTicket(pool[Math.floor(c.pick * pool.length)], now)
          count("modifications")
        } else {
          const id = `${s.kind === "chats" ? "C" : "T"}${next++}`
          if (s.kind === "chats") {
            server.addChat({
              id,
              started: c.op === "new" ? now - 60 : timeAt(c.op === "arrive" ? c.at : 0),
              ended: now
            })
          } else server.addTicket({ id, created: now, status: "open" })
          ever.add(id)
          count("arrivals")
        }
      }
    })
    yield* TestClock.setTime(start * 1000)
    const progress = yield* Progress.make
    const options = { concurrency: s.concurrency, recordCap: cap, progress }
    const read = <C, R>(
      stream: Stream.Stream<{ readonly item: { readonly id: string }; readonly checkpoint: C }, unknown, R>,
      resume: (checkpoint: C) => Stream.Stream<{ readonly id: string }, unknown, R>
    ) =>
      Effect.gen(function*() {
        if (s.stopAfter === 0) return Chunk.toArray(yield* Stream.runCollect(stream)).map((r) => r.item.id)
        const head = Chunk.toArray(yield* Stream.runCollect(Stream.take(stream, s.stopAfter)))
        if (head.length < s.stopAfter) return head.map((r) => r.item.id)
        count("resumed")
        const rest = yield* Stream.runCollect(resume(head[head.length - 1].checkpoint))
        return [...head.map((r) => r.item.id), ...Chunk.toArray(rest).map((r) => r.id)]
      })
    const ticketFilters = { ...(s.open ? { status: "open" as const } : {}), order: s.ticketOrder }
    const emitted = yield* (s.kind === "chats"
      ? read(Archives.streamWithCheckpoints({}, options), (resume) => Archives.stream({}, { ...options, resume }))
      : read(
        Tickets.streamWithCheckpoints(ticketFilters, options),
        (resume) => Tickets.stream(ticketFilters, { ...options, resume })
      )).pipe(
        // Requests in flight together are answered in any order (up to 40 yields of their fiber each).
        Effect.provide(Reference.layer(server, {}, () => Math.floor(random() * 40)))
      )
    server.onAnswer(undefined)
    // The server's clock crossed midnight in the license's zone during the run ("today" moved).
    const localDay = (t: number) => Math.floor((t + s.zone * 60) / day)
    if (localDay(now) !== localDay(start)) count(`${s.kind}:crossed midnight`)
    count(`${s.kind}:${s.dates}`)
    count(`${s.kind}:zone${s.zone}`)
    count(`${s.kind}:${s.ties}`)
    if (s.kind === "chats") count(`chats:${s.chatOrder}`)
    else count(`tickets:${s.ticketOrder}`)
    count(`${s.kind}:repairs`, (yield* progress.get).repairs)
    // No id twice; nothing that was never there; everything there throughout.
    expect(emitted.length).toBe(new Set(emitted).size)
    expect(emitted.filter((id) => !ever.has(id))).toEqual([])
    const got = new Set(emitted)
    expect(initial.filter((id) => !left.has(id) && !got.has(id))).toEqual([])
  })

const property = (kind: "chats" | "tickets") =>
  it.effect(
    `${kind}: on every documented behaviour, every ${kind.slice(0, -1)} there throughout comes exactly once`,
    () =>
      Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(scenario(kind), (s) =>
            // A test clock of its own: the run reads the clock for its newest days.
            Effect.runPromise(checkRun(s).pipe(Effect.provide(TestContext.TestContext)))),
          { numRuns: runs, seed }
        )
      ),
    600_000
  )

/** `LIVECHAT_PROPERTY_CASE='<counterexample JSON>'` replays one case alone. */
const replay = process.env["LIVECHAT_PROPERTY_CASE"]
if (replay !== undefined) {
  it.effect("the case in LIVECHAT_PROPERTY_CASE", () =>
    checkRun((JSON.parse(replay) as ReadonlyArray<Scenario>)[0]).pipe(Effect.provide(TestContext.TestContext)))
}

describe("against a server written from the reference", () => {
  property("chats")
  property("tickets")
})
