/**
 * `node --import tsx packages/streams/bench/decode.ts [iterations] [parse,compiled,schema]`: the
 * CPU of decoding one saved page of 25 chats (as the fake serves it) with `Compiled` and with
 * Schema's parser, against `JSON.parse` of its text: the decode goal of `pnpm bench` measured
 * without a network.
 */
import { Chat, Compiled } from "@effect-livechat/core"
import { Either, Schema } from "effect"
import { compareCpu, savedPage } from "./cpu.js"

const iterations = Number(process.argv[2] ?? "4000")
/** Which to run (comma-separated), for profiling one alone: `parse,compiled,schema` by default. */
const only = (process.argv[3] ?? "parse,compiled,schema").split(",")

const pageText = await savedPage()

const compiled = Compiled.decodeUnknownEither(Chat.Page)
const schema = Schema.decodeUnknownEither(Chat.Page)
const parsed = Array.from({ length: 100 }, () => JSON.parse(pageText))

const contenders = [
  ["JSON.parse", "parse", () => {
    for (let i = 0; i < iterations; i++) JSON.parse(pageText)
  }],
  ["Compiled", "compiled", () => {
    for (let i = 0; i < iterations; i++) if (Either.isLeft(compiled(parsed[i % 100]))) throw new Error("decode failed")
  }],
  ["Schema", "schema", () => {
    for (let i = 0; i < iterations; i++) schema(parsed[i % 100], { errors: "all", onExcessProperty: "ignore" })
  }]
] as const
console.log(`page: ${pageText.length} bytes`)
await compareCpu(
  contenders.filter(([, key]) => only.includes(key)).map(([name, , run]) => [name, run] as const),
  { calls: iterations, rounds: 5, unit: "page" }
)
