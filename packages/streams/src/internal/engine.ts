/**
 * The engine of streamed runs over a paginated archive (chats, tickets): fixes the run's end,
 * plans windows that fit the record cap, and reads each window as a chain of reads that proves
 * itself complete while the archive changes.
 *
 * Why a chain: the API pages by number, newest first. A record entering or leaving the window
 * above a page boundary between the reads of the two pages around it shifts the records below,
 * and one arrival plus one removal leave every total unchanged, so no count can tell a still
 * archive from one that lost a record at a boundary. What proves a boundary is overlap: when two
 * consecutive reads (each an atomic, ordered snapshot) return a common record, every record that
 * was in the window throughout and lies between them in the order was in one of them. So:
 *
 * - the window's page 1 (the *top*) is read first; its records' seconds tell how to shift the page
 *   grid: page `j` of the window with its `e` newest records cut off by `date_to` starts `e`
 *   records further down. The other reads are planned from the top alone, each starting 24
 *   records after the previous one (one record of overlap), and read ahead with `concurrency`;
 * - each read is checked against the chain before its records are emitted: it must share a record
 *   with the previous read of the chain. When it does not (the archive changed in between), the
 *   run repairs: it reads page 1 of the window cut at the second of the last record proven (an
 *   anchored read, linked by time), and again, until the chain joins the planned read or passes
 *   it. A window ends with a read of fewer than 25 records (nothing below it);
 * - records are emitted once: a record is emitted only if it comes after the last record emitted
 *   in the order (or in the same second and not yet emitted), so memory is the ids of one second;
 * - repairs are bounded; when they run out, the window fails with `ArchiveMismatch`.
 *
 * The one case no read can prove: more than 25 records in one second, read across pages of that
 * second while records of that same second enter and leave. Its pages are read by number, and
 * re-read while the second's total moves.
 */
import { InvalidInput, LiveChatClient, type LiveChatError, Tracing } from "@effect-livechat/core"
import { Chunk, Effect, Either, Option, Stream } from "effect"
import type { Checkpoint } from "../Checkpoint.js"
import type { Counts, Progress } from "../Progress.js"
import { ArchiveMismatch, PageFailed, type Window, WindowTooDense } from "../StreamError.js"
import { readAhead } from "./readAhead.js"
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
  /**
   * What to do with a window the run cannot prove complete after its repairs: fail with
   * `ArchiveMismatch` (default), or log a warning, count it in the progress and go on.
   */
  readonly consistency?: "fail" | "warn" | undefined
  /**
   * Reads a window may make beyond its planned ones to prove itself complete while the archive
   * changes. Default: the window's planned reads plus 10.
   */
  readonly maxRepairs?: number | undefined
}

export interface Plan {
  /** The windows, in the order the run reads them. */
  readonly windows: ReadonlyArray<Window>
  /** The records the run will read (the sum of the windows' totals). */
  readonly total: number
  /**
   * The requests a run makes on a still archive: planning probes, then every read not already
   * made by a probe (exact when the records on each window's page 1 have distinct seconds; each
   * second they share may cost one more read).
   */
  readonly requests: number
}

interface Planned<A> {
  readonly window: Window
  /** Page 1 of the window, when planning read it. */
  readonly first: Page<A> | undefined
}

const pageSize = 25

/**
 * The reads of a window of `total` records: the top, then one every 24 records (one record of
 * overlap), until one is short of a full page.
 */
const readsOf = (total: number, cap: number) => {
  const n = Math.min(total, cap)
  return n < pageSize ? 1 : Math.floor((n - pageSize) / (pageSize - 1)) + 2
}

/** Filters as canonical JSON: keys sorted, lists of plain values sorted, `undefined` and `page` dropped. */
export const canonical = (filters: object): string => {
  const normal = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(normal)
      return items.every((i) => typeof i !== "object" || i === null)
        ? [...items].sort((a, b) => String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)
        : items
    }
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(
        Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort().map((
          k
        ) => [k, normal((value as Record<string, unknown>)[k])])
      )
    }
    return value
  }
  const { page: _, ...rest } = filters as Record<string, unknown>
  return JSON.stringify(normal(rest))
}

