/**
 * The sync's push mode: the mirror follows LiveChat's webhooks, seconds behind instead of a poll's
 * interval. {@link listen} serves a webhook receiver (`@effect-livechat/webhooks`), registers its
 * webhooks through the API when asked (idempotently), writes each chat, ticket or canned response
 * as its delivery arrives, and keeps polling (`Sync.run`) on an interval.
 *
 * **The poll stays the source of exactness; the push only shortens the delay.** A delivery is a
 * notice, not data: on `chat_ended` or `chat_changed` the chat is read from the API
 * (`GET /chats/<id>`), on `ticket_created` the ticket, on `canned_response_changed` the canned
 * response (a 404 marks it deleted), and what the server answers is upserted, in one transaction,
 * into the same tables (and rows) as the poll writes. So:
 *
 * - a forged delivery (right credentials, made-up content) cannot write anything the server does
 *   not hold: a chat that does not exist is a 404, and nothing is written;
 * - a delivery's own data (a subset of the archive's chat, groups as objects) never becomes a row
 *   that differs from what the poll writes;
 * - a lost delivery leaves the mirror as the poll left it until the next poll, which reads it;
 * - a duplicate, or one out of order, reads the server's current record again: harmless.
 *
 * Rows written by a push carry `run = 0`; a snapshot run (canned responses) that started before
 * such a row was written does not mark it deleted. `chat_started` and `visitor_queued` write
 * nothing (a running chat is not in the archive yet; visitors are not mirrored).
 *
 * On PostgreSQL a poll holds one connection of the pool for its whole run: give the pool at least
 * two (`maxConnections`), or pushes wait for the run to end.
 *
 * @since 0.1.0
 */
import type { InvalidInput, LiveChatClient, LiveChatError, Webhook as WebhookSchemas } from "@effect-livechat/core"
import { Archives, CannedResponses, Tickets, Webhooks } from "@effect-livechat/resources"
import type { WebhookEvent } from "@effect-livechat/webhooks"
import { WebhookServer } from "@effect-livechat/webhooks/node"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Clock, Duration, Effect } from "effect"
import * as Store from "./internal/store.js"
import * as Tables from "./internal/tables.js"
import * as Migrations from "./Migrations.js"
import * as Sync from "./Sync.js"

/**
 * What a delivery did to the mirror: a record `written` (as the server answered it), `deleted`
 * (the server answered 404 for a canned response), `absent` (the server has no such chat or ticket:
 * nothing written, the poll decides), or `ignored` (an event that changes nothing mirrored).
 *
 * @since 0.1.0
 * @category models
 */
export interface Pushed {
  readonly outcome: "written" | "deleted" | "absent" | "ignored"
  readonly eventType: WebhookEvent.EventType
  /** `chats`, `tickets` or `canned_responses`, when the event is about one. */
  readonly resource?: Sync.Resource | undefined
  readonly key?: string | undefined
}

const pushed = (result: Pushed): Pushed => result

/** `undefined` for a 404: the server says it has no such record. */
const orAbsent = <A, R>(effect: Effect.Effect<A, LiveChatError, R>) =>
  Effect.catchTag(effect as Effect.Effect<A | undefined, LiveChatError, R>, "NotFound", () => Effect.succeed(undefined))

/** Upserts one record as a push (`run = 0`), in one transaction. */
const write = <A>(table: Tables.Table<A>, record: A) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const now = yield* Clock.currentTimeMillis
    yield* sql.withTransaction(Store.upsertRows(table as Tables.Table<never>, [table.row(record)], Store.pushRun, now))
  })

/**
 * Writes what one delivery announces into the mirror (see the module's comment): the record read
 * from the API, upserted; a canned response the API no longer has, marked deleted. Needs the
 * mirror's tables (`Migrations.run`, or a first `Sync.run`). Use it as the handler of your own
 * receiver: `Receiver.toHttpApp(options, Push.handle)`.
 *
 * @since 0.1.0
 * @category push
 */
