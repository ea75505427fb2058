/**
 * Property tests of the sync against the server written for the tests from the API reference's
 * words (`packages/streams/test/reference`), not against our fake: over random scenarios of
 * server behaviour (dates as days, a time of day honoured or refused × the license's zone UTC,
 * −7 h, +5:30 × chats newest or oldest first × stable or unstable order within a second) × an
 * initial archive (up to 200 chats, some still going on, and 80 tickets over a few days, some
 * modified after they were created) × changes while the first run reads (chats arriving with a
 * start in the past, chats deleted, tickets created, modified, solved or given another status,
 * deleted) × `concurrency` × `batchSize` × a crash of the first run after some answers × changes
 * between runs (and the clock jumping ahead) × one or two more runs on a still server. The
 * server's clock moves with its answers, so that runs cross midnight in the license's zone.
 *
 * The oracle: after the first run (if it completed), every record present throughout it is in the
 * mirror; after every run, a row marked deleted is one the server deleted, and nothing is in the
 * mirror that the server never had; after the last run, the mirror equals the server: its present
 * rows are exactly the server's records, each stored as the server answers it now. A third of the
 * cases run without the audit: then the incremental reading alone must have brought every record
 * but chats that arrived with a start in the past, as the server answers it now.
 *
 * `LIVECHAT_PROPERTY_RUNS` sets the number of cases (default 40); the seed is printed and
 * `LIVECHAT_PROPERTY_SEED` replays it; `LIVECHAT_PROPERTY_CASE='<counterexample JSON>'` replays one
 * case alone.
 */
import type { LiveChatClient } from "@effect-livechat/core"
import { Archives as ArchivesApi, Tickets as TicketsApi } from "@effect-livechat/resources"
import { Sync } from "@effect-livechat/sync"
import type * as SqlClient from "@effect/sql/SqlClient"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, FastCheck as fc, Layer, Option, TestClock, TestContext } from "effect"
import { isDeepStrictEqual } from "node:util"
import * as Reference from "../../streams/test/reference/ReferenceServer.js"
import { database, rowsOf } from "./support.js"

const runs = Number(process.env["LIVECHAT_PROPERTY_RUNS"] ?? 0) || 40
const seed = process.env["LIVECHAT_PROPERTY_SEED"] === undefined
  ? 20261121
  : Number(process.env["LIVECHAT_PROPERTY_SEED"])

/** What the property exercised, per behaviour, printed at the end. */
const exercised: Record<string, number> = {}
const count = (key: string, by = 1) => {
  exercised[key] = (exercised[key] ?? 0) + by
}
afterAll(() => {
  if (Object.keys(exercised).length > 0) {
    console.log(`sync properties (seed ${seed}, ${runs} cases): ${JSON.stringify(exercised)}`)
  }
})

const day = 86_400
const hour = 3_600
/** Midnight UTC starting 2026-11-20: the scenario's clock starts some seconds after it, in the license's zone. */
const base = Date.UTC(2026, 10, 20) / 1000

const pick = fc.double({ min: 0, max: 0.999, noNaN: true })

/** A change to the archive, made at the server's "now". */
const change = fc.oneof(
  // A chat that started within the last 40 hours (shorter than the look-back) and just ended.
  fc.record({ op: fc.constant("chat:late" as const), at: pick }),
  // A chat that started anywhere in the archive's span and just ended (only the audit finds it).
  fc.record({ op: fc.constant("chat:past" as const), at: pick }),
  // A chat that starts now and ends within 3 hours: listed once the server's clock passes its end.
  fc.record({ op: fc.constant("chat:start" as const), at: pick }),
  fc.record({ op: fc.constant("chat:remove" as const), at: pick }),
  fc.record({ op: fc.constant("ticket:create" as const), at: pick }),
  fc.record({ op: fc.constant("ticket:modify" as const), at: pick }),
  fc.record({ op: fc.constant("ticket:solve" as const), at: pick }),
  fc.record({
    op: fc.constant("ticket:status" as const),
    at: pick,
    status: fc.constantFrom("open" as const, "pending" as const, "spam" as const)
  }),
  fc.record({ op: fc.constant("ticket:remove" as const), at: pick })
)