const append = <A>(to: Array<A>, more: ReadonlyArray<A>) => {
  for (const a of more) to.push(a)
}

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
      const window: Window = { from, to, total: probe.total, pages: readsOf(probe.total, cap) }
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
        // The run ends at the newest record's second when it starts: records that start later stay out.
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

  /**
   * The run, as what `emit` makes of each record: `emit(item, checkpoint)` is given the record and a
   * function that builds the checkpoint after it, to be called at once if at all (runs that want
   * checkpoints call it; a plain `stream` never builds one).
   */
  const run = <O>(
    filters: F,
    options: Options,
    emit: (item: A, checkpoint: () => Checkpoint) => O
  ): Stream.Stream<
    O,
    LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch,
    LiveChatClient.LiveChatClient
  > => {
    const concurrency = options.concurrency ?? 4
    const progress = options.progress
    const key = canonical(filters)
    const resume = options.resume
    const ascending = source.ascending(filters)
    const cap = options.recordCap ?? 100_000
    /** Whether second `a` comes after second `b` in the run's order. */
    const after = (a: number, b: number) => ascending ? a > b : a < b
    const update = (f: (c: Counts) => Counts) => progress === undefined ? Effect.void : progress.update(f)

    const prepare = Effect.gen(function*() {
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        return yield* invalid("concurrency", "must be a whole number of at least 1")
      }
      if (options.maxRepairs !== undefined && (!Number.isInteger(options.maxRepairs) || options.maxRepairs < 0)) {
        return yield* invalid("maxRepairs", "must be a whole number of at least 0")
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
      const announce = update((c) => ({
        ...c,
        items: before,
        expected: windows.reduce((sum, w) => sum + w.total, 0),
        pagesTotal: windows.reduce((sum, w) => sum + w.pages, 0),
        windowsTotal: windows.length,
        windows: resume?.window ?? 0
      }))
      let emitted = before
      // Where emission stands, updated in place for each record; a checkpoint is built from it only
      // when one is asked for (by `emit`, at once, or for an error). Before any record it is the
      // run's start, or the resume point.
      const at = {
        window: 0,
        page: 1,
        offset: -1,
        lastId: null as string | null,
        emitted: 0,
        inWindow: 0,
        second: null as number | null,
        /** The ids emitted at `second`, in order. */
        ids: new Set<string>() as ReadonlySet<string>
      }
      let resumedAt: Checkpoint | undefined = resume
      /** The checkpoint after the last record emitted. */
      const current = (): Checkpoint =>
        resumedAt ?? {
          version: 2,
          kind: source.kind,
          filters: key,
          windows,
          window: at.window,
          page: at.page,
          offset: at.offset,
          lastId: at.lastId,
          emitted: at.emitted,
          inWindow: at.inWindow,
          second: at.second,
          ids: Array.from(at.ids)
        }

      const windowStream = (index: number) => {
        const { first, window } = planned[index]
        const resuming = resume !== undefined && index === resume.window
        const maxRepairs = options.maxRepairs ?? window.pages + 10
        // The chain's state: where emission stands (the second of the last record emitted and the
        // ids emitted at it), the last read proven (its ids and its last record's second), the end.
        let second: number | undefined = resuming && resume.second !== null ? resume.second : undefined
        let atSecond = new Set<string>(resuming ? resume.ids : [])
        let inWindow = resuming ? resume.inWindow : 0
        let previous = new Set<string>()
        let lastSecond: number | undefined = second
        let bottom = false
        let reads = resuming ? resume.page : 0
        let repairs = 0

        /** The window, cut so that it starts at second `at` (anchored, inclusive) in the run's order. */
        const anchoredAt = (at: number) => ascending ? { from: at, to: window.to } : { from: window.from, to: at + 1 }
        const top = second === undefined ? window : anchoredAt(second)

        /** Page `page` of `range`, as read `read` of the window (`known`: already read while planning). */
        const fetch = (
          range: { readonly from: number; readonly to: number },
          page: number,
          read: number,
          known?: Page<A>
        ) =>
          (known !== undefined
            ? Effect.succeed(known)
            : counting(source.list(windowFilters(filters, range, page)), progress))
            .pipe(
              // The span ends without the page (see Tracing in @effect-livechat/core).
              Tracing.withSpan("livechat.stream.page", {
                captureStackTrace: false,
                attributes: {
                  "livechat.kind": source.kind,
                  "livechat.window": index,
                  "livechat.page": read,
                  "livechat.request.page": page
                }
              }),
              Effect.either,
              Effect.tap(() => update((c) => ({ ...c, pages: c.pages + 1 })))
            )

        /** A read that failed, when its turn comes: the checkpoint is that of the last record emitted by then. */
        const failed = (read: number, error: LiveChatError) =>
          Effect.suspend(() => Effect.fail(new PageFailed({ window, page: read, error, checkpoint: current() })))

        /** Emits a proven read's records that come after the last one emitted; moves the chain on. */
        const accept = (items: ReadonlyArray<A>) => {
          reads++
          const out: Array<O> = []
          for (const item of items) {
            const id = source.id(item)
            const time = source.time(item)
            if (second !== undefined && (after(second, time) || (time === second && atSecond.has(id)))) continue
            if (time !== second) {
              second = time
              atSecond = new Set()
            }
            atSecond.add(id)
            emitted++
            inWindow++
            resumedAt = undefined
            at.window = index
            at.page = reads
            at.offset = out.length
            at.lastId = id
            at.emitted = emitted
            at.inWindow = inWindow
            at.second = time
            at.ids = atSecond
            out.push(emit(item, current))
          }
          previous = new Set(items.map(source.id))
          if (items.length > 0) lastSecond = source.time(items[items.length - 1])
          if (items.length < pageSize) bottom = true
          return Effect.as(update((c) => ({ ...c, items: c.items + out.length })), out)
        }

        const unproven = Effect.suspend(() => {
          const mismatch = new ArchiveMismatch({
            window,
            expected: window.total,
            emitted: inWindow,
            checkpoint: current()
          })
          bottom = true
          return options.consistency === "warn"
            ? Effect.zipRight(
              update((c) => ({ ...c, mismatches: c.mismatches + 1 })),
              Effect.logWarning(mismatch.message)
            )
            : Effect.fail(mismatch)
        })

        /** A read beyond the plan, while the budget lasts; `undefined` once it is spent (and the window given up). */
        const repair = <X>(
          effect: Effect.Effect<X, PageFailed | ArchiveMismatch, LiveChatClient.LiveChatClient>
        ): Effect.Effect<X | undefined, PageFailed | ArchiveMismatch, LiveChatClient.LiveChatClient> =>
          Effect.suspend(() => {
            if (repairs >= maxRepairs) return Effect.as(unproven, undefined)
            repairs++
            return Effect.zipRight(update((c) => ({ ...c, repairs: c.repairs + 1 })), effect)
          })

        /**
         * One anchored read: page 1 of the window cut at the second of the last record proven. It
         * joins the chain by time. When a whole page falls in that one second, the second is read
         * page by page, until its total holds still, and the chain goes on after it.
         */
        const anchored: Effect.Effect<
          Array<O>,
          PageFailed | ArchiveMismatch,
          LiveChatClient.LiveChatClient
        > = Effect.suspend(() => {
          const at = lastSecond ?? (ascending ? window.from : window.to - 1)
          const range = anchoredAt(at)
          if (range.to <= range.from) {
            bottom = true
            return Effect.succeed([])
          }
          return Effect.flatMap(fetch(range, 1, reads + 1), (result) => {
            if (Either.isLeft(result)) return failed(reads + 1, result.left)
            const page = result.right
            const dense = page.items.length === pageSize && page.items.every((i) => source.time(i) === at)
            return dense ? denseSecond(at, page) : accept(page.items)
          })
        })

        const denseSecond = (at: number, firstPage: Page<A>) =>
          Effect.gen(function*() {
            const out: Array<O> = []
            const only = { from: at, to: at + 1 }
            let page = firstPage
            let number = 1
            let total = page.total
            for (;;) {
              append(out, yield* accept(page.items))
              if (page.items.length < pageSize) break
              number++
              const result = yield* fetch(only, number, reads + 1)
              if (Either.isLeft(result)) return yield* failed(reads + 1, result.left)
              page = result.right
              if (page.total !== total) {
                // The second changed while read by page number: read it again from its first page.
                total = page.total
                number = 0
                const again = yield* repair(fetch(only, 1, reads + 1))
                if (again === undefined) return out
                if (Either.isLeft(again)) return yield* failed(reads + 1, again.left)
                page = again.right
                number = 1
              }
            }
            // The chain goes on after this second.
            bottom = false
            lastSecond = ascending ? at + 1 : at - 1
            if (after(lastSecond, ascending ? window.to - 1 : window.from)) bottom = true
            return out
          })

        /** A planned read: accepted when it joins the chain; otherwise anchored reads until it does or is passed. */
        const step = ([result, read]: readonly [Either.Either<Page<A>, LiveChatError>, number]) =>
          Effect.gen(function*() {
            if (bottom) return []
            if (Either.isLeft(result)) return yield* failed(read, result.left)
            const items = result.right.items
            const out: Array<O> = []
            const joins = () => items.some((i) => previous.has(source.id(i)))
            const passed = () =>
              items.length === 0 ||
              (lastSecond !== undefined && !after(source.time(items[items.length - 1]), lastSecond))
            while (!bottom && !joins() && !passed()) {
              const repaired = yield* repair(anchored)
              if (repaired === undefined) return out
              append(out, repaired)
            }
            if (!bottom && joins()) append(out, yield* accept(items))
            return out
          })

        /** The planned reads after the top: page `j` of the window with its `e` first records cut off. */
        const plannedReads = (topPage: ReadonlyArray<A>, total: number) => {
          const planned: Array<
            { readonly page: number; readonly range: { readonly from: number; readonly to: number } }
          > = []
          if (topPage.length < pageSize) return planned
          const cuts = [0]
          for (let e = 1; e < topPage.length; e++) {
            if (source.time(topPage[e]) !== source.time(topPage[e - 1])) cuts.push(e)
          }
          let start = 0
          while (start + pageSize <= Math.min(total, cap)) {
            const target = start + pageSize - 1
            const page = Math.floor(target / pageSize) + 1
            const wanted = target - (page - 1) * pageSize
            const e = cuts.filter((c) => c <= wanted).pop()!
            const next = (page - 1) * pageSize + e
            if (next <= start || page * pageSize > cap) break
            const cut = e === 0 ? undefined : source.time(topPage[e - 1])
            const range = cut === undefined
              ? top
              : ascending
              ? { from: cut + 1, to: top.to }
              : { from: top.from, to: cut }
            planned.push({ page, range })
            start = next
          }
          return planned
        }

        const body = Stream.unwrap(Effect.gen(function*() {
          const topResult = yield* fetch(top, 1, reads + 1, resuming ? undefined : first)
          if (Either.isLeft(topResult)) return yield* failed(reads + 1, topResult.left)
          const topPage = topResult.right
          const dense = second !== undefined && topPage.items.length === pageSize &&
            topPage.items.every((i) => source.time(i) === second)
          const head = dense ? yield* denseSecond(second!, topPage) : yield* accept(topPage.items)
          const readPlan = dense ? [] : plannedReads(topPage.items, topPage.total)
          const base = reads
          const ahead = Stream.unwrapScoped(Effect.map(
            readAhead(
              readPlan.map(({ page, range }, i) => () =>
                Effect.map(fetch(range, page, base + i + 1), (r) => [r, base + i + 1] as const)
              ),
              concurrency
            ),
            (next) =>
              Stream.repeatEffectChunkOption(
                Effect.flatMap(next, (read) =>
                  Effect.mapBoth(step(read), { onFailure: Option.some, onSuccess: Chunk.unsafeFromArray }))
              )
          ))
          const tail = Stream.repeatEffectOption(
            Effect.suspend(() =>
              bottom
                ? Effect.fail(Option.none())
                : Effect.mapBoth(repair(anchored), { onFailure: Option.some, onSuccess: (out) => out ?? [] })
            )
          )
          return Stream.fromIterable(head).pipe(
            Stream.concat(ahead),
            Stream.concat(Stream.flattenIterables(tail))
          )
        }))

        const done = update((c) => ({ ...c, windows: c.windows + 1 }))
        return Stream.concat(body, Stream.drain(Stream.fromEffect(done))).pipe(
          Stream.withSpan("livechat.stream.window", {
            captureStackTrace: false,
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

      const firstWindow = resume?.window ?? 0
      const finish = update((c) => ({ ...c, done: true }))
      return Stream.fromEffect(announce).pipe(
        Stream.drain,
        Stream.concat(Stream.flatMap(Stream.range(firstWindow, windows.length - 1), windowStream, { concurrency: 1 })),
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

const withCheckpoint = <A>(item: A, checkpoint: () => Checkpoint) => ({ item, checkpoint: checkpoint() })

/** The public operations over the archive a source describes. */
export const api = <F extends DateFilters, A>(source: Source<F, A>): Api<F, A> => {
  const engine = make(source)
  const filtersOf = (filters: Omit<F, "page"> = {} as Omit<F, "page">) => filters as F
  return {
    plan: (filters, options) => engine.plan(filtersOf(filters), options),
    streamWithCheckpoints: (filters, options) => engine.run(filtersOf(filters), options ?? {}, withCheckpoint),
    stream: (filters, options) => engine.run(filtersOf(filters), options ?? {}, (item) => item),
    pages: (filters, options) => pages(engine.run(filtersOf(filters), options ?? {}, withCheckpoint))
  }
}
