/**
 * The plan of a run: its date range as windows of whole days, each small enough for the record
 * cap (a query reaches only its first `recordCap` records).
 *
 * Windows are ranges of day labels (see `days.ts`): the server decides which records fall in each,
 * in its own time zone, so windows of consecutive days split the chats without gap or overlap (a
 * chat falls in the day it started). A range holding more than the cap is halved, newest half
 * first, down to single days. Tickets cannot be split so: a ticket matches every day it had any
 * activity on, so it would fall in several windows; a ticket run is one window.
 *
 * A single day holding more than the cap cannot be read whole by any documented query; it is
 * planned as a *dense* window, which the run fails on with `WindowTooDense` when it reaches it
 * (after emitting the windows before it, with a checkpoint).
 */
import type { LiveChatClient, LiveChatError } from "@effect-livechat/core"
import { Clock, Effect } from "effect"
import type { Window } from "../StreamError.js"
import * as Days from "./days.js"

export const pageSize = 25

/** A page of a list query, as the engine sees it. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly total: number
  readonly pages: number
}

export interface DateFilters {
  readonly date_from?: string | undefined
  readonly date_to?: string | undefined
  readonly page?: number | undefined
}

/** What planning needs of an archive. */
export interface Lister<F extends DateFilters, A> {
  readonly list: (filters: F) => Effect.Effect<Page<A>, LiveChatError, LiveChatClient.LiveChatClient>
  /** Whether each record falls in exactly one day of the date filters (see the module's comment). */
  readonly splits: boolean
}

/** A window of the plan, with page 1 when planning read it. */
export interface Planned<A> {
  readonly window: Window
  readonly first: Page<A> | undefined
  /** More records than the cap in a range that cannot be split further. */
  readonly dense: boolean
}

/** The pages of one reading of `total` records, at most the cap's worth. */
export const pagesOf = (total: number, cap: number): number => Math.max(1, Math.ceil(Math.min(total, cap) / pageSize))

/** The reads a still archive costs a window (see `ledger.ts`): one when it fits a page, two rounds otherwise. */
export const plannedReads = (window: Window): number => window.pages <= 1 ? 1 : 2 * window.pages

/** The filters of page `page` of `window`: the run's own, with the window's days (`null`: left out). */
export const filtersOf = <F extends DateFilters>(filters: F, window: Pick<Window, "from" | "to">, page: number): F => {
  const { date_from: _, date_to: __, ...rest } = filters
  const bounds: DateFilters = {}
  if (window.from !== null) (bounds as { date_from?: string }).date_from = window.from
  if (window.to !== null) (bounds as { date_to?: string }).date_to = window.to
  return { ...rest, ...bounds, page } as F
}

/** Planning a range: its windows, newest first. */
type Planning<A> = Effect.Effect<ReadonlyArray<Planned<A>>, LiveChatError, LiveChatClient.LiveChatClient>

/** A range of days, with the ends the run left open (written without `date_from` / `date_to`). */
interface Range {
  readonly lo: Days.Day
  readonly hi: Days.Day
  readonly openLo: boolean
  readonly openHi: boolean
}

const windowOf = (range: Range): Pick<Window, "from" | "to"> => ({
  from: range.openLo ? null : Days.format(range.lo),
  to: range.openHi ? null : Days.format(range.hi)
})

/**
 * Plans the windows of `[from, to]` (day labels; `undefined`: the run left that end open), newest
 * first. `probes` counts the requests planning made.
 */
export const plan = <F extends DateFilters, A>(
  lister: Lister<F, A>,
  filters: F,
  bounds: { readonly from: Days.Day | undefined; readonly to: Days.Day | undefined },
  cap: number,
  count: <X, E, R>(effect: Effect.Effect<X, E, R>) => Effect.Effect<X, E, R>
): Effect.Effect<
  { readonly planned: ReadonlyArray<Planned<A>>; readonly probes: number },
  LiveChatError,
  LiveChatClient.LiveChatClient
> =>
  Effect.gen(function*() {
    let probes = 0
    const probe = (window: Pick<Window, "from" | "to">) => {
      probes++
      return count(lister.list(filtersOf(filters, window, 1)))
    }
    const planned = (window: Pick<Window, "from" | "to">, first: Page<A>, dense: boolean): Planned<A> => ({
      window: { ...window, total: first.total, pages: pagesOf(first.total, cap) },
      first,
      dense
    })

    const now = yield* Clock.currentTimeMillis
    const live = Days.latest(now) - 3
    const lo = bounds.from ?? Math.min(Days.earliest, bounds.to ?? Days.earliest)
    const hi = bounds.to ?? Math.max(Days.latest(now), lo)
    /**
     * The windows of `range`, newest first: halved until each fits the cap. An open end is pushed
     * out first, until nothing lies beyond the day the halving starts from.
     */
    const split = (range: Range): Planning<A> =>
      Effect.gen(function*() {
        const window = windowOf(range)
        const first = yield* probe(window)
        if (first.total <= cap || !lister.splits) return [planned(window, first, first.total > cap)]
        let { hi, lo } = range
        while (range.openHi && (yield* probe({ from: Days.format(hi + 1), to: null })).total > 0) {
          hi += 2 * (hi - lo + 1)
        }
        while (range.openLo && (yield* probe({ from: null, to: Days.format(lo - 1) })).total > 0) {
          lo -= 2 * (hi - lo + 1)
        }
        return yield* halve({ ...range, lo, hi }, first)
      })

    const halve = (range: Range, first: Page<A>): Planning<A> =>
      Effect.gen(function*() {
        const window = windowOf(range)
        if (first.total <= cap) return [planned(window, first, false)]
        if (range.lo >= range.hi) return [planned(window, first, true)]
        const middle = range.lo + Math.floor((range.hi - range.lo) / 2)
        const newer = { lo: middle + 1, hi: range.hi, openLo: false, openHi: range.openHi }
        const older = { lo: range.lo, hi: middle, openLo: range.openLo, openHi: false }
        return [
          ...(yield* halve(newer, yield* probe(windowOf(newer)))),
          ...(yield* halve(older, yield* probe(windowOf(older))))
        ]
      })

    // Records arrive mostly in the last days (chats enter the archive when they end): those days
    // are a window of their own when the run reaches them, so that the rest stays still while
    // they are read, and a window growing under the run is a small one.
    const splitsLive = lister.splits && live > lo && (bounds.to === undefined || bounds.to >= live)
    const windows = splitsLive
      ? [
        ...(yield* split({ lo: live, hi: Math.max(hi, live), openLo: false, openHi: bounds.to === undefined })),
        ...(yield* split({ lo, hi: live - 1, openLo: bounds.from === undefined, openHi: false }))
      ]
      : yield* split({ lo, hi, openLo: bounds.from === undefined, openHi: bounds.to === undefined })
    return { planned: windows, probes }
  })
