/**
 * The tickets (`GET /tickets`) as a lazy, ordered, resumable `Stream`: in the server's order
 * (newest first, or oldest first with `order: "asc"`), read ahead with bounded concurrency, across
 * the record cap, with checkpoints and progress. A run behaves as the chat archive's
 * (see the `Archives` module of this package): its end is fixed when it starts, its date range is
 * split into half-open windows that fit the cap, and each window's total is checked.
 *
 * @since 0.1.0
 */
import type { LiveChatClient, LiveChatError, Ticket } from "@effect-livechat/core"
import { Tickets } from "@effect-livechat/resources"
import { Effect, Stream } from "effect"
import type { Checkpoint } from "./Checkpoint.js"
import * as Engine from "./internal/engine.js"
import type { ArchiveMismatch, PageFailed, WindowTooDense } from "./StreamError.js"

/**
 * The filters of a run: those of `Tickets.list`, without `page`.
 *
 * @since 0.1.0
 * @category models
 */
export type Filters = Omit<Tickets.ListInput, "page">

/**
 * @since 0.1.0
 * @category models
 */
export type Options = Engine.Options

/**
 * @since 0.1.0
 * @category models
 */
export type Plan = Engine.Plan

/** A ticket's time as the date filters see it: when it was created. */
const time = (ticket: Ticket.Ticket): number => {
  const when = ticket.date ?? ticket.opened[0]?.from ?? ticket.modified
  return typeof when === "number" ? when : Math.floor(Date.parse(String(when)) / 1000)
}

const engine = Engine.make<Tickets.ListInput, Ticket.Ticket>({
  kind: "tickets",
  operation: "Tickets.stream",
  list: (filters) =>
    Effect.map(Tickets.list(filters), (page) => ({ items: page.tickets, total: page.total, pages: page.pages })),
  newestFirst: (filters) => ({ ...filters, order: "desc" }),
  ascending: (filters) => filters.order === "asc",
  id: (ticket) => ticket.id,
  time
})

/**
 * The windows a run over these filters reads, and the number of requests it will make, without
 * reading the tickets (planning reads page 1 of each window it considers).
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = (
  filters: Filters = {},
  options: Options = {}
): Effect.Effect<Plan, LiveChatError | WindowTooDense, LiveChatClient.LiveChatClient> => engine.plan(filters, options)

/**
 * The tickets, each with the checkpoint that resumes the run right after it.
 *
 * @since 0.1.0
 * @category streams
 */
export const streamWithCheckpoints = (
  filters: Filters = {},
  options: Options = {}
): Stream.Stream<
  { readonly item: Ticket.Ticket; readonly checkpoint: Checkpoint },
  LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch,
  LiveChatClient.LiveChatClient
> => engine.run(filters, options)

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
export const stream = (
  filters: Filters = {},
  options: Options = {}
): Stream.Stream<
  Ticket.Ticket,
  LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch,
  LiveChatClient.LiveChatClient
> => Stream.map(engine.run(filters, options), ({ item }) => item)

/**
 * Each page as it is read: its window and number, its records (`items`), and the window's
 * `total` and `pages`.
 *
 * @since 0.1.0
 * @category streams
 */
export const pages = (
  filters: Filters = {},
  options: Options = {}
): Stream.Stream<
  Engine.PageOfRun<Ticket.Ticket>,
  LiveChatError | PageFailed | WindowTooDense | ArchiveMismatch,
  LiveChatClient.LiveChatClient
> => Engine.pages(engine.run(filters, options))
