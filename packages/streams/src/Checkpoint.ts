/**
 * Checkpoints: where a run stands, as plain data (a Schema), so a stopped run can continue exactly
 * where it stopped — no record twice, none skipped. Store them anywhere; {@link store} keeps them
 * in `@effect/platform`'s `KeyValueStore`.
 *
 * @since 0.1.0
 */
import type { PlatformError } from "@effect/platform/Error"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import { Effect, type Option, type ParseResult, Schema } from "effect"

/**
 * @since 0.1.0
 * @category schemas
 */
export const Checkpoint = Schema.Struct({
  version: Schema.Literal(2),
  /** What the run reads. */
  kind: Schema.Literal("chats", "tickets"),
  /**
   * The filters of the run, as canonical JSON (keys sorted, lists sorted, `undefined` dropped): a
   * checkpoint resumes a run with the same filters however they were written, and no other.
   */
  filters: Schema.String,
  /** The windows of the run, newest first (oldest first for tickets in `asc` order). */
  windows: Schema.Array(Schema.Struct({
    from: Schema.Number,
    to: Schema.Number,
    total: Schema.Number,
    pages: Schema.Number
  })),
  /** The window of the last record emitted (index in `windows`). */
  window: Schema.Number,
  /** The read of the window it came in (1-based). */
  page: Schema.Number,
  /** Its position among the records that read emitted (0-based). */
  offset: Schema.Number,
  /** Its id (`null` before the first record). */
  lastId: Schema.NullOr(Schema.String),
  /** Records emitted so far, in all and in the current window. */
  emitted: Schema.Number,
  inWindow: Schema.Number,
  /**
   * Where the window's run stands: the second (unix) of the last record emitted, and the ids
   * emitted at that second (`null` and none before the window's first record). A resumed run
   * reads on from that second, anchored by time rather than by page, so records that entered or
   * left the archive meanwhile shift nothing.
   */
  second: Schema.NullOr(Schema.Number),
  ids: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Checkpoint = typeof Checkpoint.Type

/**
 * Loads and saves the checkpoint of a run under `key` in the `KeyValueStore` in context.
 *
 * @example
 * ```ts
 * import { Archives, Checkpoint } from "@effect-livechat/streams"
 * import { Effect, Stream } from "effect"
 *
 * const exportChats = Effect.gen(function*() {
 *   const saved = Checkpoint.store("export-2024")
 *   const resume = yield* saved.load
 *   yield* Archives.streamWithCheckpoints({ date_from: "2024-01-01" }, { resume }).pipe(
 *     Stream.tap(({ item }) => Effect.log(item.id)), // write the chat somewhere
 *     Stream.tap(({ checkpoint }) => saved.save(checkpoint)),
 *     Stream.runDrain
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 * @category stores
 */
export const store = (key: string): {
  readonly load: Effect.Effect<
    Checkpoint | undefined,
    PlatformError | ParseResult.ParseError,
    KeyValueStore.KeyValueStore
  >
  readonly save: (
    checkpoint: Checkpoint
  ) => Effect.Effect<void, PlatformError | ParseResult.ParseError, KeyValueStore.KeyValueStore>
  readonly clear: Effect.Effect<void, PlatformError, KeyValueStore.KeyValueStore>
} => {
  const schemaStore = Effect.map(KeyValueStore.KeyValueStore, (kv) => kv.forSchema(Checkpoint))
  return {
    load: Effect.flatMap(schemaStore, (s) => s.get(key)).pipe(
      Effect.map((found: Option.Option<Checkpoint>) => (found._tag === "Some" ? found.value : undefined))
    ),
    save: (checkpoint) => Effect.flatMap(schemaStore, (s) => s.set(key, checkpoint)),
    clear: Effect.flatMap(schemaStore, (s) => s.remove(key))
  }
}