const scenario = fc.record({
  dates: fc.constantFrom("days" as const, "times" as const, "refuse-times" as const),
  zone: fc.constantFrom(0, -420, 330),
  chatOrder: fc.constantFrom("desc" as const, "asc" as const),
  ties: fc.constantFrom("stable" as const, "unstable" as const),
  chats: fc.integer({ min: 0, max: 200 }),
  /** Chats going on when the first run starts (they end during it, or before the next). */
  ongoing: fc.integer({ min: 0, max: 4 }),
  tickets: fc.integer({ min: 0, max: 80 }),
  /**
   * The days the records are spread over, before the server's now. At most 4, so that the days
   * mirrored (with the clock's moves) stay within the re-verification's 7 days a run: an arrival and
   * a removal within one range leave the audit's counts equal, and only the re-verification, within
   * `ceil(days / verifyDays)` runs, finds them (the documented bound).
   */
  span: fc.integer({ min: 1, max: 4 }),
  /** Distinct seconds a day (few: records share seconds). */
  seconds: fc.integer({ min: 12, max: 2000 }),
  /** Where in the license's day the server's clock starts (often within the hour before midnight). */
  clock: fc.oneof(fc.integer({ min: 0, max: day - 1 }), fc.integer({ min: day - hour, max: day - 1 })),
  /** Seconds the server's clock moves an answer. */
  tick: fc.constantFrom(0, 30, 120, 600),
  concurrency: fc.integer({ min: 1, max: 8 }),
  batchSize: fc.integer({ min: 1, max: 50 }),
  /** The first run is interrupted after this many answers of the server (if it has not finished by then). */
  crash: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  /** Changes during the first run, after its answer `after`. */
  schedule: fc.array(
    fc.record({ after: fc.integer({ min: 1, max: 60 }), burst: fc.array(change, { minLength: 1, maxLength: 3 }) }),
    { maxLength: 10 }
  ),
  /** Changes between the first run and the next, and how far the clock jumps meanwhile. */
  drift: fc.array(change, { maxLength: 12 }),
  jump: fc.constantFrom(0, 600, 3 * hour, 20 * hour),
  /** Runs after the drift, on a still server. */
  more: fc.constantFrom(1, 2),
  /**
   * Every run with the audit (and the re-verification), or none: then the incremental reading alone
   * must bring every record but a chat that arrived with a start before the look-back (only the
   * audit finds those), and nothing is ever marked deleted.
   */
  audit: fc.constantFrom(true, true, false),
  random: fc.integer({ min: 1, max: 1_000_000 })
})

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never

/** The rows of a table: the present ids (sorted), the deleted ids, and each present row's record. */
const mirrorOf = (sql: SqlClient.SqlClient, table: string) =>
  Effect.gen(function*() {
    const rows = yield* rowsOf(sql, table, "id")
    const present = [...rows].filter(([, row]) => !row.deleted).map(([id]) => id).sort()
    const deleted = [...rows].filter(([, row]) => row.deleted).map(([id]) => id).sort()
    return { rows, present, deleted }
  })

/** A decoded record as the mirror stores it (its JSON). */
const asJson = (record: unknown): unknown => JSON.parse(JSON.stringify(record))

