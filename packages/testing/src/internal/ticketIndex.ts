/**
 * Tickets as `GET /tickets` finds them: a ticket matches a date range when any of its activities
 * falls in it (its creation, its events, the start and end of its opened periods, its last
 * modification), and the matches are ordered by last modification (`modified`). The ticket
 * archive is kept in creation order (what the reports read); this index scans it and sorts the
 * matches per query, kept until the archive changes. Ticket counts are small (thousands), so a
 * scan is cheap; a seeded ticket's times are read once and kept.
 */
import type { Ticket } from "@effect-livechat/core"
import type { Archive, Selection } from "./archive.js"
import type { TicketView } from "./seed.js"
import { ticketDate } from "./time.js"

/** When a ticket was active: every activity (unix seconds, ascending) and its last modification. */
export interface TicketTimes {
  readonly activities: Float64Array
  readonly modified: number
}

/** The times of a ticket, read from its fields. */
export const ticketTimes = (ticket: Ticket.Ticket): TicketTimes => {
  const found: Array<number> = []
  const add = (value: unknown) => {
    const at = ticketDate(value)
    if (at !== undefined) found.push(at)
  }
  add(ticket.date)
  for (const event of ticket.events) add(event.date)
  for (const period of ticket.opened) {
    add(period.from)
    add(period["to"])
  }
  add(ticket.modified)
  const activities = Float64Array.from(found).sort()
  return { activities, modified: ticketDate(ticket.modified) ?? activities[activities.length - 1] ?? 0 }
}

/** Whether any of `activities` (ascending) is in `[from, to]`. */
const anyIn = (activities: Float64Array, from: number, to: number): boolean => {
  let lo = 0
  let hi = activities.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (activities[mid] < from) lo = mid + 1
    else hi = mid
  }
  return lo < activities.length && activities[lo] <= to
}

const cacheSize = 8

export class TicketIndex {
  /** The times of seeded tickets not changed since, by index (read once). */
  private readonly seeded = new Map<number, TicketTimes>()
  /** The times of changed and added tickets, by record (a record is never mutated). */
  private readonly changed = new WeakMap<Ticket.Ticket, TicketTimes>()
  private readonly cache = new Map<string, Int32Array>()
  private revision = -1

  constructor(private readonly archive: Archive<Ticket.Ticket, TicketView>) {}

  times(index: number): TicketTimes {
    const record = this.archive.changedRecord(index)
    if (record === undefined) {
      let times = this.seeded.get(index)
      if (times === undefined) {
        times = ticketTimes(this.archive.get(index))
        this.seeded.set(index, times)
      }
      return times
    }
    let times = this.changed.get(record)
    if (times === undefined) {
      times = ticketTimes(record)
      this.changed.set(record, times)
    }
    return times
  }

  /** The last modification of the ticket at `index` (unix seconds). */
  modified(index: number): number {
    return this.times(index).modified
  }

  /**
   * The tickets with an activity in `[from, to]` that pass `predicate`, by last modification:
   * newest first, or oldest first with `ascending`; tickets modified in the same second in the
   * order they were created (the newest first when descending).
   */
  select(
    from: number,
    to: number,
    predicate: { readonly key: string; readonly test: (view: TicketView, index: number) => boolean } | undefined,
    ascending: boolean
  ): Selection {
    if (this.archive.revision !== this.revision) {
      this.cache.clear()
      this.revision = this.archive.revision
    }
    const key = `${from}:${to}:${predicate?.key ?? ""}`
    let list = this.cache.get(key)
    if (list === undefined) {
      const found: Array<{ readonly index: number; readonly modified: number }> = []
      for (let index = 0; index < this.archive.count; index++) {
        if (!this.archive.has(index)) continue
        const times = this.times(index)
        if (!anyIn(times.activities, from, to)) continue
        if (predicate !== undefined && !predicate.test(this.archive.view(index), index)) continue
        found.push({ index, modified: times.modified })
      }
      found.sort((a, b) => a.modified - b.modified || a.index - b.index)
      list = Int32Array.from(found, (f) => f.index)
      if (this.cache.size >= cacheSize) this.cache.delete(this.cache.keys().next().value!)
      this.cache.set(key, list)
    }
    const matches = list
    return { total: matches.length, at: (k) => (ascending ? matches[k] : matches[matches.length - 1 - k]) }
  }
}