export const handle = (
  event: WebhookEvent.Event
): Effect.Effect<Pushed, LiveChatError | SqlError, LiveChatClient.LiveChatClient | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const eventType = event.event_type
    switch (event.event_type) {
      case "chat_ended":
      case "chat_changed": {
        if (event.chat === undefined) return pushed({ outcome: "ignored", eventType })
        const key = event.chat.id
        const chat = yield* orAbsent(Archives.get({ chat_id: key }))
        // Not (or not yet) in the archive, or still running: the poll decides.
        if (chat === undefined || chat.pending === true) {
          return pushed({ outcome: "absent", eventType, resource: "chats", key })
        }
        yield* write(Tables.chats, chat)
        return pushed({ outcome: "written", eventType, resource: "chats", key })
      }
      case "ticket_created": {
        if (event.ticket === undefined) return pushed({ outcome: "ignored", eventType })
        const key = event.ticket.id
        const ticket = yield* orAbsent(Tickets.get({ ticket_id: key }))
        if (ticket === undefined) return pushed({ outcome: "absent", eventType, resource: "tickets", key })
        yield* write(Tables.tickets, ticket)
        return pushed({ outcome: "written", eventType, resource: "tickets", key })
      }
      case "canned_response_changed": {
        if (event.canned_response === undefined) return pushed({ outcome: "ignored", eventType })
        const id = event.canned_response.id
        const key = String(id)
        if (!Number.isInteger(id) || id < 1) return pushed({ outcome: "ignored", eventType })
        const response = yield* orAbsent(CannedResponses.get({ canned_response_id: id }))
        if (response === undefined) {
          const now = yield* Clock.currentTimeMillis
          yield* Store.markDeletedKeys(Tables.cannedResponses as Tables.Table<never>, [key], now)
          return pushed({ outcome: "deleted", eventType, resource: "canned_responses", key })
        }
        yield* write(Tables.cannedResponses, response)
        return pushed({ outcome: "written", eventType, resource: "canned_responses", key })
      }
      default:
        return pushed({ outcome: "ignored", eventType })
    }
  }).pipe(
    Effect.tap((pushed) =>
      Effect.annotateCurrentSpan({
        "livechat.sync.push.outcome": pushed.outcome,
        ...(pushed.resource === undefined ? {} : { "livechat.sync.resource": pushed.resource })
      })
    ),
    Effect.withSpan("livechat.sync.push", { attributes: { "livechat.webhooks.event_type": event.event_type } })
  )

/**
 * The webhooks the push mode needs: the events that change what is mirrored, with the one data
 * type that names the record.
 *
 * @since 0.1.0
 * @category push
 */
export const webhooks: ReadonlyArray<{
  readonly event_type: WebhookSchemas.EventType
  readonly data_types: ReadonlyArray<WebhookSchemas.DataType>
}> = [
  { event_type: "chat_ended", data_types: ["chat"] },
  { event_type: "chat_changed", data_types: ["chat"] },
  { event_type: "ticket_created", data_types: ["ticket"] },
  { event_type: "canned_response_changed", data_types: ["canned_response"] }
]

/**
 * `url` with the receiver's Basic credentials in it (`https://user:password@host/path`): what to
 * register, so that LiveChat sends them (`Webhooks.withCredentials` of `@effect-livechat/resources`).
 *
 * @since 0.1.0
 * @category push
 */
export const withCredentials = Webhooks.withCredentials

/**
 * Registers the push mode's {@link webhooks} to `url` (credentials included, see
 * {@link withCredentials}), idempotently (`Webhooks.ensure`): a webhook of the same event type and
 * URL that carries the data type is not created again. Returns how many were created.
 *
 * @since 0.1.0
 * @category push
 */
export const register = (url: string): Effect.Effect<number, LiveChatError, LiveChatClient.LiveChatClient> =>
  Webhooks.ensure(url, webhooks).pipe(Effect.withSpan("livechat.sync.push.register"))

