/**
 * The engine of streamed runs over a paginated archive (chats, tickets): fixes the run's end,
 * plans windows that fit the record cap, reads pages ahead with bounded concurrency while emitting
 * records in the server's order, dedupes, checks totals, reports progress and checkpoints.
 */
import { InvalidInput, LiveChatClient, type LiveChatError } from "@effect-livechat/core"
import { Effect, Either, Stream } from "effect"
import type { Checkpoint } from "../Checkpoint.js"
import type { Progress } from "../Progress.js"
import { ArchiveMismatch, PageFailed, type Window, WindowTooDense } from "../StreamError.js"
import { fromParam, parseFrom, parseTo, split, toParam } from "./time.js"

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

/** What the engine needs to know of an archive. */
export interface Source<F extends DateFilters, A> {
  readonly kind: "chats" | "tickets"
  /** The operation name, for errors (`Archives.stream`). */
  readonly operation: string
  readonly list: (filters: F) => Effect.Effect<Page<A>, LiveChatError, LiveChatClient.LiveChatClient>
  /** The filters of a probe for the newest record (newest first, whatever the run's order). */
  readonly newestFirst: (filters: F) => F
  /** Whether the run reads oldest first. */
  readonly ascending: (filters: F) => boolean
  readonly id: (item: A) => string
  /** The record's time, in unix seconds, as the archive's date filters see it. */
  readonly time: (item: A) => number
}

export interface Options {
  /** Pages read ahead at once within a window, once page 1 has told how many there are. Default 4. */
  readonly concurrency?: number | undefined
  /** The server's record cap: a query reaches only its newest `recordCap` records. Default 100000. */
  readonly recordCap?: number | undefined
  /** A tracker to keep up to date (see `Progress.make`). */
  readonly progress?: Progress | undefined
  /** Continue a run from a checkpoint it reported. */
  readonly resume?: Checkpoint | undefined
  /** What to do when a window's records do not add up to the server's total: log a warning (default) or fail. */
  readonly consistency?: "warn" | "fail" | undefined
}

export interface Plan {
  /** The windows, in the order the run reads them. */
  readonly windows: ReadonlyArray<Window>
  /** The records the run will read (the sum of the windows' totals). */
  readonly total: number
  /** The requests a run makes: planning probes, then every page not already read by a probe. */
  readonly requests: number
}

interface Planned<A> {
  readonly window: Window
  /** Page 1 of the window, when planning read it. */
  readonly first: Page<A> | undefined
}

const pageSize = 25

const pagesOf = (total: number, cap: number) => Math.ceil(Math.min(total, cap) / pageSize)

const counting = <A, E, R>(effect: Effect.Effect<A, E, R>, progress: Progress | undefined) =>
  progress === undefined ?
    effect :
    LiveChatClient.withObserver(effect, (event) =>
      progress.update((c) => ({ ...c, requests: c.requests + 1, retries: c.retries + (event.attempt > 1 ? 1 : 0) })))

