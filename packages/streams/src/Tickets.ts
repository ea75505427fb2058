/**
 * The tickets (`GET /tickets`) as a lazy, ordered, resumable `Stream`: in the server's order
 * (newest first, or oldest first with `order: "asc"`), read ahead with bounded concurrency, across
 * the record cap, with checkpoints and progress. A run behaves as the chat archive's (see the
 * `Archives` module of this package): its end is fixed when it starts, its date range is split into
 * half-open windows that fit the cap, and each window is read as a chain of overlapping reads, exact
 * while tickets are created or change status.
 *
 * @since 0.1.0
 */
import type { Ticket } from "@effect-livechat/core"
import { Tickets } from "@effect-livechat/resources"
import { Effect } from "effect"
import * as Engine from "./internal/engine.js"

/**
 * The filters of a run: those of `Tickets.list`, without `page`.
 *
 * @since 0.1.0
 * @category models
 */
export type Filters = Omit<Tickets.ListInput, "page">

/**
 * The options of a run: `concurrency`, `recordCap`, `progress`, `resume`, `consistency`, `maxRepairs`.
 *
 * @since 0.1.0
 * @category models
 */
export type Options = Engine.Options

/**
 * @since 0.1.0
 * @category models
 */
export type Plan = Engine.Plan

/**
 * A page of a run, as {@link pages} emits it.
 *
 * @since 0.1.0
 * @category models
 */
export type Page = Engine.PageOfRun<Ticket.Ticket>

const api = Engine.api<Tickets.ListInput, Ticket.Ticket>({
  kind: "tickets",
  operation: "Tickets.stream",
  list: (filters) =>
    Effect.map(Tickets.list(filters), (page) => ({ items: page.tickets, total: page.total, pages: page.pages })),
  ids: Engine.idsOf(Tickets.endpoints.list, "tickets"),
  // A ticket matches every day it had any activity on: days do not split tickets (one window).
  splits: false,
  id: (ticket) => ticket.id
})

/**
 * The windows a run over these filters reads, and the number of requests it will make, without
 * reading the tickets.
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = api.plan

/**
 * The tickets, each with the checkpoint that resumes the run right after it.
 *
 * @since 0.1.0
 * @category streams
 */
export const streamWithCheckpoints = api.streamWithCheckpoints

/**
 * The tickets matching `filters`, in the server's order.
 *
 * @example
 * ```ts
 * import { Tickets } from "@effect-livechat/streams"
 * import { Stream } from "effect"
 *
 * const open = Tickets.stream({ status: "open", order: "asc" }).pipe(Stream.runCollect)
 * ```
 *
 * @since 0.1.0
 * @category streams
 */
export const stream = api.stream

/**
 * Each page as it is read: its window and number, its tickets (`items`), and the window's `total`
 * and `pages`.
 *
 * @since 0.1.0
 * @category streams
 */
export const pages = api.pages
