/**
 * `LiveChatFake`: a stateful, in-memory LiveChat server implementing all 64 endpoints from the
 * same endpoint table and Schemas as the client, with seeded data and fault injection. It has two
 * faces with one behaviour:
 *
 * - {@link layer} / {@link layerHttpClient}: an `HttpClient` in process, no sockets, for unit tests;
 * - `LiveChatFakeServer.serve` / `LiveChatFakeServer.layer` (from `@effect-livechat/testing/node`):
 *   a real HTTP server on 127.0.0.1, for end-to-end tests, demos and benchmarks (the `livechat-fake`
 *   binary runs one from the command line).
 *
 * This module imports nothing from Node.js: the in-process fake runs on any runtime and in browsers.
 *
 * @example
 * ```ts
 * import { Archives } from "@effect-livechat/resources"
 * import { LiveChatFake } from "@effect-livechat/testing"
 * import { Effect } from "effect"
 *
 * // In a test: the program under test, against a fake license with 120 chats.
 * const firstPage = Archives.list({ page: 1 }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 120 } })))
 * ```
 *
 * @since 0.1.0
 */
import {
  type Agent,
  Auth,
  type Chat,
  type Group,
  LiveChatClient,
  type Ticket,
  type Visitor
} from "@effect-livechat/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Clock, Context, Effect, Exit, FiberSet, Layer, Redacted, Scope } from "effect"
import { type Faults, FaultState } from "./internal/faults.js"
import { handlers, initialize } from "./internal/handlers/index.js"
import { queueVisitor, visitorDetailsToken } from "./internal/handlers/Visitors.js"
import { seedOf } from "./internal/random.js"
import { requestBody } from "./internal/requestBody.js"
import { makeSeed, seededChat, seededTicket, type SeedOptions } from "./internal/seed.js"
import {
  type Answered,
  type FakeRequest,
  type FakeResponse,
  makeServer,
  type RawResponse,
  type Recorded
} from "./internal/server.js"
import { State } from "./internal/state.js"
import { dayIn, zoneOf } from "./internal/time.js"
import { type Attempt, Deliveries, type DeliveryOptions, type WebhookFaults } from "./internal/webhooks.js"

