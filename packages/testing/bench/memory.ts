/**
 * Benchmark: the heap while a 1,000,000-chat archive is read page by page.
 *
 * 1. The fake alone: every page of the archive (windows of at most 100000 chats, 25 a page) asked
 *    of the fake's request handler; the heap is sampled after a collection every 4000 pages.
 * 2. The whole stack: an archive of 300,000 chats streamed through the client and the streams package (in
 *    process), sampled the same way.
 *
 * Run with `--expose-gc` (pnpm bench does) so the samples measure live memory.
 */
import { Archives } from "@effect-livechat/streams"
import { LiveChatFake } from "@effect-livechat/testing"
import { Effect, Redacted, Stream } from "effect"

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

const heap = () => {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  return mib(process.memoryUsage().heapUsed)
}

export const fakeHeap = (chats = 1_000_000) =>
  Effect.gen(function*() {
    const fake = yield* LiveChatFake.make({ seed: { chats, seed: "bench" }, record: false })
    const authorization = `Basic ${btoa(`${fake.credentials.login}:${Redacted.value(fake.credentials.apiKey)}`)}`
    const samples: Array<{ pages: number; heapMiB: number }> = [{ pages: 0, heapMiB: heap() }]
    const first = fake.chatAt(0).started_timestamp
    const last = fake.chatAt(chats - 1).started_timestamp
    // Windows of 90 days newest first: each holds fewer than the cap.
    let pages = 0
    const started = performance.now()
    for (let to = last + 1; to > first; to -= 90 * 86_400) {
      const from = Math.max(first, to - 90 * 86_400)
      const at = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace("T", " ")
      for (let page = 1;; page++) {
        const url = new URL(
          `https://api.livechatinc.com/chats?date_from=${at(from)}&date_to=${at(to - 1)}&page=${page}`
        )
        const response = yield* fake.handle({ method: "GET", url, headers: { authorization }, body: undefined })
        const body = JSON.parse(response.body) as { chats: Array<unknown>; pages: number }
        pages++
        if (pages % 4000 === 0) samples.push({ pages, heapMiB: heap() })
        if (page >= body.pages) break
      }
    }
    samples.push({ pages, heapMiB: heap() })
    return { pages, seconds: Number(((performance.now() - started) / 1000).toFixed(1)), samples }
  })

export const streamHeap = (chats = 300_000) =>
  Effect.gen(function*() {
    const samples: Array<{ items: number; heapMiB: number }> = [{ items: 0, heapMiB: heap() }]
    const started = performance.now()
    const count = yield* Archives.stream({}, { concurrency: 4 }).pipe(
      Stream.zipWithIndex,
      Stream.tap(([, i]) =>
        Effect.sync(() => {
          if ((i + 1) % 30_000 === 0) samples.push({ items: i + 1, heapMiB: heap() })
        })
      ),
      Stream.runCount,
      Effect.provide(LiveChatFake.layer({ seed: { chats, seed: "bench" }, record: false }))
    )
    return { items: count, seconds: Number(((performance.now() - started) / 1000).toFixed(1)), samples }
  })
