/**
 * `pnpm bench`: the speed and memory benchmarks. Prints their figures; asserts nothing but that
 * every record was read.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { throughput } from "../packages/streams/bench/throughput.js"
import { syncThroughput } from "../packages/sync/bench/sync.js"
import { fakeHeap, streamHeap } from "../packages/testing/bench/memory.js"

const program = Effect.gen(function*() {
  yield* Console.log(
    `node ${process.version}, ${(globalThis as { gc?: unknown }).gc ? "with" : "WITHOUT"} --expose-gc\n`
  )

  yield* Console.log("Streaming 10,000 chats from a fake served by another process, 20 ms per request:")
  const rows = yield* throughput()
  yield* Console.table(rows)

  yield* Console.log("\nThe fake serving a 1,000,000-chat archive page by page (heap after GC):")
  const fake = yield* fakeHeap()
  yield* Console.log(`  ${fake.pages} pages in ${fake.seconds} s`)
  yield* Console.table(fake.samples)

  yield* Console.log("\nStreaming a 300,000-chat archive through client and streams, in process (heap after GC):")
  const stream = yield* streamHeap()
  yield* Console.log(`  ${stream.items} chats in ${stream.seconds} s`)
  yield* Console.table(stream.samples)

  // --- sync (packages/sync/bench/sync.ts) ---
  yield* Console.log(
    "\nSyncing 100,000 chats into SQLite and PostgreSQL vs the bare stream, same fake (another process, 20 ms per request), 8 pages in flight:"
  )
  yield* Console.table(yield* syncThroughput())
  // --- end sync ---
})

NodeRuntime.runMain(program)
