/**
 * Spans that do not keep what they measured.
 *
 * Effect's span keeps the `Exit` it ended with, for exporters to read the outcome. A span that
 * lives through two minor collections has been moved to the old generation by the time it ends;
 * if its exit holds the answer (a page of 25 chats, a few hundred kilobytes of objects), that
 * answer is now reachable from the old generation: the next minor collections copy it, then
 * promote it, and only a major collection frees it, though nothing else uses it. With 8 requests
 * in flight that is a share of every page: measured on 10,000 chats read page by page (8 in
 * flight, `packages/streams/bench/profile.ts list` under `--trace-gc`), spans ending with the
 * value cost 30% more time in minor collections and 15% more CPU than spans ending without it.
 *
 * {@link withSpan} is `Effect.withSpan` whose span ends with the outcome without the value: a
 * success ends it with `Exit.void` (the effect still succeeds with its value), a failure with the
 * failure itself (exporters see the error). The client's request spans and the streams' page spans
 * are made with it; use it for your own spans around calls that return large answers.
 *
 * @example
 * ```ts
 * import { Tracing } from "@effect-livechat/core"
 * import { Archives } from "@effect-livechat/resources"
 *
 * const page = Archives.list({ page: 1 }).pipe(Tracing.withSpan("export.page"))
 * ```
 *
 * @since 0.1.0
 */
import { Effect, type Tracer } from "effect"
import { dual } from "effect/Function"

/**
 * `Effect.withSpan`, the span ending without the success value (see the module's documentation).
 *
 * @since 0.1.0
 * @category tracing
 */
export const withSpan: {
  (name: string, options?: Tracer.SpanOptions): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, name: string, options?: Tracer.SpanOptions): Effect.Effect<A, E, R>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, name: string, options?: Tracer.SpanOptions): Effect.Effect<A, E, R> =>
    Effect.suspend(() => {
      let value: A | undefined
      return Effect.map(
        Effect.withSpan(
          Effect.map(self, (a) => {
            value = a
          }),
          name,
          options
        ),
        () => {
          const a = value as A
          value = undefined
          return a
        }
      )
    })
)