export const make = <F extends DateFilters, A>(source: Source<F, A>) => {
  const windowFilters = (filters: F, window: { readonly from: number; readonly to: number }, page: number): F => ({
    ...filters,
    date_from: fromParam(window.from),
    date_to: toParam(window.to),
    page
  })

  const invalid = (field: string, detail: string) => new InvalidInput({ operation: source.operation, field, detail })

  /** Splits `[from, to)` until every window holds at most `cap` records; newest first. */
  const planRange = (
    filters: F,
    from: number,
    to: number,
    cap: number,
    progress: Progress | undefined,
    known?: Page<A>
  ): Effect.Effect<
    { readonly planned: ReadonlyArray<Planned<A>>; readonly probes: number },
    LiveChatError | WindowTooDense,
    LiveChatClient.LiveChatClient
  > =>
    Effect.gen(function*() {
      const probe = known ?? (yield* counting(source.list(windowFilters(filters, { from, to }, 1)), progress))
      const probes = known === undefined ? 1 : 0
      const window: Window = { from, to, total: probe.total, pages: pagesOf(probe.total, cap) }
      if (probe.total <= cap) return { planned: [{ window, first: probe }], probes }
      if (to - from <= 1) return yield* new WindowTooDense({ window, recordCap: cap })
      const middle = split(from, to)
      const newer = yield* planRange(filters, middle, to, cap, progress)
      const older = yield* planRange(filters, from, middle, cap, progress)
      return { planned: [...newer.planned, ...older.planned], probes: probes + newer.probes + older.probes }
    })

  /** Fixes the run's end and plans its windows. */
  const planRun = (filters: F, options: Options) =>
    Effect.gen(function*() {
      const cap = options.recordCap ?? 100_000
      if (!Number.isInteger(cap) || cap < 1) return yield* invalid("recordCap", "must be a whole number of at least 1")
      const from = filters.date_from === undefined ? 0 : parseFrom(filters.date_from)
      if (from === undefined) return yield* invalid("date_from", "must be a date as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS")
      const ascending = source.ascending(filters)
      let to: number
      let known: Page<A> | undefined
      let probes = 0
      if (filters.date_to !== undefined) {
        const end = parseTo(filters.date_to)
        if (end === undefined) return yield* invalid("date_to", "must be a date as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS")
        to = end
      } else {
        // The run ends at the newest record's second when it starts: records arriving later stay out.
        const { date_to: _, page: __, ...open } = filters
        const newest = yield* counting(
          source.list(source.newestFirst({ ...open, date_from: fromParam(from), page: 1 } as F)),
          options.progress
        )
        probes++
        const first = newest.items[0]
        to = first === undefined ? from + 1 : Math.max(from, source.time(first)) + 1
        // This probe is page 1 of the whole range, newest first: reuse it when that is the run's order.
        if (!ascending) known = newest
      }
      if (to <= from) return { windows: [], planned: [], probes, cap }
      const planned = yield* planRange(filters, from, to, cap, options.progress, known)
      const ordered = ascending ? [...planned.planned].reverse() : planned.planned
      return { planned: ordered, probes: probes + planned.probes, cap }
    })

  const plan = (
    filters: F,
    options: Options = {}
  ): Effect.Effect<Plan, LiveChatError | WindowTooDense, LiveChatClient.LiveChatClient> =>
    Effect.map(planRun(filters, options), ({ planned, probes }) => ({
      windows: planned.map((p) => p.window),
      total: planned.reduce((sum, p) => sum + p.window.total, 0),
      requests: probes +
        planned.reduce((sum, p) => sum + Math.max(0, p.window.pages - (p.first === undefined ? 0 : 1)), 0)
    }))

  /** The run, as records with the checkpoint after each. */
  const run = (
    filters: F,
    options: Options = {}
  ): Stream.Stream<
    { readonly item: A; readonly checkpoint: Checkpoint },
    LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch,
    LiveChatClient.LiveChatClient
  > => {
    const concurrency = options.concurrency ?? 4
    const progress = options.progress
    const { page: _, ...rest } = filters
    const key = JSON.stringify(rest)
    const resume = options.resume

    const prepare = Effect.gen(function*() {
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        return yield* invalid("concurrency", "must be a whole number of at least 1")
      }
      if (progress !== undefined) {
        const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
        yield* progress.update((c) => ({ ...c, startedAt: c.startedAt ?? now }))
      }
      if (resume !== undefined) {
        if (resume.kind !== source.kind || resume.filters !== key) {
          return yield* invalid("resume", "the checkpoint belongs to another run (other archive or filters)")
        }
        return { planned: resume.windows.map((window) => ({ window, first: undefined })), emitted: resume.emitted }
      }
      const { planned } = yield* planRun(filters, options)
      return { planned: planned as ReadonlyArray<Planned<A>>, emitted: 0 }
    })

    return Stream.unwrap(Effect.map(prepare, ({ emitted: before, planned }) => {
      const windows = planned.map((p) => p.window)
      const announce = progress === undefined ? Effect.void : progress.update((c) => ({
        ...c,
        items: before,
        expected: windows.reduce((sum, w) => sum + w.total, 0),
        pagesTotal: windows.reduce((sum, w) => sum + w.pages, 0),
        windowsTotal: windows.length,
        windows: resume?.window ?? 0
      }))
      let emitted = before
      let last: Checkpoint = resume ?? {
        version: 1,
        kind: source.kind,
        filters: key,
        windows,
        window: 0,
        page: 1,
        offset: -1,
        lastId: null,
        emitted: 0,
        inWindow: 0
      }

      const windowStream = (index: number) => {
        const { first, window } = planned[index]
        const resuming = resume !== undefined && index === resume.window
        const startPage = resuming ? resume.page : 1
        let inWindow = resuming ? resume.inWindow : 0
        let previousIds = new Set<string>()

        const fetch = (page: number) =>
          (page === 1 && first !== undefined ? Effect.succeed(first) : counting(
            source.list(windowFilters(filters, window, page)),
            progress
          )).pipe(
            Effect.withSpan("livechat.stream.page", {
              attributes: { "livechat.kind": source.kind, "livechat.window": index, "livechat.page": page }
            }),
            Effect.either,
            Effect.map((result) => ({ page, result }))
          )

        const pages = window.pages >= startPage
          ? Stream.range(startPage, window.pages).pipe(Stream.mapEffect(fetch, { concurrency }))
          : Stream.empty

        const records = pages.pipe(
          Stream.mapEffect(({ page, result }) =>
            Either.match(result, {
              onLeft: (error) => Effect.fail(new PageFailed({ window, page, error, checkpoint: last })),
              onRight: (answer) => {
                const ids = new Set<string>()
                const out: Array<{ readonly item: A; readonly checkpoint: Checkpoint }> = []
                // On the page a run resumes at, the records up to the checkpoint's were emitted already.
                const skipTo = !resuming || page !== resume.page
                  ? -1
                  : resume.lastId === null
                  ? resume.offset
                  : Math.max(resume.offset, answer.items.findIndex((i) => source.id(i) === resume.lastId))
                answer.items.forEach((item, offset) => {
                  const id = source.id(item)
                  ids.add(id)
                  // Records shifted from the previous page (arrivals within the run's last second) are read once.
                  if (previousIds.has(id) || offset <= skipTo) return
                  emitted++
                  inWindow++
                  last = {
                    version: 1,
                    kind: source.kind,
                    filters: key,
                    windows,
                    window: index,
                    page,
                    offset,
                    lastId: id,
                    emitted,
                    inWindow
                  }
                  out.push({ item, checkpoint: last })
                })
                previousIds = ids
                const report = progress === undefined ? Effect.void : progress.update((c) => ({
                  ...c,
                  items: c.items + out.length,
                  pages: c.pages + 1
                }))
                return Effect.as(report, out)
              }
            })
          ),
          Stream.flattenIterables
        )

        const check = Effect.suspend(() => {
          const done = progress === undefined ? Effect.void : progress.update((c) => ({ ...c, windows: c.windows + 1 }))
          if (inWindow === window.total) return done
          const mismatch = new ArchiveMismatch({ window, emitted: inWindow })
          const counted = progress === undefined
            ? Effect.void
            : progress.update((c) => ({ ...c, mismatches: c.mismatches + 1 }))
          return Effect.zipRight(
            Effect.zipRight(done, counted),
            options.consistency === "fail" ? Effect.fail(mismatch) : Effect.logWarning(mismatch.message)
          )
        })

        return Stream.concat(records, Stream.drain(Stream.fromEffect(check))).pipe(
          Stream.withSpan("livechat.stream.window", {
            attributes: {
              "livechat.kind": source.kind,
              "livechat.window": index,
              "livechat.window.from": window.from,
              "livechat.window.to": window.to,
              "livechat.window.total": window.total
            }
          })
        )
      }

      const first = resume?.window ?? 0
      const finish = progress === undefined ? Effect.void : progress.update((c) => ({ ...c, done: true }))
      return Stream.fromEffect(announce).pipe(
        Stream.drain,
        Stream.concat(Stream.flatMap(Stream.range(first, windows.length - 1), windowStream, { concurrency: 1 })),
        Stream.concat(Stream.drain(Stream.fromEffect(finish)))
      )
    }))
  }

  return { plan, run }
}