/**
 * The options of {@link listen}: the sync's (`Sync.Options`), the receiver's, and how to register
 * and poll.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListenOptions extends Sync.Options {
  /** The receiver: its credentials and license (`Receiver.Options`), and where it listens (`port`, `host`). */
  readonly receiver: WebhookServer.ServeOptions
  /**
   * Register the webhooks (idempotently) to `url`, the address LiveChat reaches the receiver at
   * (without credentials: the receiver's are added); `{}` registers the receiver's own address
   * (this machine only: for tests and the fake). Nothing is registered when left out.
   */
  readonly register?: { readonly url?: string | undefined } | undefined
  /** The time between the end of a poll and the start of the next. Default 15 minutes. */
  readonly interval?: Duration.DurationInput | undefined
  /** Told once the receiver listens (and its webhooks are registered). */
  readonly onListening?: ((served: WebhookServer.Served) => Effect.Effect<void>) | undefined
  /** Told of every delivery written (or not). */
  readonly onPush?: ((pushed: Pushed) => Effect.Effect<void>) | undefined
  /** Told of every poll's summary. */
  readonly onPoll?: ((summary: Sync.Summary) => Effect.Effect<void>) | undefined
}

/**
 * Keeps the mirror current by push and by poll, until interrupted: creates the tables, serves the
 * receiver (each delivery written by {@link handle}; a failure answers 500, so LiveChat sends it
 * again), registers its webhooks when asked, then polls (`Sync.run`) now and every `interval`. The
 * first poll's failure fails it (bad options, a lock held elsewhere); later ones are logged and the
 * next poll comes as planned.
 *
 * @example
 * ```ts
 * import { NodeLiveChatClient } from "@effect-livechat/core/node"
 * import { Push, Sync } from "@effect-livechat/sync"
 * import { Receiver } from "@effect-livechat/webhooks"
 * import { Effect, Layer } from "effect"
 *
 * const mirror = Effect.gen(function*() {
 *   const receiver = yield* Receiver.optionsConfig
 *   return yield* Push.listen({
 *     receiver: { ...receiver, port: 8080 },
 *     register: { url: "https://hooks.example.com/livechat" },
 *     interval: "15 minutes"
 *   })
 * }).pipe(
 *   Effect.provide(Layer.mergeAll(Sync.layerSqlite("livechat.db"), NodeLiveChatClient.layerConfig()))
 * )
 * // NodeRuntime.runMain(mirror)
 * ```
 *
 * @since 0.1.0
 * @category push
 */
export const listen = (
  options: ListenOptions
): Effect.Effect<
  never,
  Sync.SyncError | HttpServerError.ServeError | InvalidInput,
  LiveChatClient.LiveChatClient | SqlClient.SqlClient
> =>
  Effect.gen(function*() {
    yield* Migrations.run
    const served = yield* WebhookServer.serve(options.receiver, (event: WebhookEvent.Event) =>
      handle(event).pipe(
        Effect.tap((pushed) => options.onPush?.(pushed) ?? Effect.void),
        Effect.tapErrorCause((cause) => Effect.logWarning("LiveChat webhook not written; it will come again", cause))
      ))
    if (options.register !== undefined) {
      yield* register(withCredentials(options.register.url ?? served.url, options.receiver))
    }
    if (options.onListening !== undefined) yield* options.onListening(served)
    // A poll that mirrored all but some resources (`SyncIncomplete`) is told, not fatal: the push and
    // the next polls go on for everything else.
    const poll = Sync.run(options).pipe(
      Effect.catchTag("SyncIncomplete", (incomplete) =>
        Effect.as(Effect.logWarning(`LiveChat sync poll: ${incomplete.message}`), incomplete.summary)),
      Effect.tap((summary) =>
        options.onPoll?.(summary) ?? Effect.void
      )
    )
    yield* poll
    const interval = options.interval ?? Duration.minutes(15)
    return yield* poll.pipe(
      Effect.catchAllCause((cause) => Effect.logWarning("LiveChat sync poll failed; the next comes as planned", cause)),
      Effect.delay(interval),
      Effect.forever
    )
  }).pipe(Effect.scoped, Effect.withSpan("livechat.sync.listen")) as Effect.Effect<
    never,
    Sync.SyncError | HttpServerError.ServeError | InvalidInput,
    LiveChatClient.LiveChatClient | SqlClient.SqlClient
  >
