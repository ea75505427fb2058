/**
 * The engine of streamed runs over a paginated archive (chats, tickets), built only on what the
 * reference documents: date filters are days read in a time zone the client does not know, a
 * query answers numbered pages of 25 with its `total`, chats come in an order it does not state,
 * tickets in the order of their last modification, and a query reaches its first `recordCap`
 * records. Its pieces, one concern each:
 *
 * - `days.ts`: what a date filter is (a day label, no zone);
 * - `plan.ts`: the windows of days a run reads, each within the cap;
 * - `ledger.ts`: what a window's reads have shown, and when they prove it complete;
 * - this module: the run itself: reading each window in rounds with `concurrency` reads ahead,
 *   emitting each record once, and where the run stands (the checkpoint).
 */
import { Endpoint, Fields, InvalidInput, LiveChatClient, type LiveChatError, Tracing } from "@effect-livechat/core"
import { Chunk, Effect, Option, Schema, Stream } from "effect"
import type { Checkpoint } from "../Checkpoint.js"
import type { Counts, Progress } from "../Progress.js"
import { ArchiveMismatch, PageFailed, type Window, WindowTooDense } from "../StreamError.js"
import * as Days from "./days.js"
import { Ledger, Pass, proves } from "./ledger.js"
import {
  type DateFilters,
  filtersOf,
  type Lister,
  type Page,
  pagesOf,
  plan as planWindows,
  type Planned,
  plannedReads
} from "./plan.js"
import { readAhead } from "./readAhead.js"

export type { DateFilters, Page } from "./plan.js"

/** What the engine needs to know of an archive. */
export interface Source<F extends DateFilters, A> extends Lister<F, A> {
  readonly kind: "chats" | "tickets"
  /** The operation name, for errors (`Archives.stream`). */
  readonly operation: string
  readonly id: (item: A) => string
  /**
   * The same query as `list`, decoding only each record's id (and `total` and `pages`): the
   * readings that prove a window, after its first, need no more (a record they find new is read
   * again whole). Without it, those readings decode whole pages and keep the ids.
   */
  readonly ids?: ((filters: F) => Effect.Effect<Page<string>, LiveChatError, LiveChatClient.LiveChatClient>) | undefined
}

export interface Options {
  /** Pages read ahead at once within a window. Default 4. */
  readonly concurrency?: number | undefined
  /** The server's record cap: a query reaches only its first `recordCap` records. Default 100000. */
  readonly recordCap?: number | undefined
  /** A tracker to keep up to date (see `Progress.make`). */
  readonly progress?: Progress | undefined
  /** Continue a run from a checkpoint it reported. */
  readonly resume?: Checkpoint | undefined
  /**
   * What to do with a window the run cannot prove complete after its re-reads: fail with
   * `ArchiveMismatch` (default), or log a warning, count it in the progress and go on.
   */
  readonly consistency?: "fail" | "warn" | undefined
  /**
   * Rounds (readings of a window's pages) a window may make beyond the ones a still archive
   * needs, to prove itself complete while the archive changes. Default 20.
   */
  readonly maxRepairs?: number | undefined
}

