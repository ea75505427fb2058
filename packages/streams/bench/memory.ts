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
import { Auth } from "@effect-livechat/core"
import { NodeLiveChatClient } from "@effect-livechat/core/node"
import { Archives } from "@effect-livechat/streams"
import { Layer, ManagedRuntime, Stream } from "effect"
import { childArgs, measure } from "./measure.js"
import { pageLoop } from "./pageLoop.js"

const { concurrency, contender, target } = childArgs("client")
const runtime = ManagedRuntime.make(
  NodeLiveChatClient.layer({
    baseUrl: target.url,
    auth: Auth.apiKey({ login: target.login, apiKey: target.apiKey })
  }).pipe(Layer.orDie)
)

await measure(
  (signal) =>
    runtime.runPromise(
      contender === "list" ? pageLoop(concurrency) : Stream.runCount(Archives.stream({}, { concurrency })),
      { signal }
    ),
  () => runtime.dispose()
)
