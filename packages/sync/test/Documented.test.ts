/**
 * The sync on the ground the reference documents: dates as days in the license's time zone (east
 * and west of UTC), a time of day honoured or refused, chats in either order with records of one
 * second reordered between queries, tickets ordered by last modification and modified after they
 * were synced; and the audit's blind spot (a chat lost and another deleted within one range leave
 * the counts equal), closed by the rolling re-verification within its bound.
 */
import { Days } from "@effect-livechat/core"
import { Sync } from "@effect-livechat/sync"
import type { LiveChatFake } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { database, expectExact, expectTable, served, truthOf } from "./support.js"

const seed = { chats: 500, tickets: 100, agents: 3, groups: 2, seed: "documented" }

const servers: ReadonlyArray<readonly [string, LiveChatFake.Options]> = [
  ["days in the license's zone, America/Phoenix (the fake's default)", {}],
  ["a license east of UTC (+5:30), times of day honoured", { timeZone: "Asia/Kolkata", dates: "times" }],
  ["a time of day refused (400)", { dates: "refuse-times" }],
  ["chats oldest first, records of one second reordered in every query", { chatOrder: "asc", ties: "unstable" }]
]

describe.each(servers)("Sync against a server with %s", (_, options) => {
  it.live(
    "full, drift (late chats, a chat deleted, tickets modified, created, solved), incremental: exact, nothing wrongly deleted",
    () =>
      Effect.gen(function*() {
        const { client, fake } = yield* served({ seed, ...options })
        const { context, sql } = yield* database("sqlite")
        const sync = Sync.run({ batchSize: 100 }).pipe(
          Effect.provide(Layer.succeedContext(context)),
          Effect.provide(client)
        )
        yield* sync
        yield* expectExact(sql, fake)

        // New chats; two that started long ago and just ended; one deleted (the counts move: an arrival
        // and a removal that leave them equal are the blind spot's test, below).
        yield* fake.addChats(30)
        yield* fake.arrive({ kind: "chats", at: fake.chatAt(20).started_timestamp + 7 })
        yield* fake.arrive({ kind: "chats", at: fake.chatAt(200).started_timestamp + 7 })
        yield* fake.remove("chats", fake.chatAt(300).id)
        // Tickets synced long ago are modified (they move to the end of the change feed), one is solved,
        // one is created.
        for (const i of [3, 40, 77]) yield* fake.modifyTicket(fake.state.tickets.get(i).id)
        yield* fake.setTicketStatus(fake.state.tickets.get(12).id, "solved")
        yield* fake.arrive({ kind: "tickets", status: "open" })
        const second = yield* sync
        const chats = second.resources.find((r) => r.resource === "chats")!
        const tickets = second.resources.find((r) => r.resource === "tickets")!
        expect(chats.mode).toBe("incremental")
        expect(chats.deleted).toBe(1)
        expect(tickets.deleted).toBe(0)
        // The modified tickets came through the change feed, not through a full read.
        expect(tickets.written).toBeGreaterThanOrEqual(5)
        expect(tickets.written).toBeLessThan(100)
        const requests = yield* fake.requests
        const refused = requests.filter((r) => r.status === 400)
        expect(refused).toEqual([])
        yield* expectExact(sql, fake)
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("the audit's blind spot", () => {
  it.live(
    "a chat missing and an extra one within one range (counts equal) are mended within ceil(days / verifyDays) runs",
    () =>
      Effect.gen(function*() {
        const { client, fake } = yield* served({ seed: { ...seed, chats: 300, tickets: 0 } })
        const { context, sql } = yield* database("sqlite")
        const verifyDays = 200
        const sync = Sync.run({ resources: ["chats"], verifyDays }).pipe(
          Effect.provide(Layer.succeedContext(context)),
          Effect.provide(client)
        )
        yield* sync
        // The mirror loses an old chat and holds one the server never had, on the same day: every count
        // the audit compares stays equal.
        const lost = fake.chatAt(40)
        yield* sql`DELETE FROM livechat_chats WHERE id = ${lost.id}`
        yield* sql`INSERT INTO livechat_chats (id, started_at, tags, record, run, synced_at)
        VALUES ('GHOST', ${lost.started_timestamp + 1}, '[]', '{}', 1, 0)`
        const oldest = Days.ofSeconds(fake.chatAt(0).started_timestamp)
        const newest = Days.ofSeconds(fake.chatAt(299).started_timestamp)
        const bound = Math.ceil((newest - oldest + 1) / verifyDays) + 1
        let runs = 0
        let mended = false
        while (!mended && runs < bound) {
          const summary = yield* sync
          runs++
          expect(summary.resources[0].audited).toBe(0)
          const rows = yield* sql<{ id: string; deleted_at: unknown }>`SELECT id, deleted_at FROM livechat_chats
          WHERE id IN (${lost.id}, 'GHOST')`
          mended = rows.length === 2 && rows.every((r) => (r.id === "GHOST") === (r.deleted_at !== null))
        }
        expect(mended).toBe(true)
        expect(runs).toBeLessThanOrEqual(bound)
        yield* expectTable(sql, "livechat_chats", "id", truthOf(fake).chats)
      }).pipe(Effect.scoped),
    60_000
  )
})
