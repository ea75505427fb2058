/**
 * `Tracing.withSpan`: the span is made, named, attributed and nested as `Effect.withSpan` makes it,
 * the effect still succeeds with its value, and the span ends without that value (a success ends
 * it with no value, a failure with the failure). The client's request spans are made so.
 */
import { Tracing } from "@effect-livechat/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { recordingTracer, send, testLayer } from "./support.js"

describe("Tracing.withSpan", () => {
  it.effect("succeeds with the value; the span ends without it, nested and attributed as Effect's", () =>
    Effect.gen(function*() {
      const recorder = recordingTracer()
      const page = { chats: Array.from({ length: 25 }, (_, i) => ({ id: `c${i}` })) }
      const result = yield* Effect.succeed(page).pipe(
        Tracing.withSpan("inner", { attributes: { "a.b": 1 } }),
        Tracing.withSpan("outer"),
        Effect.withTracer(recorder.tracer)
      )
      expect(result).toBe(page)
      const [outer, inner] = recorder.spans
      expect([outer.name, inner.name]).toEqual(["outer", "inner"])
      expect(inner.parentId).toBe(outer.spanId)
      expect(inner.attributes.get("a.b")).toBe(1)
      for (const span of [outer, inner]) {
        expect(span.exit !== undefined && Exit.isSuccess(span.exit)).toBe(true)
        expect(span.exit !== undefined && Exit.isSuccess(span.exit) ? span.exit.value : "absent").toBeUndefined()
      }
    }))

  it.effect("a failure ends the span with the failure, and fails the effect with it", () =>
    Effect.gen(function*() {
      const recorder = recordingTracer()
      const error = yield* Effect.fail("boom").pipe(
        Tracing.withSpan("failing"),
        Effect.withTracer(recorder.tracer),
        Effect.flip
      )
      expect(error).toBe("boom")
      const exit = recorder.spans[0].exit
      expect(exit !== undefined && Exit.isFailure(exit)).toBe(true)
      expect(exit).toStrictEqual(Exit.fail("boom"))
    }))

  it.effect("the client's request span ends without the answer", () =>
    Effect.gen(function*() {
      const recorder = recordingTracer()
      const answer = yield* send().pipe(Effect.withTracer(recorder.tracer))
      expect(answer).toEqual({ id: 1, name: "a" })
      const span = recorder.spans.find((s) => s.name === "livechat.GET /things/{id}")
      expect(span?.exit !== undefined && Exit.isSuccess(span.exit)).toBe(true)
      expect(span?.exit !== undefined && Exit.isSuccess(span.exit) ? span.exit.value : "absent").toBeUndefined()
    }).pipe(Effect.provide(testLayer(() => ({ body: { id: 1, name: "a" } })))))
})
