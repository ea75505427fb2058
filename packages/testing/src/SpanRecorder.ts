/**
 * A tracer that keeps every span it makes, to assert on span names, attributes and nesting in
 * tests: `Effect.withTracer(recorder.tracer)` around the code under test, then read `spans`.
 *
 * @since 0.1.0
 */
import { type Exit, Option, Tracer } from "effect"

/**
 * A span as recorded.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedSpan {
  readonly name: string
  readonly spanId: string
  /** The id of the parent span, if it was made by the same recorder. */
  readonly parentId: string | undefined
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  /** How it ended (`undefined` while open). */
  exit: Exit.Exit<unknown, unknown> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface SpanRecorder {
  readonly tracer: Tracer.Tracer
  /** Every span made so far, in the order they started. */
  readonly spans: ReadonlyArray<RecordedSpan>
}

/**
 * Makes a recorder.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (): SpanRecorder => {
  const spans: Array<RecordedSpan> = []
  let next = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind) {
      const spanId = `span-${next++}`
      const recorded: RecordedSpan = {
        name,
        spanId,
        parentId: Option.getOrUndefined(Option.map(parent, (p) => p.spanId)),
        attributes: new Map(),
        events: [],
        exit: undefined
      }
      spans.push(recorded)
      return {
        _tag: "Span",
        name,
        spanId,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: recorded.attributes,
        links,
        sampled: true,
        kind,
        end: (_, exit) => {
          recorded.exit = exit
        },
        attribute: (key, value) => {
          recorded.attributes.set(key, value)
        },
        event: (eventName, _, attributes) => {
          recorded.events.push({ name: eventName, attributes })
        },
        addLinks: () => {}
      } satisfies Tracer.Span
    },
    context: (f) => f()
  })
  return { tracer, spans }
}
