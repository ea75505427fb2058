/**
 * The contenders of `pnpm bench`, each a function that does one scenario's work against a fake
 * served by another process and resolves with the number of records (or answers) it read:
 *
 * - `undici`: a hand-written loop over an undici `Pool` and `JSON.parse` (the floor of Node);
 * - `undici + Schema`: the same, decoding each answer with this library's Schema;
 * - `livechatapi`: the official client 0.6.0, driven as its README shows (callbacks; a page loop);
 * - `HttpClient`: a plain `@effect/platform` loop (`NodeHttpClient.layerUndici`, `response.json`),
 *   with and without the same Schemas (the floor of any client on this stack);
 * - `client`: this library (`Agents.get`, `Archives.list` in a page loop, `Archives.stream`), on its
 *   Node transport or on the `HttpClient` path (`Transport`).
 */
import { Agent, Auth, Chat, Compiled, LiveChatClient } from "@effect-livechat/core"
import { NodeLiveChatClient } from "@effect-livechat/core/node"
import { Agents, Archives as ArchivesApi } from "@effect-livechat/resources"
import { Archives } from "@effect-livechat/streams"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Either, Layer, ManagedRuntime, Schema, Stream } from "effect"
import { createRequire } from "node:module"
import { Pool } from "undici"
import { pageLoop } from "./pageLoop.js"

/** Where the fake is. */
export interface Target {
  readonly url: string
  readonly login: string
  readonly apiKey: string
}

/** One run of a contender: resolves with the records read. */
export type Run = (signal: AbortSignal) => Promise<number>

const headersOf = (target: Target) => ({
  authorization: `Basic ${Buffer.from(`${target.login}:${target.apiKey}`).toString("base64")}`,
  "x-api-version": "2",
  accept: "application/json"
})