/** A page of a run, as the `pages` variants emit it. */
export interface PageOfRun<A> {
  /** The window (index in the run's plan) and the page number within it. */
  readonly window: number
  readonly page: number
  readonly items: ReadonlyArray<A>
  /** The window's total records and pages, as the server reported them. */
  readonly total: number
  readonly pages: number
}

/** Groups a run's records back into the pages they came in. */
export const pages = <A, E, R>(
  run: Stream.Stream<{ readonly item: A; readonly checkpoint: Checkpoint }, E, R>
): Stream.Stream<PageOfRun<A>, E, R> =>
  run.pipe(
    Stream.groupAdjacentBy(({ checkpoint }) => `${checkpoint.window}:${checkpoint.page}`),
    Stream.map(([, chunk]) => {
      const records = Array.from(chunk)
      const { checkpoint } = records[0]
      const window = checkpoint.windows[checkpoint.window]
      return {
        window: checkpoint.window,
        page: checkpoint.page,
        items: records.map(({ item }) => item),
        total: window.total,
        pages: window.pages
      }
    })
  )

/** Everything a streamed run can fail with. */
export type Failure = LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch

/** The public operations over one archive (what the `Archives` and `Tickets` modules export). */
export interface Api<F extends DateFilters, A> {
  /**
   * The windows a run over these filters reads, and the number of requests it will make, without
   * reading the records (planning reads page 1 of each window it considers).
   */
  readonly plan: (
    filters?: Omit<F, "page">,
    options?: Options
  ) => Effect.Effect<Plan, LiveChatError | WindowTooDense, LiveChatClient.LiveChatClient>
  /**
   * The records, each with the checkpoint that resumes the run right after it: save the checkpoint
   * once you have processed the record, and pass it as `resume` to continue after a stop.
   */
  readonly streamWithCheckpoints: (
    filters?: Omit<F, "page">,
    options?: Options
  ) => Stream.Stream<{ readonly item: A; readonly checkpoint: Checkpoint }, Failure, LiveChatClient.LiveChatClient>
  /** The records matching `filters`, in the server's order. */
  readonly stream: (
    filters?: Omit<F, "page">,
    options?: Options
  ) => Stream.Stream<A, Failure, LiveChatClient.LiveChatClient>
  /** Each page as it is read: its window and number, its records, and the window's `total` and `pages`. */
  readonly pages: (
    filters?: Omit<F, "page">,
    options?: Options
  ) => Stream.Stream<PageOfRun<A>, Failure, LiveChatClient.LiveChatClient>
}

/** The public operations over the archive a source describes. */
export const api = <F extends DateFilters, A>(source: Source<F, A>): Api<F, A> => {
  const engine = make(source)
  const filtersOf = (filters: Omit<F, "page"> = {} as Omit<F, "page">) => filters as F
  return {
    plan: (filters, options) => engine.plan(filtersOf(filters), options),
    streamWithCheckpoints: (filters, options) => engine.run(filtersOf(filters), options),
    stream: (filters, options) => Stream.map(engine.run(filtersOf(filters), options), ({ item }) => item),
    pages: (filters, options) => pages(engine.run(filtersOf(filters), options))
  }
}
