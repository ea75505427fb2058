/**
 * The pieces of the stream engine, each on its own: day labels (`days.ts`), what a window's reads
 * have shown and the proof that they showed all of it (`ledger.ts`, including the proof's soundness
 * on a simulated server whose records come and go), and the windows a run reads (`plan.ts`).
 */
import { LiveChatClient } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, TestClock } from "effect"
import * as Days from "../src/internal/days.js"
import { Ledger, Pass, proves } from "../src/internal/ledger.js"
import { type DateFilters, filtersOf, type Lister, pagesOf, plan } from "../src/internal/plan.js"

const seed = Number(process.env["LIVECHAT_PROPERTY_SEED"] ?? 20261126)
const dayMillis = 86_400_000
const day = (text: string) => Days.parse(text)!

describe("days", () => {
  it.prop(
    "format and parse are inverse over the days of years 100 to 9999",
    [fc.integer({ min: day("0100-01-01"), max: day("9999-12-31") })],
    ([label]) => {
      const text = Days.format(label)
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(Days.parse(text)).toBe(label)
    },
    { fastCheck: { numRuns: 500, seed } }
  )

  it("refuses what is not a day of the calendar as YYYY-MM-DD", () => {
    for (const text of ["2023-02-29", "2024-13-01", "2024-1-05", "2024-01-01 10:00:00"]) {
      expect(Days.parse(text), text).toBeUndefined()
    }
    expect(Days.format(day("2024-02-29"))).toBe("2024-02-29")
  })

  it.prop(
    "latest(millis) is the day after the UTC day of millis",
    [fc.integer({ min: -1e13, max: 1e13 })],
    ([millis]) => {
      expect(Days.latest(millis)).toBe(Math.floor(millis / dayMillis) + 1)
    },
    { fastCheck: { numRuns: 500, seed } }
  )

  it("latest at the last millisecond of a UTC day is the next day", () => {
    expect(Days.latest(Date.parse("2024-03-20T23:59:59.999Z"))).toBe(day("2024-03-21"))
    expect(Days.latest(Date.parse("2024-03-21T00:00:00.000Z"))).toBe(day("2024-03-22"))
    expect(Days.format(Days.earliest)).toBe("2000-01-01")
  })
})

