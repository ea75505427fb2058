/** Shared by the streams tests: a fake license, and a way to run under the test clock. */
import { LiveChatClient } from "@effect-livechat/core"
import { LiveChatFake } from "@effect-livechat/testing"
import { HttpClient } from "@effect/platform"
import { Effect, Fiber, Layer, TestClock } from "effect"

/**
 * Runs `effect` while moving the test clock on, a second at a time, until it is done (for runs
 * that wait on retries, Retry-After or latency).
 */
export const withClock = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    for (let i = 0; i < 100_000 && fiber.unsafePoll() === null; i++) {
      yield* TestClock.adjust("1 second")
      yield* Effect.yieldNow()
    }
    return yield* Fiber.join(fiber)
  })

/** The chats a fake holds, newest first (what a full run must yield, in order). */
export const newestFirst = (fake: LiveChatFake.Fake, count: number) =>
  Array.from({ length: count }, (_, k) => fake.chatAt(count - 1 - k))

/**
 * A fake whose transport counts the requests in flight, with a client over it. The client retries
 * quickly (under the test clock) and has no rate limiter unless `client` says so.
 */
export const instrumented = (
  options: LiveChatFake.Options,
  client: Omit<LiveChatClient.Options, "auth" | "baseUrl"> = {}
) => {
  const counters = { inFlight: 0, maxInFlight: 0, sent: 0 }
  const layer = Layer.unwrapEffect(
    Effect.map(LiveChatFake.make(options), (fake) => {
      const inner = LiveChatFake.httpClient(fake)
      const counting = HttpClient.make((request) =>
        Effect.suspend(() => {
          counters.sent++
          counters.inFlight++
          counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight)
          return inner.execute(request)
        }).pipe(Effect.ensuring(Effect.sync(() => counters.inFlight--)))
      )
      return LiveChatClient.layer({
        rateLimit: false,
        retry: { jitter: false, base: "100 millis" },
        ...client,
        auth: fake.auth
      })
        .pipe(
          Layer.orDie,
          Layer.provide(Layer.succeed(HttpClient.HttpClient, counting)),
          Layer.merge(Layer.succeed(LiveChatFake.LiveChatFake, fake))
        )
    })
  )
  return { layer, counters }
}
