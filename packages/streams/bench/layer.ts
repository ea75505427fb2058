/**
 * `node --import tsx packages/streams/bench/layer.ts [calls] [concurrency]`: the CPU this client's
 * own layer adds to a request, measured without a network. Every contender runs over the same
 * instant transport (an `HttpClient` answering each request at once with a saved body), so what
 * differs is only what sits between the call and the transport: a plain `HttpClient` loop decoding
 * with `Compiled` (the floor), then `Archives.list` with the client's defaults and with one part
 * at a time turned off (timeout, rate limiter, retry), to price each part. Prints µs of CPU a call,
 * medians of 5 alternating rounds.
 */
import { Auth, Chat, Compiled, LiveChatClient } from "@effect-livechat/core"
import { Archives } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"

const [callsArg = "4000", concurrencyArg = "8"] = process.argv.slice(2)
const calls = Number(callsArg)
const concurrency = Number(concurrencyArg)

// A real page of 25 chats, as the fake serves it.
const pageText = await Effect.runPromise(
  Effect.gen(function*() {
    const fake = yield* LiveChatFake.LiveChatFake
    const { apiKey, login } = fake.credentials
    const http = yield* HttpClient.HttpClient
    const response = yield* http.get("https://api.livechatinc.com/chats?page=1", {
      headers: {
        authorization: `Basic ${Buffer.from(`${login}:${Redacted.value(apiKey)}`).toString("base64")}`,
        "x-api-version": "2"
      }
    })
    return yield* response.text
  }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats: 100 } })))
)

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

const samples = new Map<string, Array<number>>(contenders.map(([name]) => [name, []]))
for (let round = 0; round < 9; round++) {
  const order = round % 2 === 0 ? contenders : [...contenders].reverse()
  for (const [name, contender] of order) {
    const cpu = process.cpuUsage()
    await contender.run()
    const used = process.cpuUsage(cpu)
    if (round > 0) samples.get(name)!.push((used.user + used.system) / calls) // round 0 warms up
  }
}
const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const base = median(samples.get("HttpClient + Compiled")!)
console.table(
  contenders.map(([name]) => {
    const m = median(samples.get(name)!)
    return { contender: name, "CPU µs / call": Math.round(m), "over the floor": Math.round(m - base) }
  })
)
for (const [, contender] of contenders) await contender.close()