/** A pass that took `answers`: each a `total` and the ordinals its records had. */
const passOf = (...answers: ReadonlyArray<readonly [number, ReadonlyArray<number>]>) => {
  const pass = new Pass()
  for (const [total, ordinals] of answers) pass.answer(total, ordinals)
  return pass
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

describe("ledger", () => {
  it("a ledger keeps ids in first-seen order, says isNew once, and lists a prefix", () => {
    const ledger = new Ledger(["a", "b"])
    expect(ledger.ordinal("c")).toEqual({ ordinal: 2, isNew: true })
    expect(ledger.ordinal("c")).toEqual({ ordinal: 2, isNew: false })
    expect(ledger.ordinal("a")).toEqual({ ordinal: 0, isNew: false })
    expect(ledger.ordinal("d")).toEqual({ ordinal: 3, isNew: true })
    expect(ledger.size).toBe(4)
    expect(ledger.ids(2)).toEqual(["a", "b"])
    expect(ledger.ids(10)).toEqual(["a", "b", "c", "d"])
  })

  it.prop(
    "a ledger answers as a Map of ids to first-seen ordinals would, through its growth and any ids",
    [
      fc.array(fc.string({ unit: "grapheme", maxLength: 12 }), { maxLength: 60 }),
      fc.array(fc.nat(), { maxLength: 3_000 }),
      fc.nat({ max: 80 })
    ],
    ([pool, picks, emitted]) => {
      // Ids drawn from a pool (so many repeat), and numbered ones past it (so the table grows).
      const idOf = (pick: number) => pool.length > 0 && pick % 3 !== 0 ? pool[pick % pool.length] : `CH${pick}`
      const resumed = Array.from(new Set(picks.slice(0, emitted).map(idOf)))
      const ledger = new Ledger(resumed)
      const model = new Map(resumed.map((id, i) => [id, i]))
      for (const pick of picks) {
        const id = idOf(pick)
        expect(ledger.known(id)).toBe(model.get(id))
        const isNew = !model.has(id)
        if (isNew) model.set(id, model.size)
        expect(ledger.ordinal(id)).toEqual({ ordinal: model.get(id), isNew })
      }
      expect(ledger.size).toBe(model.size)
      expect(ledger.ids(model.size + 1)).toEqual([...model.keys()])
      expect(ledger.known("never seen \u{1F600}")).toBe(undefined)
    },
    { fastCheck: { numRuns: 300, seed } }
  )

  it("a ledger grows past a window of 100,000 records, and keeps an id of any length whole", () => {
    const ledger = new Ledger()
    const ids = Array.from({ length: 100_000 }, (_, i) => `CH${i.toString(36).toUpperCase().padStart(8, "0")}`)
    ids.forEach((id, i) => expect(ledger.ordinal(id).ordinal).toBe(i))
    ids.forEach((id, i) => expect(ledger.known(id)).toBe(i))
    expect(ledger.known("CH")).toBe(undefined)
    const long = "x".repeat(70_000) + "\uD800"
    expect(ledger.ordinal(long)).toEqual({ ordinal: 100_000, isNew: true })
    expect(ledger.ids(100_001).at(-1)).toBe(long)
    expect(ledger.ids(3)).toEqual(ids.slice(0, 3))
  })

  it("a pass is complete once it saw as many distinct records as the largest total it was told", () => {
    const pass = passOf([30, range(0, 25)], [26, range(20, 26)])
    expect([pass.count, pass.total, pass.latest, pass.reads]).toEqual([26, 30, 26, 2])
    expect(pass.complete).toBe(false) // 26 records seen, but the window once held 30
    pass.answer(26, range(26, 30))
    expect(pass.complete).toBe(true)
    expect(pass.stale).toBe(false)
  })

  it("a pass is stale when the latest total fell below the largest without it completing", () => {
    expect(passOf([30, range(0, 25)], [27, range(25, 27)]).stale).toBe(true)
    expect(passOf([30, range(0, 25)], [30, range(25, 27)]).stale).toBe(false) // short, but not shrunk
    expect(passOf([20, range(0, 20)], [10, []]).stale).toBe(false) // shrunk, but complete
  })

  it("a pass covers another when it saw every record that one saw, at any ordinal", () => {
    const small = passOf([3, [0, 1, 200]])
    const large = passOf([4, [0, 1, 2, 200]])
    expect(large.covers(small)).toBe(true)
    expect(small.covers(large)).toBe(false)
    expect(passOf([2, [0, 1]]).covers(small)).toBe(false) // never grown to 200
    expect(new Pass().covers(new Pass())).toBe(true)
  })

  it("proves: one complete read, or a complete pass covering the complete pass before it", () => {
    expect(proves(passOf([20, range(0, 20)]), undefined)).toBe(true)
    expect(proves(passOf([0, []]), undefined)).toBe(true) // an empty window
    const first = passOf([30, range(0, 25)], [30, range(25, 30)])
    expect(proves(first, undefined)).toBe(false) // two reads, no earlier pass to check against
    expect(proves(passOf([30, range(0, 25)], [30, range(25, 30)]), first)).toBe(true)
    // This pass never saw record 0, which the one before saw: something left between them.
    expect(proves(passOf([30, range(1, 26)], [30, range(26, 31)]), first)).toBe(false)
    // An incomplete pass proves nothing, whatever came before.
    expect(proves(passOf([30, range(0, 25)]), undefined)).toBe(false)
    expect(proves(passOf([30, range(0, 25)], [30, range(20, 29)]), first)).toBe(false)
  })

  describe("the proof on a simulated server (pages of 25, ties reshuffled, records arriving and leaving)", () => {
    /**
     * The window's records by their second (41 seconds for up to 80 records: ties), and its
     * changes: before read `at` (0 is planning's page 1) a record arrives in `second`, or the
     * `pick`th present leaves.
     */
    const world = fc.record({
      seconds: fc.array(fc.nat(40), { maxLength: 80, size: "max" }),
      changes: fc.array(
        fc.record({ at: fc.integer({ min: 1, max: 16 }), leave: fc.boolean(), pick: fc.nat(), second: fc.nat(40) }),
        { maxLength: 30, size: "max" }
      ),
      salt: fc.nat()
    })
    type World = typeof world extends fc.Arbitrary<infer W> ? W : never
    type Verdict = (pass: Pass, previous: Pass | undefined) => boolean
    const cap = 100_000
    const maxRepairs = 20

    /**
     * Reads the window as engine.ts does, one read after the other: planning's page 1 starts the
     * first round, a second planned round when it is more than a page, then rounds of the latest
     * total's pages while unproven and the repairs last; `verdict` stands for `proves` at the end of
     * each round. Whether it was proven, and the records present throughout that no read saw.
     */
    const simulate = ({ changes, salt, seconds }: World, verdict: Verdict) => {
      let present = seconds.map((second, i) => ({ id: `r${i}`, second }))
      const throughout = new Set(present.map((r) => r.id))
      let state = salt
      const random = () => { // mulberry32
        state = (state + 0x6d2b79f5) | 0
        let t = Math.imul(state ^ (state >>> 15), 1 | state)
        t ^= t + Math.imul(t ^ (t >>> 7), 61 | t)
        return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
      }
      let reads = 0
      let arrivals = 0
      const query = (page: number) => {
        for (const change of changes) {
          if (change.at !== reads) continue
          if (!change.leave) present.push({ id: `n${arrivals++}`, second: change.second })
          else if (present.length > 0) {
            const gone = present[change.pick % present.length]
            present = present.filter((r) => r !== gone) // for good: no id comes back
            throughout.delete(gone.id)
          }
        }
        reads++
        const order = present.map((r) => ({ r, tie: random() }))
          .sort((a, b) => b.r.second - a.r.second || a.tie - b.tie).map(({ r }) => r.id)
        return { ids: order.slice((page - 1) * 25, page * 25), total: order.length }
      }

      const ledger = new Ledger()
      let previous: Pass | undefined
      let pass = new Pass()
      let latestTotal = 0
      let rounds = 0
      /** One round of pages 1 to `pages`, ending as engine's `endRound` does; whether it proved the window. */
      const round = (pages: number, first?: ReturnType<typeof query>) => {
        for (let page = 1; page <= pages; page++) {
          const answer = page === 1 && first !== undefined ? first : query(page)
          pass.answer(answer.total, answer.ids.map((id) => ledger.ordinal(id).ordinal))
          latestTotal = answer.total
        }
        rounds++
        if (verdict(pass, previous)) return true
        if (pass.complete) {
          previous = pass
          pass = new Pass()
        } else if (pass.stale) pass = new Pass()
        return false
      }
      const planning = query(1)
      const pages = pagesOf(planning.total, cap)
      const plannedRounds = pages <= 1 ? 1 : 2
      let proven = round(pages, planning) || (plannedRounds === 2 && round(pages))
      while (!proven && rounds - plannedRounds < maxRepairs) proven = round(pagesOf(latestTotal, cap))
      const seen = new Set(ledger.ids(ledger.size))
      return { proven, missed: [...throughout].filter((id) => !seen.has(id)), reads }
    }

    it.prop(
      "whenever proves says done, every record present throughout was seen by some read",
      [world],
      ([w]) => {
        const { missed, proven } = simulate(w, proves)
        if (proven) expect(missed).toEqual([])
      },
      { fastCheck: { numRuns: 3000, seed } }
    )

    it("a still archive is proven, in the planned rounds when its order is stable", () => {
      const still = (n: number) => simulate({ seconds: range(0, n), changes: [], salt: 1 }, proves)
      expect(still(20)).toEqual({ proven: true, missed: [], reads: 1 })
      expect(still(60)).toEqual({ proven: true, missed: [], reads: 6 })
    })

    it("a single complete pass is no proof: fast-check finds a run it would end with a record missed", () => {
      const result = fc.check(
        fc.property(world, (w) => {
          const { missed, proven } = simulate(w, (pass) => pass.complete)
          return !proven || missed.length === 0
        }),
        { numRuns: 3000, seed }
      )
      expect(result.failed).toBe(true)
    })
  })
})

type Rec = { readonly id: string; readonly day: Days.Day }

/** `perDay` records on each day from `from` to `to`, newest first. */
const recordsOf = (from: string, to: string, perDay: number): Array<Rec> =>
  range(day(from), day(to) + 1).reverse().flatMap((d) =>
    Array.from({ length: perDay }, (_, i) => ({ id: `${Days.format(d)}#${i}`, day: d }))
  )

/** An archive in memory answering by the API's rules: inclusive days, pages of 25 from `page`. */
const listerOf = (records: ReadonlyArray<Rec>, splits = true) => {
  const calls: Array<DateFilters> = []
  const inWindow = (filters: DateFilters) => {
    const from = filters.date_from === undefined ? -Infinity : day(filters.date_from)
    const to = filters.date_to === undefined ? Infinity : day(filters.date_to)
    return records.filter((r) => r.day >= from && r.day <= to)
  }
  const lister: Lister<DateFilters, Rec> = {
    splits,
    list: (filters) =>
      Effect.sync(() => {
        calls.push(filters)
        const all = inWindow(filters)
        const page = filters.page ?? 1
        return { items: all.slice((page - 1) * 25, page * 25), total: all.length, pages: Math.ceil(all.length / 25) }
      })
  }
  return { lister, calls, inWindow }
}

/** The plan of a run over `filters` (its days as bounds), `count` the identity. */
const planOf = (lister: Lister<DateFilters, Rec>, filters: DateFilters, cap: number) => {
  const bound = (text: string | undefined) => text === undefined ? undefined : day(text)
  return plan(lister, filters, { from: bound(filters.date_from), to: bound(filters.date_to) }, cap, (e) => e).pipe(
    // The lister answers by itself; the client in context is never asked.
    Effect.provideService(LiveChatClient.LiveChatClient, {} as never)
  )
}

/** Newest first, each window's `to` the day before the previous window's `from`. */
const expectConsecutive = (windows: ReadonlyArray<{ readonly from: string | null; readonly to: string | null }>) => {
  for (let i = 1; i < windows.length; i++) {
    expect(day(windows[i].to!)).toBe(day(windows[i - 1].from!) - 1)
  }
}

describe("plan", () => {
  it.effect("a range within the cap is one window, with the run's own days (null where it left them out)", () =>
    Effect.gen(function*() {
      const { calls, lister } = listerOf(recordsOf("2024-03-01", "2024-03-20", 3))
      const bounded = yield* planOf(lister, { date_from: "2024-03-05", date_to: "2024-03-10" }, 100)
      expect(bounded.planned.map((p) => [p.window, p.dense])).toEqual([
        [{ from: "2024-03-05", to: "2024-03-10", total: 18, pages: 1 }, false]
      ])
      expect(bounded.planned[0].first?.items).toHaveLength(18)
      const open = yield* planOf(lister, {}, 100)
      expect(open.planned.map((p) => p.window)).toEqual([{ from: null, to: null, total: 60, pages: 3 }])
      expect([bounded.probes, open.probes, calls.length]).toEqual([1, 1, 2])
    }))

  it.effect("over the cap, windows of days, newest first, consecutive, each within the cap, summing to the whole", () =>
    Effect.gen(function*() {
      const { inWindow, lister } = listerOf(recordsOf("2024-02-20", "2024-03-25", 10))
      for (const filters of [{ date_from: "2024-03-01", date_to: "2024-03-20" }, {}] as Array<DateFilters>) {
        const windows = (yield* planOf(lister, filters, 45)).planned.map((p) => p.window)
        expect(windows.length).toBeGreaterThan(4)
        expect(windows[0].to).toBe(filters.date_to ?? null)
        expect(windows[windows.length - 1].from).toBe(filters.date_from ?? null)
        expectConsecutive(windows)
        for (const w of windows) {
          expect(w.total).toBeLessThanOrEqual(45)
          expect(w.total).toBe(inWindow(filtersOf({}, w, 1)).length)
          expect(w.pages).toBe(pagesOf(w.total, 45))
        }
        expect(windows.reduce((sum, w) => sum + w.total, 0)).toBe(inWindow(filters).length)
      }
    }))

  it.effect("a single day over the cap comes back as a dense window, between windows that fit", () =>
    Effect.gen(function*() {
      const records = [...recordsOf("2024-03-06", "2024-03-10", 5), ...recordsOf("2024-03-05", "2024-03-05", 60)]
      const { lister } = listerOf([...records, ...recordsOf("2024-03-01", "2024-03-04", 5)])
      const { planned } = yield* planOf(lister, { date_from: "2024-03-01", date_to: "2024-03-10" }, 50)
      expectConsecutive(planned.map((p) => p.window))
      expect(planned.filter((p) => p.dense).map((p) => p.window)).toEqual([
        { from: "2024-03-05", to: "2024-03-05", total: 60, pages: 2 }
      ])
      expect(planned.filter((p) => !p.dense).every((p) => p.window.total <= 50)).toBe(true)
    }))

  it.effect("a lister that does not split (tickets) gives one window, dense when over the cap", () =>
    Effect.gen(function*() {
      const { calls, lister } = listerOf(recordsOf("2024-03-01", "2024-03-10", 7), false)
      const { planned, probes } = yield* planOf(lister, { date_from: "2024-03-01" }, 50)
      expect(planned.map((p) => [p.window, p.dense])).toEqual([
        [{ from: "2024-03-01", to: null, total: 70, pages: 2 }, true]
      ])
      expect([probes, calls.length]).toEqual([1, 1])
    }))

  it.effect("probes counts the list calls, each made through count, each for page 1", () =>
    Effect.gen(function*() {
      const { calls, lister } = listerOf(recordsOf("2024-02-20", "2024-03-25", 10))
      let counted = 0
      const { planned, probes } = yield* plan(
        lister,
        {},
        { from: undefined, to: undefined },
        45,
        (e) => Effect.tap(e, () => void counted++)
      ).pipe(Effect.provideService(LiveChatClient.LiveChatClient, {} as never))
      expect(probes).toBeGreaterThan(planned.length) // pushing the open ends out cost probes too
      expect([counted, calls.length]).toEqual([probes, probes])
      expect(calls.every((filters) => filters.page === 1)).toBe(true)
    }))

  it.effect("the newest three days before the clock's latest day are a window of their own", () =>
    Effect.gen(function*() {
      const { lister } = listerOf(recordsOf("2024-03-01", "2024-03-20", 1))
      const still = yield* planOf(lister, { date_from: "2024-03-01" }, 1000)
      expect(still.planned.map((p) => p.window)).toEqual([{ from: "2024-03-01", to: null, total: 20, pages: 1 }])
      // latest: 2024-03-21 (UTC+14 may already be there); its three days before start the live window.
      yield* TestClock.setTime(Date.parse("2024-03-20T12:00:00Z"))
      const live = yield* planOf(lister, { date_from: "2024-03-01" }, 1000)
      expect(live.planned.map((p) => p.window)).toEqual([
        { from: "2024-03-18", to: null, total: 3, pages: 1 },
        { from: "2024-03-01", to: "2024-03-17", total: 17, pages: 1 }
      ])
      const ended = yield* planOf(lister, { date_from: "2024-03-01", date_to: "2024-03-17" }, 1000)
      expect(ended.planned).toHaveLength(1) // a run ending before the live days is not split
    }))

  it("filtersOf sets the window's days (dropping those it leaves out) and the page, keeping the rest", () => {
    const filters = { date_from: "2024-01-01", date_to: "2024-01-31", page: 7, status: "open" }
    expect(filtersOf(filters, { from: "2024-01-05", to: "2024-01-06" }, 2)).toEqual({
      status: "open",
      date_from: "2024-01-05",
      date_to: "2024-01-06",
      page: 2
    })
    const open = filtersOf(filters, { from: null, to: null }, 1)
    expect(open).toEqual({ status: "open", page: 1 })
    expect("date_from" in open || "date_to" in open).toBe(false)
  })

  it("pagesOf counts pages of 25 up to the cap, at least one", () => {
    expect([0, 1, 25, 26, 100, 5000].map((total) => pagesOf(total, 100))).toEqual([1, 1, 1, 2, 4, 4])
  })
})