const checkCase = (s: Scenario) =>
  Effect.gen(function*() {
    // The scenario's own generator (deterministic from `random`).
    let rng = s.random
    const random = () => {
      rng = (rng * 1103515245 + 12345) % 2147483648
      return rng / 2147483648
    }
    // The license's day starts at `base` less the zone's offset; the clock starts `clock` seconds into it.
    const start = base - s.zone * 60 + s.clock
    let now = start
    const timeAt = (u: number) => {
      const d = Math.floor(u * s.span)
      const slot = Math.floor(random() * s.seconds)
      return Math.min(now - 120, start - (d + 1) * day + Math.floor(slot * (day / s.seconds)))
    }
    const server = Reference.make({
      dates: s.dates,
      zoneOffsetMinutes: s.zone,
      chatOrder: s.chatOrder,
      ties: s.ties,
      seed: s.random,
      now: () => now
    })

    // The initial archive.
    /** Every chat the server holds (ended or not): id → its end. */
    const chats = new Map<string, number>()
    const tickets = new Set<string>()
    /** Ids the server deleted (none comes back). */
    const removed = new Set<string>()
    /** Ids the server ever listed or held. */
    const ever = new Set<string>()
    /** The records present throughout the first run (filled when it starts; a deletion takes one out). */
    const throughout = new Set<string>()
    /** Chats that arrived with a start anywhere in the past, maybe before the look-back: only the audit must find them. */
    const pastArrivals = new Set<string>()
    let nextChat = 0
    let nextTicket = 0
    const addChat = (started: number, ended: number) => {
      const id = `C${nextChat++}`
      server.addChat({ id, started, ended })
      chats.set(id, ended)
      ever.add(id)
      return id
    }
    const addTicket = (created: number, status: Reference.Status) => {
      const id = `T${nextTicket++}`
      server.addTicket({ id, created, status })
      tickets.add(id)
      ever.add(id)
      return id
    }
    for (let i = 0; i < s.chats; i++) {
      const started = timeAt(random())
      addChat(started, Math.min(now - 60, started + 60 + Math.floor(random() * 2 * hour)))
    }
    for (let i = 0; i < s.ongoing; i++) {
      addChat(now - Math.floor(random() * 2 * hour), now + 60 + Math.floor(random() * 3 * hour))
    }
    for (let i = 0; i < s.tickets; i++) {
      const created = timeAt(random())
      const u = random()
      const id = addTicket(created, u < 0.7 ? "open" : u < 0.9 ? "pending" : "solved")
      // Some tickets were modified after they were created.
      if (random() < 0.4) server.modifyTicket(id, created + Math.floor(random() * (now - 60 - created)))
    }
    count("chats", s.chats)
    count("tickets", s.tickets)

    const chosen = <A>(pool: ReadonlyArray<A>, u: number) =>
      pool.length === 0 ? undefined : pool[Math.floor(u * pool.length)]
    const apply = (c: Change) => {
      switch (c.op) {
        case "chat:late":
          return void addChat(now - 60 - Math.floor(c.at * 40 * hour), now)
        case "chat:past":
          return void pastArrivals.add(addChat(timeAt(c.at), now))
        case "chat:start":
          return void addChat(now, now + 60 + Math.floor(c.at * 3 * hour))
        case "chat:remove": {
          const id = chosen([...chats.keys()], c.at)
          if (id === undefined) return
          server.removeChat(id)
          chats.delete(id)
          removed.add(id)
          throughout.delete(id)
          return
        }
        case "ticket:create":
          return void addTicket(now, "open")
        case "ticket:remove": {
          const id = chosen([...tickets], c.at)
          if (id === undefined) return
          server.removeTicket(id)
          tickets.delete(id)
          removed.add(id)
          throughout.delete(id)
          return
        }
        default: {
          const id = chosen([...tickets], c.at)
          if (id === undefined) return
          if (c.op === "ticket:modify") server.modifyTicket(id, now)
          else server.setTicketStatus(id, c.op === "ticket:solve" ? "solved" : c.status, now)
        }
      }
    }
    const applyAll = (changes: ReadonlyArray<Change>) => {
      for (const c of changes) {
        apply(c)
        count(c.op)
      }
    }

    const { context, sql } = yield* database("sqlite")
    const client = Reference.layer(server, {}, () => Math.floor(random() * 20))
    const sync = Effect.gen(function*() {
      // The run reads the clock (its newest days): the server's.
      yield* TestClock.setTime(now * 1000)
      return yield* Sync.run({
        resources: ["chats", "tickets"],
        concurrency: s.concurrency,
        batchSize: s.batchSize,
        audit: s.audit
      }).pipe(Effect.provide(Layer.succeedContext(context)), Effect.provide(client))
    })
    const localDay = (t: number) => Math.floor((t + s.zone * 60) / day)
    const crossed = (from: number) => {
      if (localDay(now) !== localDay(from)) count("run crossed midnight (license)")
      if (Math.floor(now / day) !== Math.floor(from / day)) count("run crossed midnight (UTC)")
    }
    const summaryCounts = (summary: Sync.Summary) => {
      for (const r of summary.resources) {
        count(`${r.resource}:${r.mode}`)
        count(`${r.resource}:written`, r.written)
        count(`${r.resource}:deleted`, r.deleted)
        count(`${r.resource}:audited`, r.audited)
        count(`${r.resource}:reverified`, r.reverified)
      }
    }
    /** After every run: a row marked deleted is one the server deleted; nothing the server never had. */
    const checkDeletions = (when: string) =>
      Effect.gen(function*() {
        for (const table of ["livechat_chats", "livechat_tickets"]) {
          const { deleted, rows } = yield* mirrorOf(sql, table)
          expect(deleted.filter((id) => !removed.has(id)), `${when}: ${table} marked deleted, yet on the server`)
            .toEqual([])
          expect([...rows.keys()].filter((id) => !ever.has(id)), `${when}: ${table} never on the server`).toEqual([])
        }
      })

    // The first run, with changes after some of its answers, perhaps interrupted.
    const listedChats = () => server.chats().map((c) => c.id)
    for (const id of [...listedChats(), ...tickets]) throughout.add(id)
    const stop = yield* Deferred.make<void>()
    server.onAnswer((answer) => {
      now += s.tick
      const burst = s.schedule.filter((b) => b.after === answer).flatMap((b) => b.burst)
      for (const c of burst) {
        apply(c)
        count(`${c.op} (during the run)`)
      }
      if (answer === s.crash) Deferred.unsafeDone(stop, Exit.void)
    })
    const firstFrom = now
    const first = s.crash === null
      ? yield* Effect.map(sync, Option.some)
      : yield* Effect.raceFirst(Effect.map(sync, Option.some), Effect.as(Deferred.await(stop), Option.none()))
    crossed(firstFrom)
    server.onAnswer((_) => {
      now += s.tick
    })
    if (Option.isSome(first)) {
      summaryCounts(first.value)
      if (s.crash !== null) count("crash: the run finished first")
      // Every record present throughout the run is in the mirror.
      const mirrored = new Set([
        ...(yield* mirrorOf(sql, "livechat_chats")).present,
        ...(yield* mirrorOf(sql, "livechat_tickets")).present
      ])
      expect([...throughout].filter((id) => !mirrored.has(id)), "present throughout the first run, not mirrored")
        .toEqual([])
    } else count("crashed")
    yield* checkDeletions("after the first run")

    // The drift: changes, the clock jumping ahead (and past the end of every chat going on: the
    // server is still during the next runs).
    applyAll(s.drift)
    now = Math.max(now + s.jump, ...chats.values())
    for (let i = 0; i < s.more; i++) {
      const from = now
      summaryCounts(yield* sync)
      crossed(from)
      yield* checkDeletions(`after run ${i + 2}`)
    }
    server.onAnswer(undefined)
    // What the runs asked (the oracle's own requests below are not counted).
    const requests = server.requests()
    const askedById = new Set(requests.flatMap((r) => {
      const match = /^\/chats\/([^/?]+)/.exec(r)
      return match === null ? [] : [decodeURIComponent(match[1])]
    }))

    // The mirror equals the server: its present rows are the server's records, as the server answers them now.
    // (Without the audit: it holds every record of the server but chats that arrived in the past, and
    // records the server deleted may still be present.)
    const serverChats = listedChats().sort()
    const serverTickets = server.tickets().map((t) => t.id).sort()
    const chatRows = yield* mirrorOf(sql, "livechat_chats")
    const ticketRows = yield* mirrorOf(sql, "livechat_tickets")
    if (s.audit) {
      expect(chatRows.present, "the mirror's chats").toEqual(serverChats)
      expect(ticketRows.present, "the mirror's tickets").toEqual(serverTickets)
    } else {
      const present = new Set([...chatRows.present, ...ticketRows.present])
      expect(
        [...serverChats, ...serverTickets].filter((id) => !pastArrivals.has(id) && !present.has(id)),
        "without the audit: on the server, not mirrored"
      ).toEqual([])
      expect([...chatRows.deleted, ...ticketRows.deleted], "without the audit: marked deleted").toEqual([])
      count(
        "without the audit: chats arrived in the past, not mirrored",
        [...pastArrivals].filter((id) => serverChats.includes(id) && !present.has(id)).length
      )
      count(
        "without the audit: deleted records still present",
        [...chatRows.present, ...ticketRows.present].filter((id) => removed.has(id)).length
      )
    }
    // The chats as the list answers them in UTC, read from a twin of the server that keeps the order
    // within a second stable (so that its pages neither skip nor repeat a chat).
    const twin = Reference.make({ zoneOffsetMinutes: s.zone, now: () => now })
    for (const chat of server.chats()) twin.addChat(chat)
    const inUtc = new Map<string, unknown>()
    for (let page = 1;; page++) {
      const answer = yield* ArchivesApi.list({ timezone: "UTC", page }).pipe(
        Effect.provide(Reference.layer(twin)),
        Effect.orDie
      )
      for (const chat of answer.chats) inUtc.set(chat.id, asJson(chat))
      if (page >= answer.pages) break
    }
    for (const id of serverChats.filter((id) => chatRows.rows.has(id))) {
      const stored = chatRows.rows.get(id)?.record
      // As the sync lists chats (in UTC); only a chat the runs asked for by id (`GET /chats/<id>`) may
      // have been written as that endpoint answers it, its times for people (`started`, `ended`) in
      // the license's zone.
      if (isDeepStrictEqual(stored, inUtc.get(id))) continue
      if (!askedById.has(id)) expect(stored, `chat ${id}, as listed in UTC`).toEqual(inUtc.get(id))
      const single = asJson(
        yield* ArchivesApi.get({ chat_id: id }).pipe(Effect.provide(Reference.layer(server)), Effect.orDie)
      )
      if (s.zone !== 0) count("chats stored as GET /chats/<id> answers (license's zone)")
      expect(stored, `chat ${id}`).toEqual(single)
    }
    for (const id of serverTickets) {
      const single = asJson(
        yield* TicketsApi.get({ ticket_id: id }).pipe(Effect.provide(Reference.layer(server)), Effect.orDie)
      )
      expect(ticketRows.rows.get(id)?.record, `ticket ${id}`).toEqual(single)
    }

    count("GET /chats/<id>", requests.filter((r) => /^\/chats\/[^/?]+/.test(r)).length)
    count("GET /tickets/<id>", requests.filter((r) => /^\/tickets\/[^/?]+/.test(r)).length)
    count(`dates:${s.dates}`)
    count(`zone:${s.zone}`)
    count(`chats:${s.chatOrder}`)
    count(`ties:${s.ties}`)
    count(`runs after the drift:${s.more}`)
    count(`audit:${s.audit}`)
  })

