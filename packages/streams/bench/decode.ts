/**
 * `node --import tsx packages/streams/bench/decode.ts [iterations] [parse,compiled,schema]`: the CPU of decoding one saved
 * page of 25 chats (as the fake serves it) with `Compiled` and with Schema's parser, against
 * `JSON.parse` of its text: the decode goal of `pnpm bench` measured without a network.
 */
import { Chat, Compiled } from "@effect-livechat/core"
import { LiveChatFake } from "@effect-livechat/testing"
import { HttpClient } from "@effect/platform"
import { Effect, Either, Redacted, Schema } from "effect"

const iterations = Number(process.argv[2] ?? "4000")
/** Which to run (comma-separated), for profiling one alone: `parse,compiled,schema` by default. */
const only = (process.argv[3] ?? "parse,compiled,schema").split(",")

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

const compiled = Compiled.decodeUnknownEither(Chat.Page)
const schema = Schema.decodeUnknownEither(Chat.Page)
const parsed = Array.from({ length: 100 }, () => JSON.parse(pageText))

const time = (name: string, work: (i: number) => unknown) => {
  const started = process.cpuUsage()
  for (let i = 0; i < iterations; i++) work(i)
  const used = process.cpuUsage(started)
  return { name, "µs / page": Number(((used.user + used.system) / iterations).toFixed(1)) }
}

const rows = []
for (let round = 0; round < 5; round++) {
  if (only.includes("parse")) rows.push(time("JSON.parse", () => JSON.parse(pageText)))
  if (only.includes("compiled")) {
    rows.push(time("Compiled", (i) => {
      if (Either.isLeft(compiled(parsed[i % 100]))) throw new Error("decode failed")
    }))
  }
  if (only.includes("schema")) {
    rows.push(time("Schema", (i) => schema(parsed[i % 100], { errors: "all", onExcessProperty: "ignore" })))
  }
}
const byName = new Map<string, Array<number>>()
for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row["µs / page"]])
console.log(`page: ${pageText.length} bytes`)
console.table(
  [...byName].map(([name, xs]) => ({ name, "median µs / page": [...xs].sort((a, b) => a - b)[xs.length >> 1] }))
)