export type {
  /**
   * @since 0.1.0
   * @category models
   */
  Answered,
  /**
   * @since 0.1.0
   * @category models
   */
  Attempt,
  /**
   * @since 0.1.0
   * @category models
   */
  DeliveryOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  FakeRequest,
  /**
   * @since 0.1.0
   * @category models
   */
  FakeResponse,
  /**
   * @since 0.1.0
   * @category models
   */
  Faults,
  /**
   * @since 0.1.0
   * @category models
   */
  Recorded,
  /**
   * @since 0.1.0
   * @category models
   */
  SeedOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  WebhookFaults
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The data to start with (agents, groups, chats, tickets, …), derived from a seed (see {@link seed}). */
  readonly seed?: SeedOptions | Seeded | undefined
  /** Faults to inject from the start (see {@link Faults}); change them later with `setFaults`. */
  readonly faults?: Faults | undefined
  /**
   * Only the newest `recordCap` records of a chats or tickets query are reachable (the reference:
   * "the results are limited to the latest 100000 records"); with an ascending order, the first
   * `recordCap` in that order. Default 100000.
   */
  readonly recordCap?: number | undefined
  /** The license id that visitor details must carry. Default 12345. */
  readonly licenseId?: number | undefined
  /** Record every request (for assertions). Default `true`; benchmarks turn it off. */
  readonly record?: boolean | undefined
  /**
   * How `date_from` / `date_to` of `GET /chats` and `GET /tickets` are read. The reference: "`date_from`
   * `YYYY-MM-DD` … `date_to` `YYYY-MM-DD`": days, nothing finer.
   *
   * - `"days"` (default, as documented): a filter date is a day of the license's time zone (`timeZone`);
   *   a time of day sent with it (`YYYY-MM-DD HH:MM:SS`) is ignored, only its day counts;
   * - `"times"`: a time of day is honoured to the second (in the same time zone), as some servers
   *   may; a day alone still covers the whole day;
   * - `"refuse-times"`: a time of day is answered `400 {"error": "…"}`.
   *
   * A day that does not exist (`2024-02-30`) is a 400 in every mode.
   */
  readonly dates?: "days" | "times" | "refuse-times" | undefined
  /**
   * The license's time zone, an IANA name: days are read in it. The reference documents `timezone`
   * for `GET /chats` ("timezone in the TZ format (e.g. America/Phoenix)"), which overrides it for
   * that request; `GET /tickets` takes no `timezone` (one sent is ignored). An unknown name is a
   * defect when the fake starts. Default `"America/Phoenix"` (UTC−7, no daylight saving time, the
   * reference's example): deliberately not UTC, so that code assuming UTC days fails against the fake.
   */
  readonly timeZone?: string | undefined
  /**
   * The order of `GET /chats`, by start time; the reference does not state it. Default `"desc"`
   * (newest first). Only the first `recordCap` records of a query in that order are reachable.
   */
  readonly chatOrder?: "desc" | "asc" | undefined
  /**
   * The order of records of the same second (chats by start, tickets by last modification), which
   * the reference does not state. `"stable"` (default): the order they entered the archive in
   * (the newest first when descending), the same on every request; `"unstable"`: a fresh random
   * order on every request (drawn from the seed, so runs repeat).
   */
  readonly ties?: "stable" | "unstable" | undefined
  /**
   * The webhooks the fake sends. Every webhook registered through its `POST /webhooks` is sent when
   * the matching thing happens in the fake — a chat starts and ends (`addChats`, `arrive`, the
   * `drift` knob: a chat enters the archive ended, so both are sent), its tags change
   * (`PUT /chats/<id>/tags`), a visitor queues (`queueVisitor`), a ticket is created
   * (`POST /tickets`, `arrive`, `drift`), a canned response is created, updated or removed — with
   * the data types it asked for, to its URL with the Basic credentials the URL carries, retried
   * until it answers 200 (100 ms, doubling up to 5 s, by default). Fault knobs: `faults` (delay,
   * duplicates, out of order, lost). Only to this machine (127.0.0.1, ::1, localhost) unless
   * `deliverTo: "any"`. Through `fetch` unless an `httpClient` is given. The seeded webhook is
   * never sent.
   */
  readonly webhooks?: (DeliveryOptions & { readonly httpClient?: HttpClient.HttpClient | undefined }) | undefined
}

/**
 * The license's time zone when {@link Options} name none: `America/Phoenix` (UTC−7, no daylight
 * saving time).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultTimeZone = "America/Phoenix"

/**
 * The credentials the fake accepts: the owner's login and API key (HTTP Basic), an OAuth token,
 * and the license id and token for visitor details.
 *
 * @since 0.1.0
 * @category models
 */
export interface Credentials {
  readonly login: string
  readonly apiKey: Redacted.Redacted<string>
  readonly token: Redacted.Redacted<string>
  readonly licenseId: number
  /** The token `Visitors.addDetails` must carry with `licenseId`. */
  readonly visitorToken: Redacted.Redacted<string>
}

