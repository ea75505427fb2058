/**
 * The chat archive (`GET /chats`) as a lazy, ordered, resumable `Stream`: newest first, as the
 * server orders it, read ahead with bounded concurrency, across the record cap, with checkpoints
 * and progress.
 *
 * A run:
 * - fixes its end when it starts (the newest chat's second, or `date_to`);
 * - splits its date range into half-open windows that each hold at most `recordCap` chats
 *   (the server only reaches the newest `recordCap` records of a query), without reading a chat
 *   twice or skipping one;
 * - reads page 1 of each window, then reads that overlap it and each other by one chat, with
 *   `concurrency` in flight, emitting chats in order; memory is bounded by the reads in flight,
 *   whatever the archive's size;
 * - is exact while the archive changes: every chat in its range for the whole run comes exactly
 *   once, one that enters or leaves meanwhile at most once; a read that does not overlap the chain
 *   is repaired by reads anchored by time, and a window still not proven fails the run with
 *   `ArchiveMismatch` (or, with `consistency: "warn"`, is logged and counted);
 * - goes through the client's shared rate limiter and retry policy for every request.
 *
 * @since 0.1.0
 */
import type { Chat } from "@effect-livechat/core"
import { Archives } from "@effect-livechat/resources"
import { Effect } from "effect"
import * as Engine from "./internal/engine.js"

/**
 * The filters of a run: those of `Archives.list`, without `page`.
 *
 * @since 0.1.0
 * @category models
 */
export type Filters = Omit<Archives.ListInput, "page">

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
export type Page = Engine.PageOfRun<Chat.Chat>

const api = Engine.api<Archives.ListInput, Chat.Chat>({
  kind: "chats",
  operation: "Archives.stream",
  list: (filters) =>
    Effect.map(Archives.list(filters), (page) => ({ items: page.chats, total: page.total, pages: page.pages })),
  ids: Engine.idsOf(Archives.endpoints.list, "chats"),
  // A chat falls in the one day it started on: windows of days split the archive.
  splits: true,
  id: (chat) => chat.id
})

/**
 * The windows a run over these filters reads, and the number of requests it will make, without
 * reading the chats (planning reads page 1 of each window it considers).
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = api.plan

/**
 * The chats, each with the checkpoint that resumes the run right after it: save the checkpoint
 * once you have processed the chat, and pass it as `resume` to continue after a stop.
 *
 * @since 0.1.0
 * @category streams
 */
export const streamWithCheckpoints = api.streamWithCheckpoints

/**
 * The chats matching `filters`, newest first.
 *
 * @example
 * ```ts
 * import { Archives } from "@effect-livechat/streams"
 * import { Stream } from "effect"
 *
 * const count = Archives.stream({ date_from: "2024-01-01", tag: ["sales"] }, { concurrency: 8 }).pipe(Stream.runCount)
 * ```
 *
 * @since 0.1.0
 * @category streams
 */
export const stream = api.stream

/**
 * Each page as it is read: its window and number, its chats (`items`), and the window's `total`
 * and `pages`.
 *
 * @since 0.1.0
 * @category streams
 */
export const pages = api.pages
