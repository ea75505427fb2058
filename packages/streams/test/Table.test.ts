/**
 * The table of the issue "exact against the API as the reference documents it", row by row, as
 * named regression tests: each server behaviour the reference documents (or leaves open), set on
 * `LiveChatFake`, and a run that must read every record exactly once. Before the engine rested on
 * the reference alone, these runs stopped after a page, or succeeded with records missing.
 * The measured table is printed at the end.
 */
import type { LiveChatClient } from "@effect-livechat/core"
import { Archives, Tickets } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Stream, TestClock } from "effect"

const measured: Array<Record<string, string | number>> = []
afterAll(() => {
  if (measured.length > 0) console.table(measured)
})

/** Reads the whole archive and checks it against the fake's own records: none missing, none twice. */
const exact = (
  row: string,
  kind: "chats" | "tickets",
  options: { readonly order?: "asc" | "desc"; readonly recordCap?: number } = {}
) =>
  Effect.gen(function*() {
    const fake = yield* LiveChatFake.LiveChatFake
    // The run's clock agrees with the server's, as it does against the real API.
    yield* TestClock.setTime((yield* fake.now) * 1000)
    const truth = new Set<string>()
    const archive = kind === "chats" ? fake.state.chats : fake.state.tickets
    for (let i = 0; i < archive.count; i++) if (archive.has(i)) truth.add(archive.idOf(i))
    const stream: Stream.Stream<{ readonly id: string }, unknown, LiveChatClient.LiveChatClient> = kind === "chats"
      ? Archives.stream({}, { concurrency: 8, recordCap: options.recordCap })
      : Tickets.stream(options.order === undefined ? {} : { order: options.order }, { concurrency: 8 })
    const ids = Array.from(yield* Stream.runCollect(stream), (r) => r.id)
    const got = new Set(ids)
    const missing = [...truth].filter((id) => !got.has(id)).length
    measured.push({ row, expected: truth.size, emitted: ids.length, missing, twice: ids.length - got.size })
    expect(ids.length).toBe(got.size)
    expect(missing).toBe(0)
    expect([...got].filter((id) => !truth.has(id))).toEqual([])
  })

const chats = { chats: 3_000 }

describe("the issue's table: every row exact", () => {
  it.effect("dates are days; a time of day is ignored (the fake's default)", () =>
    exact("days, time of day ignored", "chats", { recordCap: 1_000 }).pipe(
      Effect.provide(LiveChatFake.layer({ seed: chats, recordCap: 1_000 }))
    ))

  it.effect("a time of day is refused (400): the run continues on days, without a failed request", () =>
    Effect.gen(function*() {
      yield* exact("time of day refused (400)", "chats", { recordCap: 1_000 })
      const fake = yield* LiveChatFake.LiveChatFake
      expect((yield* fake.requests).filter((r) => r.status === 400)).toEqual([])
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: chats, recordCap: 1_000, dates: "refuse-times" }))))

  it.effect("a license east of UTC (+5:30), times honoured, no timezone sent", () =>
    exact("license +5:30, times honoured", "chats", { recordCap: 1_000 }).pipe(
      Effect.provide(
        LiveChatFake.layer({ seed: chats, recordCap: 1_000, dates: "times", timeZone: "Asia/Kolkata" })
      )
    ))

  it.effect("a license west of UTC (−7 h)", () =>
    exact("license −7 h", "chats", { recordCap: 1_000 }).pipe(
      Effect.provide(LiveChatFake.layer({ seed: chats, recordCap: 1_000, timeZone: "America/Phoenix" }))
    ))

  for (const order of ["desc", "asc"] as const) {
    it.effect(`tickets by last modification, matched by any activity, some modified after creation (${order})`, () =>
      Effect.gen(function*() {
        const fake = yield* LiveChatFake.LiveChatFake
        // Modified after they were created, before the run and while it reads.
        for (let i = 0; i < 615; i += 7) yield* fake.modifyTicket(fake.state.tickets.get(i).id)
        let answers = 0
        yield* fake.onAnswer(() => {
          answers++
          if (answers % 4 === 0) Effect.runSync(fake.modifyTicket(fake.state.tickets.get((answers * 13) % 615).id))
        })
        yield* exact(`tickets by modification (${order}), modified during the run`, "tickets", { order })
      }).pipe(Effect.provide(LiveChatFake.layer({ seed: { tickets: 615 } }))))
  }

  it.effect("chats oldest first (the order of GET /chats is not stated), times honoured", () =>
    exact("chats oldest first, times honoured", "chats", { recordCap: 1_000 }).pipe(
      Effect.provide(
        LiveChatFake.layer({ seed: chats, recordCap: 1_000, chatOrder: "asc", dates: "times", timeZone: "UTC" })
      )
    ))

  it.effect("records of one second in a different order in every query, on a still archive, times honoured in UTC", () =>
    exact("unstable order within a second", "chats").pipe(
      Effect.provide(LiveChatFake.layer({
        // 750 chats in ten minutes: most seconds hold more than one.
        seed: { chats: 750, from: "2025-12-31T23:50:00Z", to: "2026-01-01T00:00:00Z" },
        ties: "unstable",
        dates: "times",
        timeZone: "UTC"
      }))
    ))

  it.effect("the timezone a user passes is sent with every request, and windows of its days are exact", () =>
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      yield* TestClock.setTime((yield* fake.now) * 1000)
      const all = Array.from({ length: 3_000 }, (_, i) => fake.chatAt(i))
      // Days of Asia/Kolkata, not of the license's zone (America/Phoenix): 12.5 hours apart.
      const from = fake.dayOf(all[1_000].started_timestamp, "Asia/Kolkata")
      const to = fake.dayOf(all[2_500].started_timestamp, "Asia/Kolkata")
      const expected = all.filter((c) => {
        const day = fake.dayOf(c.started_timestamp, "Asia/Kolkata")
        return day >= from && day <= to
      }).map((c) => c.id)
      yield* fake.clearRequests
      const got = Array.from(
        yield* Stream.runCollect(
          Archives.stream({ date_from: from, date_to: to, timezone: "Asia/Kolkata" }, {
            recordCap: 500,
            concurrency: 4
          })
        ),
        (c) => c.id
      )
      expect([...got].sort()).toEqual([...expected].sort())
      const requests = yield* fake.requests
      expect(requests.length).toBeGreaterThan(10)
      expect(requests.every((r) => r.query.some(([k, v]) => k === "timezone" && v === "Asia/Kolkata"))).toBe(true)
      measured.push({
        row: "a timezone passed by the user",
        expected: expected.length,
        emitted: got.length,
        missing: 0,
        twice: 0
      })
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: chats, recordCap: 500 }))))

  it.effect("control: times honoured, UTC, tickets never modified", () =>
    Effect.gen(function*() {
      yield* exact("control: chats", "chats", { recordCap: 1_000 })
      yield* exact("control: tickets", "tickets")
    }).pipe(
      Effect.provide(
        LiveChatFake.layer({ seed: { ...chats, tickets: 615 }, recordCap: 1_000, dates: "times", timeZone: "UTC" })
      )
    ))
})