/**
 * A running fake.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fake {
  readonly credentials: Credentials
  /** API key auth with the fake's owner credentials, for `LiveChatClient.layer`. */
  readonly auth: Auth.Auth
  /** Answers one request (what both faces call). */
  readonly handle: (request: FakeRequest) => Effect.Effect<FakeResponse>
  /** The requests received so far, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<Recorded>>
  /** Forgets the requests received so far. */
  readonly clearRequests: Effect.Effect<void>
  /** Replaces the fault knobs. */
  readonly setFaults: (faults: Faults) => Effect.Effect<void>
  /** Adds new chats at the newest end of the archive, as if they had just ended. */
  readonly addChats: (count: number) => Effect.Effect<ReadonlyArray<Chat.Chat>>
  /**
   * Records entering the archive now with a time in the past: a chat that started at `at` (unix
   * seconds) and just ended, or a ticket created at `at` (with `status`). Default `at`: now.
   */
  readonly arrive: {
    (arrival: { readonly kind: "chats"; readonly at?: number | undefined }): Effect.Effect<Chat.Chat>
    (
      arrival: {
        readonly kind: "tickets"
        readonly at?: number | undefined
        readonly status?: Ticket.Status | undefined
      }
    ): Effect.Effect<Ticket.Ticket>
  }
  /** Removes a chat or ticket by id (it leaves every query); `false` when there was none. */
  readonly remove: (kind: "chats" | "tickets", id: string) => Effect.Effect<boolean>
  /**
   * Changes a ticket's status at `at` (unix seconds; default: now), so it leaves (or enters) a
   * status filter. It is a modification: an event (`status_changed`) at `at`, `modified` set to
   * `at`; solving it (or marking it as spam) ends its opened period, reopening it starts one. A
   * status it already has changes nothing. `false` when there was no such ticket.
   */
  readonly setTicketStatus: (id: string, status: Ticket.Status, at?: number | undefined) => Effect.Effect<boolean>
  /**
   * Modifies a ticket at `at` (unix seconds; default: now): a private note by an agent (its
   * assignee, else the owner) is added among its events, and `modified` is set to `at`, so it
   * moves in `GET /tickets` (ordered by last modification) and matches the days of `at`. The
   * ticket as changed, or `undefined` when there was no such ticket.
   */
  readonly modifyTicket: (id: string, at?: number | undefined) => Effect.Effect<Ticket.Ticket | undefined>
  /**
   * Runs `hook` after each answer, before the next request is handled (`undefined` removes it):
   * the place to change the archive between two page reads. The hook may call `state` methods
   * through the fake's other operations with `Effect.runSync`.
   */
  readonly onAnswer: (hook: ((answered: Answered) => void) | undefined) => Effect.Effect<void>
  /** The webhooks sent (see {@link Options.webhooks}). */
  readonly webhooks: {
    /** Every attempt so far, and the deliveries dropped or not sent, in order. */
    readonly attempts: Effect.Effect<ReadonlyArray<Attempt>>
    /** Waits until no delivery is pending (each was answered 200, or dropped, or its webhook deleted). */
    readonly settled: Effect.Effect<void>
    /** Replaces the deliveries' fault knobs. */
    readonly setFaults: (faults: WebhookFaults) => Effect.Effect<void>
  }
  /** A visitor entering the queue now: listed as `queued`, and `visitor_queued` sent. */
  readonly queueVisitor: Effect.Effect<Visitor.Visitor>
  /**
   * Stops the fake's background work (webhook deliveries in progress). The layers and
   * `LiveChatFakeServer.serve` do it when their scope closes; call it for a fake made by {@link make}.
   */
  readonly close: Effect.Effect<void>
  /** The fake's clock now, in unix seconds (the seed's end when it started). */
  readonly now: Effect.Effect<number>
  /** The license's time zone (the `timeZone` option). */
  readonly timeZone: string
  /**
   * The day (`YYYY-MM-DD`) of an instant (unix seconds) in the license's time zone, or in
   * `timeZone`: what `date_from` / `date_to` must name to find a record of that instant.
   */
  readonly dayOf: (seconds: number, timeZone?: string | undefined) => string
  /** How many chats and tickets the archive holds now. */
  readonly counts: Effect.Effect<{ readonly chats: number; readonly tickets: number }>
  /** A chat by its position in the archive (0 = oldest), as the fake would answer it. */
  readonly chatAt: (index: number) => Chat.Chat
  /** @internal */
  readonly state: State
  /** `handle` with the body as the faces send it (a page's UTF-8 bytes as they are). @internal */
  readonly respond: (request: FakeRequest) => Effect.Effect<RawResponse>
}

/**
 * The running fake, in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class LiveChatFake extends Context.Tag("@effect-livechat/testing/LiveChatFake")<LiveChatFake, Fake>() {}

/**
 * The data a seed makes, before any fake runs: the records a fake started with these options
 * holds, made on demand (an archive of any size costs no memory). Use it to compute what a test
 * expects, or pass it as the `seed` option.
 *
 * @since 0.1.0
 * @category models
 */
