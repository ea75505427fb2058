/**
 * `Archives.list` in a page loop: every page of one query, `concurrency` in flight; succeeds with
 * the chats read. Its own module so that the memory child loads it without the other contenders.
 */
import { Archives } from "@effect-livechat/resources"
import { Effect } from "effect"

export const pageLoop = (concurrency: number) =>
  Effect.gen(function*() {
    const first = yield* Archives.list({ page: 1 })
    const rest = yield* Effect.forEach(
      Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2),
      (page) => Effect.map(Archives.list({ page }), (p) => p.chats.length),
      { concurrency }
    )
    return rest.reduce((a, b) => a + b, first.chats.length)
  })
