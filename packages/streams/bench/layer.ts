/**
 * `node --import tsx packages/streams/bench/layer.ts [calls] [concurrency]`: the CPU this client's
 * own layer adds to a request, measured without a network. Every contender runs over the same
 * instant transport (an `HttpClient` answering each request at once with a saved body), so what
 * differs is only what sits between the call and the transport: a plain `HttpClient` loop decoding
 * with `Compiled` (the floor), then `Archives.list` with the client's defaults and with one part
 * at a time turned off (timeout, rate limiter, retry), to price each part. Prints µs of CPU a call,
 * medians of 8 alternating rounds.
 */
import { Auth, Chat, Compiled, LiveChatClient } from "@effect-livechat/core"
import { Archives } from "@effect-livechat/resources"
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { Effect, Layer, ManagedRuntime } from "effect"
import { compareCpu, savedPage } from "./cpu.js"

const [callsArg = "4000", concurrencyArg = "8"] = process.argv.slice(2)
const calls = Number(callsArg)
const concurrency = Number(concurrencyArg)

const pageText = await savedPage()

const instant = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    // Answered on the next turn of the event loop, as a socket's answer would be.
    Effect.async<HttpClientResponse.HttpClientResponse>((resume) => {
      setImmediate(() =>
        resume(Effect.succeed(HttpClientResponse.fromWeb(
          request,
          new Response(pageText, {
            headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(pageText)) }
          })
        )))
      )
    })
  )
)

const pages = Array.from({ length: calls }, (_, i) => i + 1)

const floor = () => {
  const runtime = ManagedRuntime.make(instant)
  const decode = Compiled.decodeUnknownEither(Chat.Page)
  const run = () =>
    runtime.runPromise(
      Effect.forEach(pages, (page) =>
        Effect.flatMap(HttpClient.HttpClient, (http) =>
          HttpClient.filterStatusOk(http).get(`https://api.livechatinc.com/chats?page=${page}`).pipe(
            Effect.flatMap((response) =>
              response.json
            ),
            Effect.flatMap((json) =>
              decode(json)
            )
          )), { concurrency, discard: true })
    )
  return { run, close: () => runtime.dispose() }
}

const ours = (options: Omit<LiveChatClient.Options, "auth">) => {
  const runtime = ManagedRuntime.make(
    LiveChatClient.layer({ ...options, auth: Auth.apiKey({ login: "a@b.c", apiKey: "k" }) }).pipe(
      Layer.provide(instant),
      Layer.orDie
    )
  )
  const run = () =>
    runtime.runPromise(Effect.forEach(pages, (page) => Archives.list({ page }), { concurrency, discard: true }))
  return { run, close: () => runtime.dispose() }
}

const contenders: ReadonlyArray<readonly [string, { run: () => Promise<void>; close: () => Promise<void> }]> = [
  ["HttpClient + Compiled", floor()],
  ["client (defaults)", ours({})],
  ["client, no timeout", ours({ timeout: false })],
  ["client, no limiter", ours({ rateLimit: false })],
  ["client, no retry", ours({ retry: false })],
  ["client, none of the three", ours({ timeout: false, rateLimit: false, retry: false })]
]

await compareCpu(contenders.map(([name, contender]) => [name, contender.run] as const), { calls, rounds: 8 })
for (const [, contender] of contenders) await contender.close()
