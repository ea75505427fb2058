/** Streaming the chat archive: order, completeness, laziness, concurrency, faults, drift, the cap, resume. */
import { Days } from "@effect-livechat/core"
import { Archives, Checkpoint, Progress } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { KeyValueStore } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Exit, Fiber, Stream, TestClock } from "effect"
import { instrumented, newestFirst, withClock } from "./support.js"

const ids = (chats: Iterable<{ readonly id: string }>) => Array.from(chats, (c) => c.id)

describe("order and completeness", () => {
  for (const count of [0, 1, 25, 26, 100, 137]) {
    it.effect(`${count} chats: exactly the archive's chats, newest first`, () =>
      Effect.gen(function*() {
        const fake = yield* LiveChatFake.LiveChatFake
        const chats = yield* Archives.stream().pipe(Stream.runCollect)
        expect(ids(chats)).toEqual(ids(newestFirst(fake, count)))
      }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: count } }))))
  }

  it.effect("with filters: exactly the matching chats, in order", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const expected = newestFirst(fake, 400).filter((c) => c.tags.includes("sales") && c.group[0] === 2)
      expect(expected.length).toBeGreaterThan(25)
      const chats = yield* Archives.stream({ tag: ["sales"], group: 2 }).pipe(Stream.runCollect)
      expect(ids(chats)).toEqual(ids(expected))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 400 } }))))

  it.effect("with a date range given as days", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const all = newestFirst(fake, 300)
      const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10)
      const from = day(all[200].started_timestamp)
      const to = day(all[100].started_timestamp)
      const expected = all.filter((c) => day(c.started_timestamp) >= from && day(c.started_timestamp) <= to)
      const chats = yield* Archives.stream({ date_from: from, date_to: to }).pipe(Stream.runCollect)
      expect(ids(chats)).toEqual(ids(expected))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 300 } }))))

  it.effect("pages: each read with its number, its new records, total and reads", () =>
    Effect.gen(function*() {
      const pages = yield* Archives.pages().pipe(Stream.runCollect)
      // The first reading's pages bring every chat; the second reading, which proves that nothing was
      // missed, brings none (a read with no new records is no page of the run).
      expect(Array.from(pages, (p) => [p.page, p.items.length, p.total, p.pages])).toEqual([
        [1, 25, 60, 3],
        [2, 25, 60, 3],
        [3, 10, 60, 3]
      ])
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 60 } }))))
})

describe("laziness and concurrency", () => {
  for (const [k, pages] of [[1, 1], [25, 1], [26, 2], [30, 2], [49, 2], [50, 2], [51, 3], [75, 3]] as const) {
    it.effect(`take(${k}) reads ${pages} page(s)`, () => {
      const { counters, layer } = instrumented({ seed: { chats: 1000 } })
      return Effect.gen(function*() {
        const taken = yield* Archives.stream({}, { concurrency: 1 }).pipe(Stream.take(k), Stream.runCollect)
        expect(Chunk.size(taken)).toBe(k)
        expect(counters.sent).toBe(pages)
      }).pipe(Effect.provide(layer))
    })
  }

  it.effect("with concurrency c, never more than c pages in flight, and items still in order", () => {
    const { counters, layer } = instrumented({
      seed: { chats: 500 },
      faults: { latency: { min: "10 millis", max: "90 millis" } }
    })
    return Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const chats = yield* withClock(Archives.stream({}, { concurrency: 3 }).pipe(Stream.runCollect))
      expect(ids(chats)).toEqual(ids(newestFirst(fake, 500)))
      expect(counters.maxInFlight).toBe(3)
    }).pipe(Effect.provide(layer))
  })

  it.effect("take(k) with concurrency c reads at most ceil(k/25) + c pages", () => {
    const { counters, layer } = instrumented({ seed: { chats: 1000 } })
    return Effect.gen(function*() {
      yield* Archives.stream({}, { concurrency: 4 }).pipe(Stream.take(30), Stream.runDrain)
      expect(counters.sent).toBeLessThanOrEqual(2 + 4)
      expect(counters.sent).toBeGreaterThanOrEqual(2)
    }).pipe(Effect.provide(layer))
  })
})