/** One case, on a test clock of its own, with its database removed afterwards. */
const runCase = (s: Scenario) => checkCase(s).pipe(Effect.scoped, Effect.provide(TestContext.TestContext))

describe("Sync against a server written from the reference", () => {
  it.effect(
    "the reference's GET /chats/<id> and GET /tickets/<id> decode, and answer 404 when absent",
    () =>
      Effect.gen(function*() {
        let now = 1_700_000_000
        const server = Reference.make({ zoneOffsetMinutes: 330, now: () => now })
        server.addChat({ id: "c1", started: now - 600, ended: now - 60 })
        server.addChat({ id: "going", started: now - 600, ended: now + 600 })
        server.addTicket({ id: "t1", created: now - 900 })
        server.modifyTicket("t1", now - 300)
        const call = <A, E>(effect: Effect.Effect<A, E, LiveChatClient.LiveChatClient>) =>
          effect.pipe(Effect.provide(Reference.layer(server)))
        const listed = yield* call(ArchivesApi.list({}))
        const chat = yield* call(ArchivesApi.get({ chat_id: "c1" }))
        expect(chat).toEqual(listed.chats[0])
        expect(chat.started_timestamp).toBe(now - 600)
        const ticket = yield* call(TicketsApi.get({ ticket_id: "t1" }))
        expect(ticket).toEqual((yield* call(TicketsApi.list({}))).tickets[0])
        expect(ticket.modified).toBe(now - 300)
        // A chat not ended yet is absent, until it ends.
        expect((yield* Effect.flip(call(ArchivesApi.get({ chat_id: "going" }))))._tag).toBe("NotFound")
        now += 600
        expect((yield* call(ArchivesApi.get({ chat_id: "going" }))).id).toBe("going")
        expect((yield* Effect.flip(call(ArchivesApi.get({ chat_id: "none" }))))._tag).toBe("NotFound")
        expect((yield* Effect.flip(call(TicketsApi.get({ ticket_id: "none" }))))._tag).toBe("NotFound")
        server.removeChat("c1")
        server.removeTicket("t1")
        expect((yield* Effect.flip(call(ArchivesApi.get({ chat_id: "c1" }))))._tag).toBe("NotFound")
        expect((yield* Effect.flip(call(TicketsApi.get({ ticket_id: "t1" }))))._tag).toBe("NotFound")
        const raw = yield* server.httpClient.get("https://api.livechatinc.com/tickets/none", {
          headers: { authorization: "Basic YTpi" }
        })
        expect(raw.status).toBe(404)
        expect(yield* raw.json).toEqual({ error: "Not found" })
      })
  )

  it.effect(
    "on every documented behaviour, with changes during the first run, a crash and drift, the last run's mirror equals the server",
    () =>
      Effect.promise(() => {
        console.log(`sync properties: seed ${seed}, ${runs} cases (LIVECHAT_PROPERTY_SEED replays)`)
        return fc.assert(
          fc.asyncProperty(scenario, (s) => Effect.runPromise(runCase(s))),
          { numRuns: runs, seed }
        )
      }),
    600_000
  )

  /** `LIVECHAT_PROPERTY_CASE='<counterexample JSON>'` replays one case alone. */
  const replay = process.env["LIVECHAT_PROPERTY_CASE"]
  if (replay !== undefined) {
    it.effect("the case in LIVECHAT_PROPERTY_CASE", () => runCase((JSON.parse(replay) as ReadonlyArray<Scenario>)[0]))
  }
})
