/**
 * A fake closes while a webhook delivery is still being retried against a receiver that is gone:
 * the retries stop, whether the fake was made in a layer or by `LiveChatFakeServer.serve` (both
 * make it where fibers are uninterruptible, which forked deliveries must not inherit).
 */
import { Tickets, Webhooks } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Option } from "effect"

const seed = { chats: 5, tickets: 1, agents: 1, groups: 1, seed: "close" }

describe("LiveChatFake.close with a delivery being retried", () => {
  it.live("stops the retries and returns", () =>
    Effect.gen(function*() {
      const context = yield* Layer.build(LiveChatFake.layer({ seed }))
      const fake = yield* Effect.provide(LiveChatFake.LiveChatFake, context)
      // Port 47: nothing listens there (and fetch refuses it): every attempt fails, and is retried.
      yield* Webhooks.create({ event_type: "ticket_created", data_types: ["ticket"], url: "http://u:p@127.0.0.1:47/x" })
        .pipe(Effect.provide(context))
      yield* Tickets.create({ subject: "s", message: "m", requester: { mail: "a@example.com" }, group: [0] })
        .pipe(Effect.provide(context))
      while ((yield* fake.webhooks.attempts).length < 2) yield* Effect.sleep(20)
      const closing = yield* Effect.fork(fake.close)
      const closed = yield* Fiber.await(closing).pipe(Effect.timeout(Duration.seconds(5)), Effect.option)
      expect(Option.isSome(closed)).toBe(true)
      const after = (yield* fake.webhooks.attempts).length
      yield* Effect.sleep(400)
      expect((yield* fake.webhooks.attempts).length).toBe(after)
    }).pipe(Effect.scoped), 20_000)
})