describe("faults", () => {
  it.effect("with 5xx, resets, truncated bodies and 429s injected, every chat comes exactly once", () => {
    const { layer } = instrumented({
      seed: { chats: 400 },
      faults: { errorRate: 0.15, resetRate: 0.05, truncateRate: 0.05, rateLimit: { limit: 8, interval: "1 second" } }
    }, { retry: { jitter: false, base: "100 millis", times: 8 } })
    return Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const progress = yield* Progress.make
      const chats = yield* withClock(Archives.stream({}, { concurrency: 4, progress }).pipe(Stream.runCollect))
      expect(ids(chats)).toEqual(ids(newestFirst(fake, 400)))
      const seen = yield* fake.requests
      expect(seen.some((r) => r.status === 429)).toBe(true)
      expect(seen.some((r) => r.status >= 500)).toBe(true)
      const snapshot = yield* progress.get
      expect(snapshot.retries).toBeGreaterThan(0)
      expect(snapshot.requests).toBe(seen.length)
      expect(snapshot.mismatches).toBe(0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("when retries are exhausted, the stream fails with the typed error, its page and window", () => {
    const { layer } = instrumented({ seed: { chats: 100 } }, { retry: false })
    return Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const received: Array<string> = []
      const exit = yield* Archives.stream({}, { concurrency: 1 }).pipe(
        Stream.tap((chat) =>
          Effect.gen(function*() {
            received.push(chat.id)
            if (received.length === 30) yield* fake.setFaults({ errorRate: 1, errorStatuses: [503] })
          })
        ),
        Stream.runDrain,
        Effect.exit
      )
      expect(Exit.isFailure(exit)).toBe(true)
      const error = yield* Effect.flip(exit)
      expect(error._tag).toBe("PageFailed")
      if (error._tag !== "PageFailed") return
      expect(error.page).toBe(3)
      expect(error.error._tag).toBe("ServerError")
      expect(error.message).toContain("read 3 of the days from the beginning of time to today failed")
      // Reads 1 and 2 brought 25 + 25 chats.
      expect(error.checkpoint.emitted).toBe(50)
      // The checkpoint resumes the run: together, every chat once.
      yield* fake.setFaults({})
      const rest = yield* Archives.stream({}, { resume: error.checkpoint }).pipe(Stream.runCollect)
      expect([...received.slice(0, 50), ...ids(rest)]).toEqual(ids(newestFirst(fake, 100)))
    }).pipe(Effect.provide(layer))
  })
})

describe("failure while reading ahead", () => {
  it.effect("with reads in flight, the failure's checkpoint is the last chat emitted: resuming gives the rest once", () => {
    const { layer } = instrumented({ seed: { chats: 300 } }, { retry: false })
    return Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const received: Array<string> = []
      const error = yield* Archives.stream({}, { concurrency: 4 }).pipe(
        Stream.tap((chat) =>
          Effect.gen(function*() {
            received.push(chat.id)
            if (received.length === 30) yield* fake.setFaults({ errorRate: 1, errorStatuses: [503] })
          })
        ),
        Stream.runDrain,
        Effect.flip
      )
      expect(error._tag).toBe("PageFailed")
      if (error._tag !== "PageFailed") return
      // Reads fetched ahead before the fault were emitted first; the checkpoint is after the last of them.
      expect(received.length).toBeGreaterThan(30)
      expect(error.checkpoint.emitted).toBe(received.length)
      expect(error.checkpoint.lastId).toBe(received[received.length - 1])
      yield* fake.setFaults({})
      const rest = yield* Archives.stream({}, { resume: error.checkpoint }).pipe(Stream.runCollect)
      expect([...received, ...ids(rest)]).toEqual(ids(newestFirst(fake, 300)))
    }).pipe(Effect.provide(layer))
  })
})

