/**
 * The Node transport: one undici `dispatch` per attempt, inside one Effect. The answer's bytes are
 * decoded to text as they arrive (`./utf8.ts`), each chunk let go at once; the timeout is a timer
 * of the attempt that aborts the dispatch, and an interruption aborts it the same way, so no fiber
 * races the request. The attempt waits through `Async.cancelable`, not `Effect.async` with a
 * canceler (why: `../Async.ts`).
 *
 * Why not `@effect/platform`'s `HttpClient` over undici: its request and response objects, the body
 * as a Node stream then an Effect `Stream`, and the racing fiber of a timeout cost more CPU than
 * the rest of a request together (`pnpm bench`, profile in issue 21's closing note).
 */
// Every program compiling this module gets the pool module's type with it (an ambient declaration
// of an untyped module cannot be imported; the declaration output drops the reference).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./undici-pool.d.ts" />
import { Duration, Effect } from "effect"
import type { Buffer } from "node:buffer"
import type { Dispatcher, Pool } from "undici"
import PoolClass from "undici/lib/dispatcher/pool.js"
import * as Async from "../Async.js"
import type { TransportError } from "../LiveChatError.js"
import type { Prepared } from "./request.js"
import * as Response from "./response.js"
import type { Settings } from "./settings.js"
import { isLive, withTimeout } from "./timeout.js"
import { type Answer, answer, reading, type Transport } from "./transport.js"
import * as Utf8 from "./utf8.js"

/**
 * The connection pool of one client: its origin, connections kept alive between requests.
 *
 * undici's `Pool` comes from its own module, not undici's index, which loads the whole of undici
 * (fetch, WebSocket, caches, HTTP/2, proxies, mocks: a megabyte of source where the pool and its
 * client are a tenth of it) for a transport that needs only `dispatch`. What a process holds for
 * code it loaded and never runs stays in V8's heap, and V8 lets the heap grow to a multiple of what
 * lives in it: the peak RSS of a stream of 100,000 chats was 14 MB lower (`pnpm bench`'s memory
 * stage). The module is the class undici's index exports (undici has no `exports` map that would
 * hide it; `test/Socket.test.ts` checks it is the same class; its type: `./undici-pool.d.ts`).
 */
export const pool = (settings: Settings): Pool => new PoolClass(settings.baseUrl.origin, { keepAliveTimeout: 4_000 })

/** Why a dispatch was aborted by us: the attempt's time is up, the answer is too large, or an interruption. */
class Aborted extends Error {
  constructor(readonly error: TransportError | undefined) {
    super("aborted")
  }
}