export interface Plan {
  /** The windows, in the order the run reads them. */
  readonly windows: ReadonlyArray<Window>
  /** The records the run will read (the sum of the windows' totals). */
  readonly total: number
  /**
   * The requests a run makes on a still archive whose order is stable: planning probes, then two
   * readings of each window of more than a page (one of a window that fits a page), less the
   * pages planning already read.
   */
  readonly requests: number
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

const counting = (progress: Progress | undefined) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  progress === undefined ?
    effect :
    LiveChatClient.withObserver(
      effect,
      (event) =>
        progress.update((c) => ({ ...c, requests: c.requests + 1, retries: c.retries + (event.attempt > 1 ? 1 : 0) }))
    )

/**
 * A source's `ids`: the query of `endpoint` (a list of 25 a page), its answer decoded for the ids
 * of the records under `field` only, with `total` and `pages`.
 */
export const idsOf = <F extends DateFilters>(
  endpoint: Endpoint.Endpoint<string, string, F>,
  field: string
): (filters: F) => Effect.Effect<Page<string>, LiveChatError, LiveChatClient.LiveChatClient> => {
  const call = Endpoint.call({
    ...endpoint,
    output: Schema.Struct({
      [field]: Schema.Array(Schema.Struct({ id: Schema.String })),
      total: Fields.NonNegativeInt,
      pages: Fields.NonNegativeInt
    })
  }) as (filters: F) => Effect.Effect<
    Record<string, ReadonlyArray<{ readonly id: string }>> & { readonly total: number; readonly pages: number },
    LiveChatError,
    LiveChatClient.LiveChatClient
  >
  return (filters) =>
    Effect.map(call(filters), (page) => ({
      items: page[field].map((record) => record.id),
      total: page.total,
      pages: page.pages
    }))
}

/** What a read brought: a page whole, its ids only, or the failure. */
type Answer<A> =
  | { readonly page: Page<A> }
  | { readonly ids: Page<string> }
  | { readonly error: LiveChatError }

/**
 * A round's reads: pages `from` to `pages` of the window's query, numbered on from `first` (made
 * one by one as they start, not as an array of a round's thousands up front).
 */
interface Round {
  readonly first: number
  readonly from: number
  readonly pages: number
}

const sizeOf = (round: Round): number => Math.max(0, round.pages - round.from + 1)

const readOf = (round: Round, index: number): Read => ({
  number: round.first + index,
  page: round.from + index,
  last: round.from + index === round.pages
})

/** One read of a window: a page of one round. */
interface Read {
  /** The read's number within the window (1-based, in the order reads are taken). */
  readonly number: number
  readonly page: number
  /** The last page of its round. */
  readonly last: boolean
}

export const make = <F extends DateFilters, A>(source: Source<F, A>) => {
  const ids = source.ids ??
    ((filters: F) => Effect.map(source.list(filters), (page) => ({ ...page, items: page.items.map(source.id) })))
  const invalid = (field: string, detail: string) => new InvalidInput({ operation: source.operation, field, detail })

  /** The run's days and cap, checked. */
  const boundsOf = (filters: F, options: Options) =>
    Effect.gen(function*() {
      const cap = options.recordCap ?? 100_000
      if (!Number.isInteger(cap) || cap < 1) return yield* invalid("recordCap", "must be a whole number of at least 1")
      const day = (field: "date_from" | "date_to") => {
        const text = filters[field]
        if (text === undefined) return Effect.succeed(undefined)
        const parsed = Days.parse(text)
        return parsed === undefined
          ? Effect.fail(invalid(
            field,
            "must be a day of the calendar as YYYY-MM-DD (the reference documents days; a time of day is not a filter)"
          ))
          : Effect.succeed(parsed)
      }
      const from = yield* day("date_from")
      const to = yield* day("date_to")
      if (from !== undefined && to !== undefined && to < from) {
        return yield* invalid("date_to", "must not be before date_from")
      }
      return { cap, from, to }
    })

  const planRun = (filters: F, options: Options) =>
    Effect.flatMap(
      boundsOf(filters, options),
      ({ cap, from, to }) =>
        Effect.map(
          planWindows(source, filters, { from, to }, cap, counting(options.progress)),
          ({ planned, probes }) => ({ planned, probes, cap })
        )
    )

  const plan = (
    filters: F,
    options: Options = {}
  ): Effect.Effect<Plan, LiveChatError | WindowTooDense, LiveChatClient.LiveChatClient> =>
    Effect.flatMap(planRun(filters, options), ({ cap, planned, probes }) => {
      const dense = planned.find((p) => p.dense)
      if (dense !== undefined) return Effect.fail(new WindowTooDense({ window: dense.window, recordCap: cap }))
      return Effect.succeed({
        windows: planned.map((p) => p.window),
        total: planned.reduce((sum, p) => sum + p.window.total, 0),
        requests: probes + planned.reduce((sum, p) => sum + plannedReads(p.window) - (p.first === undefined ? 0 : 1), 0)
      })
    })

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
    const maxRepairs = options.maxRepairs ?? 20
    const update = (f: (c: Counts) => Counts) => progress === undefined ? Effect.void : progress.update(f)
    const count = counting(progress)

    const prepare = Effect.gen(function*() {
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        return yield* invalid("concurrency", "must be a whole number of at least 1")
      }
      if (!Number.isInteger(maxRepairs) || maxRepairs < 0) {
        return yield* invalid("maxRepairs", "must be a whole number of at least 0")
      }
      if (progress !== undefined) {
        const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
        yield* progress.update((c) => ({ ...c, startedAt: c.startedAt ?? now }))
      }
      if (resume !== undefined) {
        if ((resume.version as number) !== 3) {
          return yield* invalid(
            "resume",
            "the checkpoint comes from an earlier version of the run: start the run again"
          )
        }
        if (resume.kind !== source.kind || resume.filters !== key) {
          return yield* invalid("resume", "the checkpoint belongs to another run (other archive or filters)")
        }
        const { cap } = yield* boundsOf(filters, options)
        const planned = resume.windows.map((window): Planned<A> => ({
          window,
          first: undefined,
          dense: window.total > cap
        }))
        return { planned, cap }
      }
      const { cap, planned } = yield* planRun(filters, options)
      return { planned, cap }
    })