describe("consistency", () => {
  it.effect("chats arriving during a run (3 a request) cause no duplicates or gaps among those that were there", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      // The run's clock agrees with the server's: the newest days are a window of their own, where
      // the arrivals land, read while the older window holds still.
      yield* TestClock.setTime((yield* fake.now) * 1000)
      const before = newestFirst(fake, 200)
      const chats = ids(yield* Archives.stream({}, { concurrency: 2 }).pipe(Stream.runCollect))
      expect(chats.length).toBe(new Set(chats).size)
      const known = new Set(ids(before))
      expect(chats.filter((id) => known.has(id))).toEqual(ids(before))
      expect((yield* fake.counts).chats).toBeGreaterThan(200)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 200 }, faults: { drift: { chatsPerRequest: 3 } } }))))

  it.effect("a window that keeps growing under every read fails loudly, with a checkpoint, never silently", () =>
    Effect.gen(function*() {
      // No clock: one window holds the whole archive, and 3 chats arrive at its top with every request.
      const error = yield* Effect.flip(Archives.stream({}, { concurrency: 2, maxRepairs: 3 }).pipe(Stream.runDrain))
      expect(error._tag).toBe("ArchiveMismatch")
      if (error._tag !== "ArchiveMismatch") return
      expect(error.checkpoint.ids.length).toBe(error.emitted)
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 200 }, faults: { drift: { chatsPerRequest: 3 } } }))))

  it.effect("a window the server does not reach whole (a cap lower than the run was told) fails with ArchiveMismatch (or, with consistency: warn, is counted)", () =>
    Effect.gen(function*() {
      // The fake reaches 100 records per query; a run told the cap is 1000 plans one window of 250
      // whose pages past the 4th come back empty: no reading can see 250 records.
      const error = yield* Effect.flip(Archives.stream({}, { recordCap: 1000, maxRepairs: 2 }).pipe(Stream.runDrain))
      expect(error._tag).toBe("ArchiveMismatch")
      if (error._tag !== "ArchiveMismatch") return
      expect(error.expected).toBe(250)
      expect(error.emitted).toBe(100)
      expect(error.checkpoint.emitted).toBe(error.emitted)
      expect(error.message).toContain("the server reported 250 records when it was planned, the run emitted 100")
      const warned = yield* Progress.make
      const count = yield* Archives.stream({}, {
        recordCap: 1000,
        maxRepairs: 2,
        consistency: "warn",
        progress: warned
      })
        .pipe(Stream.runCount)
      expect(count).toBe(100)
      expect((yield* warned.get).mismatches).toBe(1)
      // Told the server's cap, the run splits the archive into days that fit it: every chat once.
      const fake = yield* LiveChatFake.LiveChatFake
      const all = yield* Archives.stream({}, { recordCap: 100 }).pipe(Stream.runCollect)
      expect(ids(all)).toEqual(ids(newestFirst(fake, 250)))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 250 }, recordCap: 100 }))))
})

describe("the record cap", () => {
  it.effect("1,000 chats over many days with a cap of 100: all of them exactly once; plan predicts the run", () => {
    const { counters, layer } = instrumented({ seed: { chats: 1000 }, recordCap: 100 })
    return Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const plan = yield* Archives.plan({}, { recordCap: 100 })
      expect(plan.total).toBe(1000)
      expect(plan.windows.length).toBeGreaterThanOrEqual(10)
      expect(plan.windows.every((w) => w.total <= 100)).toBe(true)
      // Windows of whole days, newest first, each ending the day before the next one's first:
      // nothing read twice, nothing skipped; the outer ends left open as the run's own filters are.
      expect(plan.windows[0].to).toBeNull()
      expect(plan.windows[plan.windows.length - 1].from).toBeNull()
      plan.windows.slice(1).forEach((w, i) => expect(Days.parse(w.to!)).toBe(Days.parse(plan.windows[i].from!)! - 1))
      counters.sent = 0
      const progress = yield* Progress.make
      const chats = yield* Archives.stream({}, { recordCap: 100, progress }).pipe(Stream.runCollect)
      expect(ids(chats)).toEqual(ids(newestFirst(fake, 1000)))
      expect(counters.sent).toBe(plan.requests)
      const snapshot = yield* progress.get
      expect(snapshot).toMatchObject({ items: 1000, expected: 1000, windowsTotal: plan.windows.length, done: true })
    }).pipe(Effect.provide(layer))
  })

  it.effect("more than the cap within one second fails with WindowTooDense rather than losing chats", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Archives.stream({}, { recordCap: 100 }).pipe(Stream.runDrain))
      expect(error._tag).toBe("WindowTooDense")
      expect(error.message).toContain("more than the record cap of 100")
    }).pipe(Effect.provide(LiveChatFake.layer({
      seed: { chats: 300, from: "2025-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" },
      recordCap: 100
    }))))
})