export interface Seeded {
  readonly options: SeedOptions
  readonly agents: ReadonlyArray<Agent.Details>
  readonly groups: ReadonlyArray<Group.Group>
  /** The chats, oldest first: `at(0)` is the oldest. */
  readonly chats: { readonly count: number; readonly at: (index: number) => Chat.Chat }
  /** The tickets, oldest first. */
  readonly tickets: { readonly count: number; readonly at: (index: number) => Ticket.Ticket }
}

/**
 * Seeded, deterministic data: realistic agents, groups, chats (messages, events, surveys, goals,
 * tags) and tickets, with timestamps spread over years. The same options make the same data.
 *
 * @example
 * ```ts
 * import { LiveChatFake } from "@effect-livechat/testing"
 *
 * const data = LiveChatFake.seed({ chats: 1_000_000, tickets: 500, agents: 8, groups: 4, seed: "load-test" })
 * data.chats.at(999_999).id // the newest chat, made on demand
 * const fake = LiveChatFake.layer({ seed: data })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const seed = (options: SeedOptions = {}): Seeded => {
  const made = makeSeed(options, seedOf(options.seed ?? 1))
  return {
    options,
    agents: made.agents,
    groups: made.groups,
    chats: { count: made.chats, at: (index) => seededChat(made, index) },
    tickets: { count: made.tickets, at: (index) => seededTicket(made, index) }
  }
}

/**
 * Starts a fake.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Fake> =>
  Effect.gen(function*() {
    const seedOptions = options.seed === undefined
      ? {}
      : "options" in options.seed
      ? options.seed.options
      : options.seed
    const seedNumber = seedOf(seedOptions.seed ?? 1)
    const seed = makeSeed(seedOptions, seedNumber)
    const timeZone = options.timeZone ?? defaultTimeZone
    const zone = zoneOf(timeZone)
    if (zone === undefined) return yield* Effect.dieMessage(`LiveChatFake: unknown time zone ${timeZone}`)
    const state = new State(seed, options.licenseId ?? 12345, options.recordCap ?? 100_000, {
      dates: options.dates ?? "days",
      zone,
      chatOrder: options.chatOrder ?? "desc",
      ties: options.ties ?? "stable"
    })
    initialize(state)
    // Deliveries run in fibers of the fake's own scope, closed by `close`.
    const scope = yield* Scope.make()
    const run = yield* FiberSet.makeRuntime<never>().pipe(Scope.extend(scope))
    const deliveryClient = options.webhooks?.httpClient ??
      (yield* HttpClient.HttpClient.pipe(Effect.provide(FetchHttpClient.layer)))
    const deliveries = new Deliveries(
      state,
      options.webhooks ?? {},
      deliveryClient,
      (effect) => {
        // Interruptible whatever the fiber that made the fake was (an `acquireRelease`'s acquire, a
        // layer's construction): a fiber forked from there would inherit its uninterruptibility, and
        // `close` would wait forever for a delivery retried against a receiver that is gone.
        run(Effect.interruptible(effect))
      },
      () => Date.now(),
      seedNumber
    )
    state.onEvent = (event) => deliveries.emit(event)
    const faults = new FaultState(options.faults ?? {}, seedNumber)
    const server = makeServer({
      state,
      faults,
      handlers,
      record: options.record ?? true,
      startedAt: yield* Clock.currentTimeMillis
    })
    const credentials: Credentials = {
      login: seed.owner.login,
      apiKey: Redacted.make(seed.owner.apiKey),
      token: Redacted.make(seed.owner.token),
      licenseId: state.licenseId,
      visitorToken: Redacted.make(visitorDetailsToken(seed))
    }
    return {
      credentials,
      auth: Auth.apiKey({ login: credentials.login, apiKey: credentials.apiKey }),
      handle: server.handle,
      requests: Effect.sync(server.requests),
      clearRequests: Effect.sync(server.clearRequests),
      setFaults: (next) =>
        Effect.sync(() => {
          faults.faults = next
        }),
      addChats: (count) =>
        Effect.map(Clock.currentTimeMillis, (millis) => state.arriveChats(count, server.clock(millis))),
      arrive: ((arrival: {
        readonly kind: "chats" | "tickets"
        readonly at?: number | undefined
        readonly status?: Ticket.Status | undefined
      }) =>
        Effect.map(Clock.currentTimeMillis, (millis) => {
          const now = server.clock(millis)
          const at = arrival.at ?? now
          return arrival.kind === "chats" ? state.insertChat(at) : state.insertTicket(at, arrival.status, now)
        })) as Fake["arrive"],
      remove: (kind, id) => Effect.sync(() => state.remove(kind, id)),
      setTicketStatus: (id, status, at) =>
        Effect.map(Clock.currentTimeMillis, (millis) => state.setTicketStatus(id, status, at ?? server.clock(millis))),
      modifyTicket: (id, at) =>
        Effect.map(Clock.currentTimeMillis, (millis) => state.modifyTicket(id, at ?? server.clock(millis))),
      onAnswer: (hook) =>
        Effect.sync(() => {
          server.hook.current = hook
        }),
      webhooks: {
        attempts: Effect.sync(() => [...deliveries.attempts]),
        settled: Effect.promise(() => deliveries.settled()),
        setFaults: (next) =>
          Effect.sync(() => {
            deliveries.faults = next
          })
      },
      queueVisitor: Effect.sync(() => queueVisitor(state)),
      close: Effect.suspend(() => {
        deliveries.close()
        return Scope.close(scope, Exit.void)
      }),
      now: Effect.map(Clock.currentTimeMillis, server.clock),
      timeZone,
      dayOf: (seconds, name) => {
        const other = name === undefined ? zone : zoneOf(name)
        if (other === undefined) throw new RangeError(`unknown time zone ${name}`)
        return dayIn(other, seconds)
      },
      counts: Effect.sync(() => ({ chats: state.chats.count, tickets: state.tickets.count })),
      chatAt: (index) => state.chats.get(index),
      state,
      respond: server.respond
    } satisfies Fake
  })

/**
 * The fake as an `HttpClient`: requests are answered in process, without sockets. A reset is a
 * transport failure; a truncated answer is a body cut in half.
 *
 * @since 0.1.0
 * @category constructors
 */
