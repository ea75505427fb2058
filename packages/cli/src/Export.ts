/**
 * Exports of the chat archive and the tickets to a file or standard output, as NDJSON, CSV or a
 * JSON array, resumable exactly: with a state file, every batch written is followed by the state
 * (the streams checkpoint of its last record and the output's length at that point), written
 * atomically. A stopped export — Ctrl-C, a crash, `kill -9` — continues from the state: the output
 * is cut back to the length the state recorded (dropping a batch written after it, if any), and the
 * run resumes right after that batch's last record. The result is the same file as an export that
 * never stopped.
 *
 * An export is exact or says it is not: a window of the archive the run cannot prove complete
 * (records kept entering or leaving it while it was read) stops it with `ArchiveMismatch` by
 * default, its state kept for a later run; with `consistency: "warn"` the export goes on past such
 * windows and its result counts them (`mismatches`), which `livechat export` turns into
 * {@link NotExact} (exit 7) once the export is written.
 *
 * @since 0.1.0
 */
import { Chat, InvalidInput, type LiveChatClient, type LiveChatError, Ticket } from "@effect-livechat/core"
import { Archives, Checkpoint, Progress, type StreamError, Tickets } from "@effect-livechat/streams"
import { Chunk, Effect, Option, Schema, Stream } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Flags from "./Flags.js"

/**
 * What to export.
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = "chats" | "tickets"

/**
 * How records are written: one JSON object a line, CSV with a header (nested values as JSON), or
 * one JSON array.
 *
 * @since 0.1.0
 * @category models
 */
export type Format = "ndjson" | "csv" | "json"

/**
 * The state file of a resumable export.
 *
 * @since 0.1.0
 * @category schemas
 */
export const State = Schema.Struct({
  version: Schema.Literal(1),
  kind: Schema.Literal("chats", "tickets"),
  format: Schema.Literal("ndjson", "csv", "json"),
  /** The output file (absolute). */
  out: Schema.String,
  /** The output's length in bytes once the last batch was written. */
  bytes: Schema.Number,
  /** Records written so far. */
  records: Schema.Number,
  /** The checkpoint after the last record written (none before the first). */
  checkpoint: Schema.optional(Checkpoint.Checkpoint),
  /** Windows not proven exact so far (with `consistency: "warn"`), over every run of the export. */
  mismatches: Schema.optional(Schema.Number),
  /** CSV written raw (`csvRaw`): a resumed export writes as it began. */
  csvRaw: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export type State = typeof State.Type

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly kind: Kind
  /** The filters of `Archives.list` or `Tickets.list`, without `page`. */
  readonly filters: { readonly [name: string]: unknown }
  readonly format: Format
  /** A file, or standard output when undefined. */
  readonly out?: string | undefined
  /** Pages read at once. */
  readonly concurrency?: number | undefined
  /**
   * A window the run cannot prove complete: a failure, `ArchiveMismatch` (`"fail"`, the default),
   * or a warning logged and counted in the result's `mismatches` (`"warn"`), the export going on.
   */
  readonly consistency?: "warn" | "fail" | undefined
  /** The state file: continued from when it exists, kept up to date, removed when the export completes. */
  readonly resume?: string | undefined
  readonly progress?: Progress.Progress | undefined
  /** Records per batch between two states. Default 100. */
  readonly batch?: number | undefined
  /**
   * CSV: write texts exactly as they are, without neutralising those a spreadsheet would evaluate
   * as formulas (see {@link neutralise}). For a program that reads the file, never for a person
   * who opens it in a spreadsheet. Default `false`.
   */
  readonly csvRaw?: boolean | undefined
}

/**
 * What an export did.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly records: number
  readonly bytes: number
  /** Whether it continued a stopped export. */
  readonly resumed: boolean
  /**
   * Windows it could not prove exact and went on past (only with `consistency: "warn"`), in this
   * run and the runs of the export before it: when not 0, the export is not known to be exact.
   */
  readonly mismatches: number
}

/**
 * An export with `consistency: "warn"` that went past windows it could not prove exact: it wrote
 * all it could read, each such window was logged as a warning, and it is not known to be exact
 * (`livechat export` exits 7 with this line).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotExact extends Schema.TaggedError<NotExact>("@effect-livechat/cli/NotExact")("NotExact", {
  /** Windows not proven exact. */
  windows: Schema.Number
}) {
  get message(): string {
    return `${this.windows} ${this.windows === 1 ? "window" : "windows"} could not be proven exact; see warnings above`
  }
}

type StreamFailure = LiveChatError | StreamError

const schemaOf = (kind: Kind): Schema.Schema.Any => kind === "chats" ? Chat.Chat : Ticket.Ticket

