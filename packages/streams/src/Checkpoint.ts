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
  /**
   * 3 since runs read days as the reference documents them (windows are days, and a window is
   * resumed by the ids it emitted); a checkpoint of an earlier version is refused by `resume`.
   */
  version: Schema.Literal(3),
  /** What the run reads. */
  kind: Schema.Literal("chats", "tickets"),
  /**
   * The filters of the run, as canonical JSON (keys sorted, lists sorted, `undefined` dropped): a
   * checkpoint resumes a run with the same filters however they were written, and no other.
   */
  filters: Schema.String,
  /** The windows of the run, in the order it reads them (newest days first). */
  windows: Schema.Array(Schema.Struct({
    from: Schema.NullOr(Schema.String),
    to: Schema.NullOr(Schema.String),
    total: Schema.Number,
    pages: Schema.Number
  })),
  /** The window of the last record emitted (index in `windows`). */
  window: Schema.Number,
  /** The read of the window it came in (1-based; 0 before the window's first record). */
  page: Schema.Number,
  /** Its position among the records that read emitted (0-based). */
  offset: Schema.Number,
  /** Its id (`null` before the first record). */
  lastId: Schema.NullOr(Schema.String),
  /** Records emitted so far, in all and in the current window. */
  emitted: Schema.Number,
  inWindow: Schema.Number,
  /**
   * The ids emitted from the current window, in order. A resumed run reads that window again
   * and emits only the records not among them: the server's order is not relied on, so no
   * position in it could say where the run stood. At most the record cap's worth.
   */
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
