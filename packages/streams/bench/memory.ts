/**
 * The memory stage of `pnpm bench` for this library, run in a process of its own so that its peak
 * RSS is its own, and loading what a user's program would: the client on its Node transport
 * (`NodeLiveChatClient`, its defaults) and the streams, nothing of the other contenders (the
 * floors run from `memoryFloors.ts`; a bundle holding their code too held a few MB more in V8's
 * heap, which V8 lets grow to a multiple of what lives in it). Streams every chat of the fake at
 * `--url` through `Archives.stream` (8 pages in flight), or reads every page of one query with
 * `Archives.list` (`--contender list`: the page loop, the stream's own share by difference), and
 * prints one JSON line (`measure.ts`).
 *
 *   memory.ts --url http://127.0.0.1:port --login … --key … [--concurrency 8] [--contender client|list]
 */
import { Auth, type LiveChatClient } from "@effect-livechat/core"
import { NodeLiveChatClient } from "@effect-livechat/core/node"
import { Archives as ArchivesApi } from "@effect-livechat/resources"
import { Archives } from "@effect-livechat/streams"
import { Effect, Layer, ManagedRuntime, Stream } from "effect"
import { parseArgs } from "node:util"
import { measure } from "./measure.js"

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    login: { type: "string" },
    key: { type: "string" },
    concurrency: { type: "string", default: "8" },
    contender: { type: "string", default: "client" }
  }
})
const concurrency = Number(values.concurrency)
const runtime = ManagedRuntime.make(
  NodeLiveChatClient.layer({
    baseUrl: values.url ?? "",
    auth: Auth.apiKey({ login: values.login ?? "", apiKey: values.key ?? "" })
  }).pipe(Layer.orDie)
)

/** Every page of one query, `concurrency` in flight. */
const list: Effect.Effect<number, unknown, LiveChatClient.LiveChatClient> = Effect.gen(function*() {
  const first = yield* ArchivesApi.list({ page: 1 })
  const counts = yield* Effect.forEach(
    Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
    (page) => Effect.map(ArchivesApi.list({ page }), (p) => p.chats.length),
    { concurrency }
  )
  return counts.reduce((a, b) => a + b, first.chats.length)
})

await measure(
  (signal) =>
    runtime.runPromise(
      values.contender === "list" ? list : Stream.runCount(Archives.stream({}, { concurrency })),
      { signal }
    ),
  () => runtime.dispose()
)