export const httpClient = (fake: Fake): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.flatMap(
      fake.respond({ method: request.method, url, headers: request.headers, body: requestBody(request) }),
      (response) => {
        if (response.fault === "reset") {
          return Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })
            })
          )
        }
        const body = response.fault === "truncate"
          ? response.body.slice(0, Math.floor(response.body.length / 2))
          : response.body
        return Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            new Response(body, { status: response.status, headers: response.headers })
          )
        )
      }
    )
  )

/**
 * The fake as the `HttpClient`, and the fake itself as {@link LiveChatFake}. Configure your own
 * `LiveChatClient` over it with the fake's `auth` (or use {@link layer}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient = (options: Options = {}): Layer.Layer<LiveChatFake | HttpClient.HttpClient> =>
  Layer.scopedContext(
    Effect.map(
      Effect.acquireRelease(make(options), (fake) => fake.close),
      (fake) => Context.make(LiveChatFake, fake).pipe(Context.add(HttpClient.HttpClient, httpClient(fake)))
    )
  )

/**
 * Everything a program needs to run against the fake: a `LiveChatClient` authenticated as the
 * fake's owner, over the in-process fake, and the fake itself. The client has no rate limiter by
 * default (so tests under `TestClock` do not wait on it); pass `client` options to change that.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly client?: Omit<LiveChatClient.Options, "auth" | "baseUrl"> | undefined } = {}
): Layer.Layer<LiveChatClient.LiveChatClient | LiveChatFake | HttpClient.HttpClient> => {
  const fake = layerHttpClient(options)
  const client = Layer.unwrapEffect(
    Effect.map(
      LiveChatFake,
      (running) => LiveChatClient.layer({ rateLimit: false, ...options.client, auth: running.auth }).pipe(Layer.orDie)
    )
  )
  return Layer.provideMerge(client, fake)
}