describe("resume", () => {
  it.effect("interrupted after k chats, a run resumed from its checkpoint yields the rest: every chat once", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const first = yield* Archives.streamWithCheckpoints({}, { recordCap: 100 }).pipe(
        Stream.take(137),
        Stream.runCollect
      )
      const checkpoint = Chunk.unsafeLast(first).checkpoint
      const rest = yield* Archives.stream({}, { recordCap: 100, resume: checkpoint }).pipe(Stream.runCollect)
      expect([...ids(Array.from(first, (r) => r.item)), ...ids(rest)]).toEqual(ids(newestFirst(fake, 500)))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 500 }, recordCap: 100 }))))

  it.effect("a checkpoint is plain data: stored in a KeyValueStore and loaded back", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const saved = Checkpoint.store("export")
      expect(yield* saved.load).toBeUndefined()
      const seen: Array<string> = []
      // The consumer saves the checkpoint after processing each chat; the run stops after 40.
      const fiber = yield* Archives.streamWithCheckpoints().pipe(
        Stream.take(40),
        Stream.tap(({ checkpoint, item }) =>
          Effect.zipRight(Effect.sync(() => seen.push(item.id)), saved.save(checkpoint))
        ),
        Stream.runDrain,
        Effect.fork
      )
      yield* Fiber.join(fiber)
      const resume = yield* saved.load
      expect(resume?.emitted).toBe(40)
      const rest = yield* Archives.stream({}, { resume }).pipe(Stream.runCollect)
      expect([...seen, ...ids(rest)]).toEqual(ids(newestFirst(fake, 90)))
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 90 } })), Effect.provide(KeyValueStore.layerMemory)))

  it.effect("a checkpoint belongs to its filters' meaning: another key order resumes, other filters are refused", () =>
    Effect.gen(function*() {
      const filters = { tag: ["sales", "support"], group: 1, date_from: "2020-01-01" }
      const all = yield* Archives.stream(filters).pipe(Stream.runCollect)
      expect(all.length).toBeGreaterThan(30)
      const head = yield* Archives.streamWithCheckpoints(filters).pipe(Stream.take(30), Stream.runCollect)
      const checkpoint = Chunk.unsafeLast(head).checkpoint
      // The same filters, keys in another order, the tags listed the other way round, an undefined key.
      const rest = yield* Archives.stream(
        { date_from: "2020-01-01", group: 1, tag: ["support", "sales"], agent: undefined },
        { resume: checkpoint }
      ).pipe(Stream.runCollect)
      expect([...ids(Array.from(head, (r) => r.item)), ...ids(rest)]).toEqual(ids(all))
      for (const other of [{ ...filters, group: 2 }, { ...filters, tag: ["sales"] }, { tag: filters.tag, group: 1 }]) {
        const error = yield* Effect.flip(Archives.stream(other, { resume: checkpoint }).pipe(Stream.runDrain))
        expect(error._tag).toBe("InvalidInput")
      }
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 400 } }))))

  it.effect("a checkpoint of another run is refused", () =>
    Effect.gen(function*() {
      const [one] = yield* Archives.streamWithCheckpoints({ tag: ["sales"] }).pipe(Stream.take(1), Stream.runCollect)
      const error = yield* Effect.flip(
        Archives.stream({ tag: ["support"] }, { resume: one.checkpoint }).pipe(Stream.runDrain)
      )
      expect(error._tag).toBe("InvalidInput")
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 90 } }))))
})