/**
 * One attempt's exchange with undici: its handler (one object, no closure per callback) and its
 * outcome, handed to `resume` once.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined = undefined
  private pending: Aborted | undefined = undefined
  private timer: ReturnType<typeof setTimeout> | undefined = undefined
  private done = false
  private status = 0
  private headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> = {}
  private mode: ReturnType<typeof reading> = "read"
  private text = new Utf8.Decoder()
  private total = 0

  constructor(
    private readonly context: Response.Context,
    private readonly maxBytes: number,
    private readonly resume: (result: Effect.Effect<Answer, TransportError>) => void
  ) {}

  /** Aborts the dispatch, now or as soon as it is handed to a connection. */
  abort(reason: Aborted): void {
    if (this.controller === undefined) this.pending = reason
    else if (!this.controller.aborted) this.controller.abort(reason)
  }

  /** The attempt's time is up: aborted, and ended now even if it never reached a connection. */
  timeUp(error: TransportError): void {
    this.abort(new Aborted(error))
    if (this.controller === undefined) this.finish(Effect.fail(error))
  }

  startTimer(millis: number, timeout: Duration.Duration): void {
    this.timer = setTimeout(() => this.timeUp(Response.timedOut(this.context, timeout)), millis)
  }

  /** The interruption of the attempt: nobody waits for its outcome any more. */
  cancel(): void {
    if (this.done) return
    this.done = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.text.end()
    this.abort(new Aborted(undefined))
  }

  finish(result: Effect.Effect<Answer, TransportError>): void {
    if (this.done) return
    this.done = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    // Done: let go of undici's controller, whose raw headers are views of the socket's read
    // buffers. An exchange outlives its answer for a while (the fiber's canceler, the timer's
    // closure); holding them through it kept 50 MB of buffers outside V8's heap past young
    // collections, streaming 100,000 chats (peak RSS 171 → 144 MB on the client's page loop).
    this.controller = undefined
    this.headers = {}
    this.resume(result)
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.pending !== undefined) controller.abort(this.pending)
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | Array<string> | undefined>
  ): void {
    if (status < 200) return // 1xx: the answer is still to come
    this.status = status
    this.headers = headers
    this.mode = reading(status)
    const declared = headers["content-length"]
    const encoding = headers["content-encoding"]
    if (
      this.mode !== "skip" && typeof declared === "string" && (encoding === undefined || encoding === "identity") &&
      Number(declared) > this.maxBytes
    ) {
      controller.abort(
        new Aborted(Response.tooLarge(this.context, status, this.maxBytes, ` (Content-Length: ${declared})`))
      )
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.mode === "skip" || this.done) return
    this.total += chunk.length
    if (this.total > this.maxBytes) {
      this.text.end()
      controller.abort(new Aborted(Response.tooLarge(this.context, this.status, this.maxBytes)))
      return
    }
    this.text.write(chunk)
  }

  onResponseEnd(): void {
    const text = this.mode === "skip" ? "" : this.text.end()
    this.finish(Effect.succeed(answer(this.status, this.headers, text)))
  }

  onResponseError(_: Dispatcher.DispatchController, error: Error): void {
    this.text.end()
    if (error instanceof Aborted) {
      // An interruption's abort has no error: nobody waits for the outcome.
      if (error.error !== undefined) this.finish(Effect.fail(error.error))
    } else if (this.status === 0) {
      this.finish(Effect.fail(Response.fromCause(this.context, "request", error)))
    } else if (this.mode === "tolerate") {
      this.finish(Effect.succeed(answer(this.status, this.headers, "")))
    } else {
      this.finish(Effect.fail(Response.fromCause(this.context, "body", error, this.status)))
    }
  }
}

/** The transport over an undici dispatcher (a `Pool` of the base URL's origin). */
export const make = (dispatcher: Dispatcher, settings: Settings): Transport => {
  const { maxResponseBytes, timeout } = settings
  const millis = timeout === undefined ? undefined : Math.max(1, Math.ceil(Duration.toMillis(timeout)))
  // The path of a request's URL on the pool's origin (the base URL's path included).
  const originLength = settings.baseUrl.origin.length

  const dispatch = (prepared: Prepared, authorization: string | undefined, millis: number | undefined) =>
    Async.cancelable<Answer, TransportError>((resume) => {
      const headers: Record<string, string> = authorization === undefined
        ? { ...prepared.headers }
        : { ...prepared.headers, authorization }
      if (prepared.contentType !== undefined) headers["content-type"] = prepared.contentType
      const exchange = new Exchange(prepared.context, maxResponseBytes, resume)
      if (millis !== undefined) exchange.startTimer(millis, timeout!)
      try {
        dispatcher.dispatch({
          path: prepared.url.slice(originLength),
          method: prepared.method,
          headers,
          body: prepared.body ?? null,
          // The attempt's own timer covers the answer and its body (none for `timeout: false`).
          headersTimeout: 0,
          bodyTimeout: 0
        }, exchange)
      } catch (error) {
        exchange.finish(Effect.fail(Response.fromCause(prepared.context, "request", error)))
      }
      return () => exchange.cancel()
    })

  // Under the live clock the attempt's timer is the dispatch's own; under another `Clock`
  // (`TestClock`) the time is slept on that clock, as `Effect.timeout` would.
  const send: Transport["send"] = (prepared, authorization, start) =>
    millis === undefined
      ? Effect.zipRight(start, dispatch(prepared, authorization, undefined))
      : Effect.clockWith((clock) =>
        isLive(clock)
          ? Effect.zipRight(start, dispatch(prepared, authorization, millis))
          : withTimeout(
            start,
            dispatch(prepared, authorization, undefined),
            timeout!,
            () => Response.timedOut(prepared.context, timeout!)
          )
      )

  return { send }
}