    return Stream.unwrap(Effect.map(prepare, ({ cap, planned }) => {
      const windows = planned.map((p) => p.window)
      const before = resume?.emitted ?? 0
      const announce = update((c) => ({
        ...c,
        items: before,
        expected: windows.reduce((sum, w) => sum + w.total, 0),
        pagesTotal: windows.reduce((sum, w) => sum + plannedReads(w), 0),
        windowsTotal: windows.length,
        windows: resume?.window ?? 0
      }))

      // Where emission stands, updated in place for each record; a checkpoint is built from it only
      // when one is asked for. Before any record it is the resume point, or the run's start.
      const at = {
        window: resume?.window ?? 0,
        read: resume?.page ?? 0,
        offset: resume?.offset ?? -1,
        lastId: resume?.lastId ?? null,
        emitted: before,
        ledger: new Ledger(resume?.ids ?? [])
      }
      /** The checkpoint after the last record emitted; its `ids` are listed only when read. */
      const current = (): Checkpoint => {
        const { ledger } = at
        const size = ledger.size
        let ids: ReadonlyArray<string> | undefined
        return {
          version: 3,
          kind: source.kind,
          filters: key,
          windows,
          window: at.window,
          page: at.read,
          offset: at.offset,
          lastId: at.lastId,
          emitted: at.emitted,
          inWindow: size,
          get ids() {
            return ids ??= ledger.ids(size)
          }
        }
      }

      const windowStream = (index: number) => {
        const { dense, first, window } = planned[index]
        const resuming = resume !== undefined && index === resume.window
        const ledger = resuming ? at.ledger : new Ledger()
        const done = update((c) => ({ ...c, windows: c.windows + 1 }))
        return Stream.concat(
          read(index, { dense, first: resuming ? undefined : first, window }, ledger),
          Stream.drain(Stream.fromEffect(done))
        ).pipe(
          Stream.withSpan("livechat.stream.window", {
            captureStackTrace: false,
            attributes: {
              "livechat.kind": source.kind,
              "livechat.window": index,
              "livechat.window.from": window.from ?? "",
              "livechat.window.to": window.to ?? "",
              "livechat.window.total": window.total
            }
          })
        )
      }

      /**
       * Reads `part` of the plan's window `index` until proven, emitting through `ledger` (the
       * records the window has emitted). A window that grew past the cap while it was read (its
       * last records out of reach) is planned again, in days that fit, and read part by part.
       */
      const read = (
        index: number,
        part: Planned<A>,
        ledger: Ledger
      ): Stream.Stream<
        O,
        LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch,
        LiveChatClient.LiveChatClient
      > => {
        const { dense, first, window } = part
        if (dense) {
          return Stream.fail(new WindowTooDense({ window, recordCap: cap, checkpoint: current() }))
        }
        /** The last complete pass, and the one being read. */
        let previous: Pass | undefined
        let pass = new Pass()
        let proven = false
        let reads = 0
        let latestTotal = window.total
        let rounds = 0
        // The planned rounds: page 1 (known from planning, unless resuming), then the rest of the
        // first round and, when the window is more than a page, the whole second round, read ahead.
        const known = first
        const pages = pagesOf(known?.total ?? window.total, cap)
        const plannedRounds = pages <= 1 ? 1 : 2

        /**
         * One read: the page whole, or (`light`, a reading after the window's first) its ids only,
         * or its failure, as a plain object of this module (no `Either` made to carry a page: see
         * `readAhead.ts`, why nothing allocated where long-lived objects are should hold one).
         */
        const fetch = (read: Read, light: boolean): Effect.Effect<Answer<A>, never, LiveChatClient.LiveChatClient> =>
          count<Answer<A>, LiveChatError, LiveChatClient.LiveChatClient>(
            light
              ? Effect.map(ids(filtersOf(filters, window, read.page)), (ids): Answer<A> => ({ ids }))
              : Effect.map(source.list(filtersOf(filters, window, read.page)), (page): Answer<A> => ({ page }))
          ).pipe(
            // The span ends without the page (see Tracing in @effect-livechat/core).
            Tracing.withSpan("livechat.stream.page", {
              captureStackTrace: false,
              attributes: {
                "livechat.kind": source.kind,
                "livechat.window": index,
                "livechat.page": read.number,
                "livechat.request.page": read.page
              }
            }),
            Effect.catchAll((error) => Effect.succeed<Answer<A>>({ error })),
            Effect.tap(() => update((c) => ({ ...c, pages: c.pages + 1 })))
          )

        /** Takes one answer in its turn: emits the records not emitted yet, and moves the proof on. */
        const take = (
          read: Read,
          result: Answer<A>
        ): Effect.Effect<Array<O>, PageFailed, LiveChatClient.LiveChatClient> =>
          Effect.suspend(() => {
            if (proven) return Effect.succeed<Array<O>>([])
            if ("error" in result) {
              return Effect.fail(
                new PageFailed({ window, page: read.number, error: result.error, checkpoint: current() })
              )
            }
            if ("ids" in result) {
              // A light answer: every id emitted already moves the proof on as a whole page would;
              // one not emitted yet (the archive changed) has the page read again whole, in its turn.
              const ids = result.ids
              const ordinals: Array<number> = []
              for (const id of ids.items) {
                const ordinal = ledger.known(id)
                if (ordinal === undefined) return Effect.flatMap(fetch(read, false), (whole) => take(read, whole))
                ordinals.push(ordinal)
              }
              pass.answer(ids.total, ordinals)
              latestTotal = ids.total
              if (read.last) endRound()
              return Effect.succeed<Array<O>>([])
            }
            const page = result.page
            const out: Array<O> = []
            const ordinals: Array<number> = []
            if (at.ledger !== ledger) {
              at.ledger = ledger
              at.window = index
              at.read = 0
              at.offset = -1
            }
            for (let offset = 0; offset < page.items.length; offset++) {
              const item = page.items[offset]
              const id = source.id(item)
              const seen = ledger.ordinal(id)
              ordinals.push(seen.ordinal)
              if (!seen.isNew) continue
              at.emitted++
              at.read = read.number
              at.offset = out.length
              at.lastId = id
              out.push(emit(item, current))
            }
            pass.answer(page.total, ordinals)
            latestTotal = page.total
            if (read.last) endRound()
            return Effect.as(update((c) => ({ ...c, items: c.items + out.length })), out)
          })

        /** The end of a round: the window is proven, or the next round goes on with this pass or a new one. */
        const endRound = () => {
          rounds++
          if (proves(pass, previous)) proven = true
          else if (pass.complete) {
            previous = pass
            pass = new Pass()
          } else if (pass.stale) pass = new Pass()
        }

        /** The round of pages `from` to `pages`, its reads numbered after the window's reads so far. */
        const roundOf = (pages: number, from = 1): Round => {
          const round = { first: reads + 1, from, pages }
          reads += sizeOf(round)
          return round
        }

        /** The reads of `round` (`light`: ids only), read ahead, each taken in its turn. */
        const readAll = (round: Round, light: boolean) =>
          Stream.unwrapScoped(Effect.map(
            readAhead(
              sizeOf(round),
              (index) => {
                const read = readOf(round, index)
                return Effect.map(fetch(read, light), (result) => [read, result] as const)
              },
              concurrency
            ),
            (next) =>
              Stream.repeatEffectChunkOption(
                Effect.flatMap(
                  next,
                  ([read, result]) =>
                    Effect.mapBoth(take(read, result), { onFailure: Option.some, onSuccess: Chunk.unsafeFromArray })
                )
              )
          ))

        const unproven = Stream.drain(Stream.fromEffect(Effect.suspend(() => {
          const mismatch = new ArchiveMismatch({
            window,
            expected: window.total,
            emitted: ledger.size,
            checkpoint: current()
          })
          return options.consistency === "warn"
            ? Effect.zipRight(
              update((c) => ({ ...c, mismatches: c.mismatches + 1 })),
              Effect.logWarning(mismatch.message)
            )
            : Effect.fail(mismatch)
        })))

        /** After the planned rounds: another round while the window is unproven and the budget lasts. */
        const more: Stream.Stream<
          O,
          LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch,
          LiveChatClient.LiveChatClient
        > = Stream.suspend(
          () => {
            if (proven) return Stream.empty
            if (latestTotal > cap && source.splits) return replan
            if (rounds - plannedRounds >= maxRepairs) return unproven
            const round = roundOf(pagesOf(latestTotal, cap))
            const repairs = rounds >= plannedRounds ? sizeOf(round) : 0
            return Stream.fromEffect(update((c) => ({ ...c, repairs: c.repairs + repairs }))).pipe(
              Stream.drain,
              // Readings after the window's first need the ids only (a record new to them is read whole).
              Stream.concat(readAll(round, true)),
              Stream.concat(more)
            )
          }
        )

        const head = known === undefined
          ? Stream.empty
          : Stream.flattenIterables(Stream.fromEffect(Effect.zipRight(
            update((c) => ({ ...c, pages: c.pages + 1 })),
            take({ number: ++reads, page: 1, last: pages === 1 }, { page: known })
          )))
        // The first round; the second (of a window of more than a page) comes from `more`, once every
        // answer of the first has come in: the proof needs a later pass's reads all sent after the
        // earlier pass's last answer (ledger.ts), so rounds are never read ahead into each other.
        const rest = roundOf(pages, known === undefined ? 1 : 2)

        const replan = Stream.unwrap(Effect.map(
          planWindows(
            source,
            filters,
            {
              from: window.from === null ? undefined : Days.parse(window.from),
              to: window.to === null ? undefined : Days.parse(window.to)
            },
            cap,
            count
          ),
          ({ planned }) =>
            Stream.flatMap(Stream.fromIterable(planned), (sub) => read(index, sub, ledger), { concurrency: 1 })
        ))

        return Stream.concat(head, readAll(rest, false)).pipe(Stream.concat(more))
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
  /** The window (index in the run's plan) and the read within it that brought these records. */
  readonly window: number
  readonly page: number
  /** The records this read brought that the run had not emitted yet. */
  readonly items: ReadonlyArray<A>
  /** The window's total records and pages, as the server reported them when the run planned it. */
  readonly total: number
  readonly pages: number
}

/** Groups a run's records back into the reads they came in. */
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
  /** The records matching `filters`, each once. */
  readonly stream: (
    filters?: Omit<F, "page">,
    options?: Options
  ) => Stream.Stream<A, Failure, LiveChatClient.LiveChatClient>
  /** The records as they are read: their window and read, and the window's `total` and `pages`. */
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