/** Runs `work(page)` for pages `2..pages` with `concurrency` in flight. */
const pagesInFlight = async (
  pages: number,
  concurrency: number,
  signal: AbortSignal,
  work: (page: number) => Promise<number>
): Promise<number> => {
  let next = 2
  let count = 0
  const worker = async () => {
    while (next <= pages && !signal.aborted) {
      const page = next++
      const read = await work(page) // (not `count += await …`: that reads `count` before waiting)
      count += read
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
  return count
}

/** How a contender decodes: not at all (`JSON.parse` only), with Schema's parser, or with `Compiled`. */
export type Decoding = "none" | "schema" | "compiled"

const decoders = {
  page: {
    schema: Schema.decodeUnknownEither(Chat.Page, { errors: "all", onExcessProperty: "ignore" }),
    compiled: Compiled.decodeUnknownEither(Chat.Page)
  },
  agent: {
    schema: Schema.decodeUnknownEither(Agent.Details, { errors: "all", onExcessProperty: "ignore" }),
    compiled: Compiled.decodeUnknownEither(Agent.Details)
  }
}

const orThrow = <A>(either: Either.Either<A, unknown>): A => {
  if (Either.isLeft(either)) throw new Error(`decode failed: ${String(either.left)}`)
  return either.right
}

/** The hand-written undici loops. */
export const undici = (target: Target, connections = 16) => {
  const pool = new Pool(target.url, { connections })
  const headers = headersOf(target)
  const getJson = async (path: string): Promise<unknown> => {
    const response = await pool.request({ path, method: "GET", headers })
    const text = await response.body.text()
    if (response.statusCode !== 200) throw new Error(`GET ${path}: ${response.statusCode} ${text.slice(0, 200)}`)
    return JSON.parse(text)
  }
  const chats = (page: unknown, decoding: Decoding) =>
    decoding === "none"
      ? (page as { chats: Array<unknown> }).chats.length
      : orThrow(decoders.page[decoding](page)).chats.length
  return {
    close: () => pool.close(),
    getAgent: (times: number, decoding: Decoding): Run => async (signal) => {
      let count = 0
      for (let i = 0; i < times && !signal.aborted; i++) {
        const agent = await getJson(`/agents/${encodeURIComponent(target.login)}`)
        if (decoding !== "none") orThrow(decoders.agent[decoding](agent))
        count++
      }
      return count
    },
    export: (concurrency: number, decoding: Decoding): Run => async (signal) => {
      const first = await getJson("/chats?page=1") as { pages: number }
      return chats(first, decoding) +
        await pagesInFlight(
          first.pages,
          concurrency,
          signal,
          async (page) => chats(await getJson(`/chats?page=${page}`), decoding)
        )
    },
    /**
     * A naive loop under a server's rate limit: `pages` pages with `concurrency` in flight, each
     * 429 waited out (its `Retry-After`) and retried by the request that got it.
     */
    limited: (pages: number, concurrency: number): Run => async (signal) => {
      const getWithRetry = async (path: string): Promise<number> => {
        for (;;) {
          const response = await pool.request({ path, method: "GET", headers })
          const text = await response.body.text()
          if (response.statusCode === 429) {
            const seconds = Number(response.headers["retry-after"] ?? "1")
            await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
            continue
          }
          if (response.statusCode !== 200) throw new Error(`GET ${path}: ${response.statusCode}`)
          return (JSON.parse(text) as { chats: Array<unknown> }).chats.length
        }
      }
      return await getWithRetry("/chats?page=1") +
        await pagesInFlight(pages, concurrency, signal, (page) => getWithRetry(`/chats?page=${page}`))
    }
  }
}

interface OfficialApi {
  readonly agents: { get: (login: string, callback: (data: unknown) => void) => void }
  readonly chats: { list: (params: Record<string, unknown>, callback: (data: unknown) => void) => void }
}

/** The official `livechatapi` 0.6.0 client, driven as its README shows. */
export const official = (target: Target) => {
  const require = createRequire(import.meta.url)
  const { LiveChatApi } = require("livechatapi") as {
    LiveChatApi: new(user: string, apiKey: string, version: number, host: string) => OfficialApi
  }
  const api = new LiveChatApi(target.login, target.apiKey, 2, `${target.url}/`)
  const call = (f: (callback: (data: unknown) => void) => void) =>
    new Promise<unknown>((resolve, reject) =>
      f((data) => {
        if (typeof data === "object" && data !== null && "error" in data) {
          reject(new Error(`livechatapi: ${JSON.stringify(data).slice(0, 200)}`))
        } else resolve(data)
      })
    )
  const page = async (
    page: number
  ) => (await call((callback) => api.chats.list({ page }, callback)) as { chats: Array<unknown>; pages: number })
  return {
    getAgent: (times: number): Run => async (signal) => {
      let count = 0
      for (let i = 0; i < times && !signal.aborted; i++) {
        await call((callback) => api.agents.get(target.login, callback))
        count++
      }
      return count
    },
    export: (concurrency: number): Run => async (signal) => {
      const first = await page(1)
      return first.chats.length +
        await pagesInFlight(first.pages, concurrency, signal, async (n) => (await page(n)).chats.length)
    }
  }
}

/** A runtime whose runs stop when the signal aborts. */
const runner =
  <R>(runtime: ManagedRuntime.ManagedRuntime<R, never>) => <E>(effect: Effect.Effect<number, E, R>): Run => (signal) =>
    runtime.runPromise(effect, { signal })

/** The plain `@effect/platform` `HttpClient` loops, with or without the Schemas. */
export const platform = (target: Target) => {
  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const run = runner(runtime)
  const headers = headersOf(target)
  const get = (path: string, decode: ((json: unknown) => Effect.Effect<unknown, unknown>) | undefined) =>
    Effect.flatMap(HttpClient.HttpClient, (http) =>
      HttpClient.filterStatusOk(http).execute(
        HttpClientRequest.get(`${target.url}${path}`).pipe(HttpClientRequest.setHeaders(headers))
      ).pipe(
        Effect.flatMap((response) => response.json),
        Effect.flatMap((json) => decode === undefined ? Effect.succeed(json) : decode(json))
      ))
  const decoderFor = <A, I>(schema: Schema.Schema<A, I>, decoding: Decoding) => {
    if (decoding === "none") return undefined
    if (decoding === "schema") {
      const decode = Schema.decodeUnknown(schema)
      return (json: unknown) => decode(json, { errors: "all", onExcessProperty: "ignore" })
    }
    const decode = Compiled.decodeUnknownEither(schema)
    return (json: unknown) => decode(json)
  }
  const count = (page: unknown) => (page as { chats: ReadonlyArray<unknown> }).chats.length
  return {
    close: () => runtime.dispose(),
    getAgent: (times: number, decoding: Decoding): Run => {
      const decode = decoderFor(Agent.Details, decoding)
      return run(Effect.as(
        Effect.forEach(
          Array.from({ length: times }),
          () => get(`/agents/${encodeURIComponent(target.login)}`, decode),
          { discard: true }
        ),
        times
      ))
    },
    export: (concurrency: number, decoding: Decoding): Run => {
      const decode = decoderFor(Chat.Page, decoding)
      return run(Effect.gen(function*() {
        const first = (yield* get("/chats?page=1", decode)) as { pages: number }
        const rest = yield* Effect.forEach(
          Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
          (page) => Effect.map(get(`/chats?page=${page}`, decode), count),
          { concurrency }
        )
        return rest.reduce((a, b) => a + b, count(first))
      }))
    }
  }
}

/**
 * How this library reaches the server: its Node transport (`NodeLiveChatClient`, undici directly,
 * what a user on Node runs), or `LiveChatClient.layer` over `NodeHttpClient.layerUndici` or over
 * `FetchHttpClient` (the `HttpClient` path, for fetch runtimes and users' own clients).
 */
export type Transport = "node" | "httpclient" | "fetch"

const layerOf = (transport: Transport, options: LiveChatClient.Options) =>
  transport === "node"
    ? NodeLiveChatClient.layer(options)
    : LiveChatClient.layer(options).pipe(
      Layer.provide(transport === "fetch" ? FetchHttpClient.layer : NodeHttpClient.layerUndici)
    )

/** This library. `options` are the client's (default: the defaults). */
export const client = (
  target: Target,
  options: Omit<LiveChatClient.Options, "auth" | "baseUrl"> = {},
  transport: Transport = "node"
) => {
  const runtime = ManagedRuntime.make(
    layerOf(transport, {
      ...options,
      baseUrl: target.url,
      auth: Auth.apiKey({ login: target.login, apiKey: target.apiKey })
    }).pipe(Layer.orDie)
  )
  const run = runner(runtime)
  return {
    runtime,
    close: () => runtime.dispose(),
    getAgent: (times: number): Run =>
      run(Effect.as(
        Effect.forEach(Array.from({ length: times }), () => Agents.get({ login: target.login }), { discard: true }),
        times
      )),
    /** `Archives.list` in a page loop, `concurrency` pages in flight. */
    list: (concurrency: number): Run => run(pageLoop(concurrency)),
    /** `Archives.stream`, `concurrency` pages in flight, every chat emitted in order. */
    stream: (concurrency: number): Run => run(Archives.stream({}, { concurrency }).pipe(Stream.runCount)),
    /** `Archives.list` for `pages` pages, `concurrency` in flight (under a server's rate limit). */
    limited: (pages: number, concurrency: number): Run =>
      run(Effect.map(
        Effect.forEach(
          Array.from({ length: pages }, (_, i) => i + 1),
          (page) => Effect.map(ArchivesApi.list({ page }), (p) => p.chats.length),
          { concurrency }
        ),
        (counts) => counts.reduce((a, b) => a + b, 0)
      ))
  }
}