/**
 * The CSV columns of a kind of record: the fields of its Schema, in order.
 *
 * @since 0.1.0
 * @category formats
 */
export const columns = (kind: Kind): ReadonlyArray<string> => Flags.fields(schemaOf(kind)).map((field) => field.name)

/**
 * The characters that make a spreadsheet read a cell as a formula (or, for tab and carriage return,
 * hide one), when a cell starts with them: OWASP's CSV-injection list.
 */
const formulaStart = /^[=+\-@\t\r]/

/**
 * A cell as a spreadsheet shows it without evaluating it: a text starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return gets a `'` in front (OWASP's rule for CSV injection), so that
 * `=HYPERLINK(…)` in a ticket's subject stays text when the export is opened. Numbers, booleans and
 * nested values (written as JSON, starting with `{` or `[`) are data, never changed.
 *
 * @since 0.1.0
 * @category formats
 */
export const neutralise = (text: string): string => (formulaStart.test(text) ? `'${text}` : text)

const csvCell = (value: unknown, raw: boolean): string => {
  if (value === undefined || value === null) return ""
  const text = typeof value === "object"
    ? JSON.stringify(value)
    : typeof value === "string" && !raw
    ? neutralise(value)
    : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

/**
 * A record as plain JSON data (what every format writes; secrets stay `"<redacted>"`).
 *
 * @since 0.1.0
 * @category formats
 */
export const toJson = (record: unknown): { readonly [key: string]: unknown } => JSON.parse(JSON.stringify(record))

/**
 * A CSV line: RFC 4180 quoting, nested values as JSON, texts a spreadsheet would evaluate
 * neutralised ({@link neutralise}) unless `raw`.
 *
 * @since 0.1.0
 * @category formats
 */
export const csvLine = (cells: ReadonlyArray<unknown>, options: { readonly raw?: boolean | undefined } = {}): string =>
  `${cells.map((cell) => csvCell(cell, options.raw === true)).join(",")}\r\n`

/** The text of the output before any record. */
const header = (kind: Kind, format: Format): string => format === "csv" ? csvLine(columns(kind)) : ""

/** The text of one record; `index` is its position in the whole export (0 = first). */
const recordText = (kind: Kind, format: Format, index: number, record: unknown, raw: boolean): string => {
  switch (format) {
    case "ndjson":
      return `${JSON.stringify(record)}\n`
    case "json":
      return `${index === 0 ? "[\n" : ",\n"}${JSON.stringify(record)}`
    case "csv": {
      const data = toJson(record)
      return csvLine(columns(kind).map((column) => data[column]), { raw })
    }
  }
}

/** The text after the last record. */
const trailer = (format: Format, records: number): string => format === "json" ? (records === 0 ? "[]\n" : "\n]\n") : ""

const invalid = (field: string, detail: string) => new InvalidInput({ operation: "export", field, detail })

const io = <A>(field: string, f: () => A) =>
  Effect.try({ try: f, catch: (error) => invalid(field, error instanceof Error ? error.message : String(error)) })

const readState = (file: string) =>
  Effect.gen(function*() {
    if (!Fs.existsSync(file)) return Option.none<State>()
    const text = yield* io("resume", () => Fs.readFileSync(file, "utf8"))
    const json = yield* io("resume", () => JSON.parse(text) as unknown)
    return Option.some(
      yield* Schema.decodeUnknown(State)(json).pipe(
        Effect.mapError(() => invalid("resume", `${file} is not the state of an export`))
      )
    )
  })

/** Writes the state atomically: a crash leaves the old state or the new one, never half of one. */
const writeState = (file: string, state: State) =>
  io("resume", () => {
    const temporary = `${file}.tmp`
    Fs.writeFileSync(temporary, JSON.stringify(Schema.encodeSync(State)(state)))
    Fs.renameSync(temporary, file)
  })

/** A sink for text: a file descriptor, or standard output (waiting for it to drain). */
interface Sink {
  readonly write: (text: string) => Effect.Effect<number, InvalidInput>
  readonly close: Effect.Effect<void>
}

const fileSink = (fd: number): Sink => ({
  write: (text) =>
    io("out", () => {
      const bytes = Buffer.from(text, "utf8")
      let written = 0
      while (written < bytes.length) written += Fs.writeSync(fd, bytes, written)
      return bytes.length
    }),
  close: Effect.sync(() => Fs.closeSync(fd))
})

const stdoutSink: Sink = {
  write: (text) =>
    Effect.async<number, InvalidInput>((resume) => {
      const bytes = Buffer.from(text, "utf8")
      process.stdout.write(bytes, (error) =>
        resume(error ? Effect.fail(invalid("out", error.message)) : Effect.succeed(bytes.length)))
    }),
  close: Effect.void
}

const streamOf = (
  options: Options,
  progress: Progress.Progress,
  resume: Checkpoint.Checkpoint | undefined
): Stream.Stream<
  { readonly item: unknown; readonly checkpoint: Checkpoint.Checkpoint },
  StreamFailure,
  LiveChatClient.LiveChatClient
> => {
  const runOptions = {
    concurrency: options.concurrency,
    consistency: options.consistency,
    progress,
    resume
  }
  return options.kind === "chats"
    ? Archives.streamWithCheckpoints(options.filters as Archives.Filters, runOptions)
    : Tickets.streamWithCheckpoints(options.filters as Tickets.Filters, runOptions)
}

/**
 * Runs an export.
 *
 * @example
 * ```ts
 * import { Export } from "@effect-livechat/cli"
 *
 * // The chats of 2024 as NDJSON, resumable with the state in export.state.
 * const run = Export.run({
 *   kind: "chats",
 *   filters: { date_from: "2024-01-01", date_to: "2024-12-31" },
 *   format: "ndjson",
 *   out: "chats-2024.ndjson",
 *   resume: "export.state"
 * })
 * ```
 *
 * @since 0.1.0
 * @category running
 */
export const run = (options: Options) =>
  Effect.gen(function*() {
    const out = options.out === undefined ? undefined : Path.resolve(options.out)
    if (options.resume !== undefined && out === undefined) {
      return yield* invalid("resume", "a resumable export writes to a file: give --out too")
    }
    const saved = options.resume === undefined ? Option.none<State>() : yield* readState(options.resume)
    if (Option.isSome(saved)) {
      const state = saved.value
      if (state.kind !== options.kind || state.format !== options.format || state.out !== out) {
        return yield* invalid(
          "resume",
          `the state belongs to another export (${state.kind} as ${state.format} to ${state.out})`
        )
      }
      if ((state.csvRaw ?? false) !== (options.csvRaw ?? false)) {
        return yield* invalid(
          "resume",
          `the export began ${state.csvRaw === true ? "with" : "without"} --csv-raw: continue it the same way`
        )
      }
    }
    let state: State = Option.getOrElse(saved, (): State => ({
      version: 1,
      kind: options.kind,
      format: options.format,
      out: out ?? "",
      bytes: 0,
      records: 0,
      ...(options.csvRaw === true ? { csvRaw: true } : {})
    }))
    const resumed = Option.isSome(saved)
    // The run's own count of windows not proven exact, over those of the runs before it.
    const progress = options.progress ?? (yield* Progress.make)
    const before = state.mismatches ?? 0
    const mismatches = Effect.map(progress.get, (snapshot) => before + snapshot.mismatches)

    const sink = out === undefined ? stdoutSink : yield* io("out", () => {
      if (resumed) {
        // Cut what was written after the last state: that batch is read again.
        const fd = Fs.openSync(out, "r+")
        Fs.ftruncateSync(fd, state.bytes)
        Fs.closeSync(fd)
        return fileSink(Fs.openSync(out, "a"))
      }
      return fileSink(Fs.openSync(out, "w"))
    })

    const save = options.resume === undefined ? () => Effect.void : (next: State) => writeState(options.resume!, next)

    return yield* Effect.gen(function*() {
      if (!resumed) {
        state = { ...state, bytes: yield* sink.write(header(options.kind, options.format)) }
        yield* save(state)
      }
      yield* streamOf(options, progress, state.checkpoint).pipe(
        Stream.rechunk(options.batch ?? 100),
        Stream.mapChunksEffect((chunk) =>
          Effect.gen(function*() {
            const records = Chunk.toReadonlyArray(chunk)
            if (records.length === 0) return chunk
            const text = records.map(({ item }, i) =>
              recordText(options.kind, options.format, state.records + i, item, options.csvRaw === true)
            )
              .join("")
            const bytes = yield* sink.write(text)
            state = {
              ...state,
              bytes: state.bytes + bytes,
              records: state.records + records.length,
              checkpoint: records[records.length - 1].checkpoint,
              mismatches: yield* mismatches
            }
            yield* save(state)
            return chunk
          })
        ),
        Stream.runDrain
      )
      const end = yield* sink.write(trailer(options.format, state.records))
      if (options.resume !== undefined) yield* io("resume", () => Fs.rmSync(options.resume!, { force: true }))
      return {
        records: state.records,
        bytes: state.bytes + end,
        resumed,
        mismatches: yield* mismatches
      } satisfies Result
    }).pipe(Effect.ensuring(sink.close))
  })
