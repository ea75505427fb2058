/**
 * The `livechat` command line: a command for every endpoint (`livechat <group> <endpoint>`, made
 * from the endpoint table), `export`, `report`, `fake`, `sync` and `batch`, with `--help`
 * everywhere and shell completions (`livechat --completions bash|zsh|fish`).
 *
 * @since 0.1.0
 */
import { Endpoint, InvalidInput } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { Progress } from "@effect-livechat/streams"
import { Sync } from "@effect-livechat/sync"
import { LiveChatFakeServer } from "@effect-livechat/testing/node"
import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Exit, Layer, Logger, Option, Redacted, Schedule, Schema } from "effect"
import * as Fs from "node:fs"
import * as Chart from "./Chart.js"
import * as Connection from "./Connection.js"
import * as ExitCode from "./ExitCode.js"
import * as Export from "./Export.js"
import * as Flags from "./Flags.js"
import { optionalText } from "./internal/options.js"
import * as Output from "./internal/output.js"
import * as SyncCommand from "./internal/sync.js"
import * as Words from "./internal/words.js"
import * as ProgressBar from "./ProgressBar.js"

/**
 * The version `livechat --version` prints.
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "0.1.0"

/**
 * The command name of a group or an endpoint: kebab case (`CannedResponses` → `canned-responses`,
 * `resetApiKey` → `reset-api-key`).
 *
 * @since 0.1.0
 * @category utils
 */
export const commandName = (name: string): string => Flags.flagName(name.charAt(0).toLowerCase() + name.slice(1))

const nonEmpty = <A>(items: ReadonlyArray<A>): [A, ...Array<A>] => {
  const [first, ...rest] = items
  if (first === undefined) throw new Error("no commands")
  return [first, ...rest]
}

const invalid = (operation: string, field: string, detail: string) => new InvalidInput({ operation, field, detail })

const parseJson = (operation: string, field: string, text: string) =>
  Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: (error) => invalid(operation, field, `not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }).pipe(
    Effect.filterOrFail(
      (value): value is { readonly [key: string]: unknown } =>
        typeof value === "object" && value !== null && !Array.isArray(value),
      () => invalid(operation, field, "must be a JSON object")
    )
  )

const readInput = (operation: string, file: string) =>
  Effect.try({
    try: () => Fs.readFileSync(file === "-" ? 0 : file, "utf8"),
    catch: (error) => invalid(operation, "input", error instanceof Error ? error.message : String(error))
  }).pipe(Effect.flatMap((text) => parseJson(operation, "input", text)))

/** The input of an endpoint: `--input` file, then `--json`, then the flags, each over the one before. */
const inputOf = (
  endpoint: Endpoint.Endpoint,
  given: {
    readonly fields: { readonly [name: string]: unknown }
    readonly json: Option.Option<string>
    readonly input: Option.Option<string>
  }
) =>
  Effect.gen(function*() {
    const operation = Endpoint.fullName(endpoint)
    const fromFile = Option.isSome(given.input) ? yield* readInput(operation, given.input.value) : {}
    const fromJson = Option.isSome(given.json) ? yield* parseJson(operation, "json", given.json.value) : {}
    return yield* Schema.decodeUnknown(endpoint.input)(
      { ...fromFile, ...fromJson, ...given.fields },
      { errors: "all", onExcessProperty: "error" }
    ).pipe(Effect.mapError((error) => Endpoint.invalidInput(operation, error)))
  })

const helpOf = (endpoint: Endpoint.Endpoint, fields: ReadonlyArray<Flags.Field>, extra: ReadonlyArray<string> = []) =>
  HelpDoc.blocks([
    HelpDoc.p(endpoint.summary),
    HelpDoc.p(`${endpoint.method} ${endpoint.path}`),
    HelpDoc.p(
      fields.length === 0
        ? "Fields: none."
        : `Fields: ${fields.map((f) => `--${f.flag} = ${Flags.describe(f)}`).join("; ")}.`
    ),
    ...extra.map((line) => HelpDoc.p(line))
  ])

/**
 * The command of one endpoint: a flag per field of its input, `--json` and `--input` for the
 * whole input (or its nested fields), the connection flags; it prints the answer as JSON.
 *
 * @since 0.1.0
 * @category commands
 */
export const endpointCommand = (endpoint: Endpoint.Endpoint) => {
  const fields = Flags.fields(endpoint.input)
  return Command.make(commandName(endpoint.name), {
    fields: Flags.options(fields),
    json: optionalText("json", "the input (or some of its fields) as a JSON object; flags override it"),
    input: optionalText("input", "read the input as a JSON object from this file (- for standard input)"),
    connection: Options.all(Connection.options)
  }, (config) =>
    Effect.gen(function*() {
      const input = yield* inputOf(endpoint, config)
      const answer = yield* Endpoint.call(endpoint)(input).pipe(
        Effect.provide(Connection.layer(config.connection, { authenticate: endpoint.authenticate }))
      )
      yield* Output.json(answer)
    })).pipe(
      Command.withDescription(
        helpOf(endpoint, fields, ["Prints the answer as JSON: indented on a terminal, one line when piped."])
      )
    )
}

const groupCommands = Object.entries(Endpoints.groups).map(([group, endpoints]) =>
  Command.make(commandName(group)).pipe(
    Command.withDescription(`The ${group} endpoints.`),
    Command.withSubcommands(
      nonEmpty(Object.values(endpoints as Record<string, Endpoint.Endpoint>).map(endpointCommand))
    )
  )
)

// export chats|tickets

const quiet = Options.boolean("quiet").pipe(
  Options.withAlias("q"),
  Options.withDescription("no progress on standard error")
)

const exportCommand = (kind: Export.Kind, endpoint: Endpoint.Endpoint) => {
  const fields = Flags.fields(endpoint.input).filter((field) => field.name !== "page")
  return Command.make(kind, {
    fields: Flags.options(fields),
    format: Options.choice("format", ["ndjson", "csv", "json"]).pipe(
      Options.withDefault("ndjson" as const),
      Options.withDescription(
        "ndjson (a JSON object a line), csv (a header, nested values as JSON) or json (one array)"
      )
    ),
    out: Options.text("out").pipe(
      Options.withAlias("o"),
      Options.withDescription("the file to write (default: standard output)"),
      Options.optional
    ),
    concurrency: Options.integer("concurrency").pipe(
      Options.withDefault(4),
      Options.withDescription("pages read at once")
    ),
    resume: Options.text("resume").pipe(
      Options.withDescription(
        "a state file: continue the export it describes if it exists, keep it up to date, remove it when done"
      ),
      Options.optional
    ),
    consistency: Options.choice("consistency", ["fail", "warn"]).pipe(
      Options.withDefault("fail" as const),
      Options.withDescription(
        "a window the export cannot prove exact (the archive changed while it was read): fail stops with " +
          "ArchiveMismatch (exit 7; a --resume state is kept); warn logs it on standard error and goes on, " +
          "then exits 7 once the export is written"
      )
    ),
    quiet,
    connection: Options.all(Connection.options)
  }, (config) =>
    Effect.gen(function*() {
      const filters = yield* Schema.decodeUnknown(endpoint.input)(config.fields, {
        errors: "all",
        onExcessProperty: "error"
      }).pipe(Effect.mapError((error) => Endpoint.invalidInput(`export ${kind}`, error)))
      const progress = yield* Progress.make
      const resume = Option.getOrUndefined(config.resume)
      const run = Export.run({
        kind,
        filters: filters as { readonly [name: string]: unknown },
        format: config.format,
        out: Option.getOrUndefined(config.out),
        concurrency: config.concurrency,
        consistency: config.consistency,
        resume,
        progress
      }).pipe(
        Effect.provide(Connection.layer(config.connection)),
        Effect.onInterrupt(() =>
          Output.stderr(
            resume === undefined
              ? `Interrupted: the export stopped (give --resume STATE to be able to continue one).\n`
              : `Interrupted: the export stopped; run the same command again to continue (state in ${resume}).\n`
          )
        )
      )
      const result = yield* ProgressBar.follow([[kind, progress]], ProgressBar.modeOf(config.quiet), run)
      // --consistency warn went past windows it could not prove: written, but not known to be exact.
      if (result.mismatches > 0) return yield* new Export.NotExact({ windows: result.mismatches })
    })).pipe(
      Command.withDescription(
        helpOf(endpoint, fields, [
          `Exports every ${
            kind === "chats" ? "chat" : "ticket"
          } matching the filters (all pages, across the record cap).`,
          "Progress goes to standard error: redrawn on a terminal, a line every 2 seconds otherwise, none with --quiet.",
          "Exits 0 only when every window was proven exact; otherwise 7 (see --consistency)."
        ])
      )
    )
}

const exportGroup = Command.make("export").pipe(
  Command.withDescription("Exports the chats or the tickets to a file or standard output (NDJSON, CSV or JSON)."),
  Command.withSubcommands([
    exportCommand("chats", Endpoints.groups.Archives.list),
    exportCommand("tickets", Endpoints.groups.Tickets.list)
  ])
)

// report <name>

const reportCommand = (endpoint: Endpoint.Endpoint) => {
  const fields = Flags.fields(endpoint.input)
  return Command.make(commandName(endpoint.name), {
    fields: Flags.options(fields),
    json: Options.boolean("json").pipe(Options.withDescription("print the raw answer as JSON instead of a chart")),
    connection: Options.all(Connection.options)
  }, (config) =>
    Effect.gen(function*() {
      const input = yield* inputOf(endpoint, { fields: config.fields, json: Option.none(), input: Option.none() })
      const answer = yield* Endpoint.call(endpoint)(input).pipe(Effect.provide(Connection.layer(config.connection)))
      if (config.json) return yield* Output.json(answer)
      const given = Object.entries(config.fields).map(([name, value]) => `${name}=${String(value)}`).join(" ")
      const title = `${endpoint.summary}${given === "" ? "" : `  [${given}]`}`
      yield* Output.stdout(Chart.render(title, answer, { width: process.stdout.columns || 80 }))
    })).pipe(Command.withDescription(helpOf(endpoint, fields, ["Draws the answer as bar charts, one per measure."])))
}

const reportGroup = Command.make("report").pipe(
  Command.withDescription("Reads a report and draws it as bar charts in the terminal (--json for the raw answer)."),
  Command.withSubcommands(nonEmpty(Object.values(Endpoints.groups.Reports).map(reportCommand)))
)

// fake

const fakeCommand = Command.make("fake", {
  port: Options.integer("port").pipe(
    Options.withDefault(0),
    Options.withDescription("the port (0: a free one chosen by the system)")
  ),
  chats: Options.integer("chats").pipe(Options.withDefault(1000)),
  tickets: Options.integer("tickets").pipe(Options.withDefault(200)),
  agents: Options.integer("agents").pipe(Options.withDefault(4)),
  groups: Options.integer("groups").pipe(Options.withDefault(3)),
  seed: Options.text("seed").pipe(Options.withDefault("1"), Options.withDescription("the seed of the data")),
  cap: Options.integer("cap").pipe(Options.withDefault(100_000), Options.withDescription("the record cap")),
  latency: Options.integer("latency").pipe(Options.withDefault(0), Options.withDescription("milliseconds per request")),
  errorRate: Options.float("error-rate").pipe(
    Options.withDefault(0),
    Options.withDescription("the share of requests answered with a 5xx")
  )
}, (config) =>
  Effect.gen(function*() {
    const served = yield* LiveChatFakeServer.serve({
      port: config.port,
      seed: {
        chats: config.chats,
        tickets: config.tickets,
        agents: config.agents,
        groups: config.groups,
        seed: config.seed
      },
      recordCap: config.cap,
      record: false,
      faults: { latency: config.latency, errorRate: config.errorRate }
    })
    const { credentials } = served.fake
    // The fake's credentials exist only in this process: printing them is the point.
    yield* Output.stdout(
      [
        `LiveChatFake: ${config.chats} chats, ${config.tickets} tickets, ${config.agents} agents on ${served.url}`,
        "",
        "Point the other commands at it (in another terminal):",
        "",
        `  export LIVECHAT_BASE_URL=${served.url}`,
        `  export LIVECHAT_LOGIN=${credentials.login}`,
        `  export LIVECHAT_API_KEY=${Redacted.value(credentials.apiKey)}`,
        "  livechat agents list",
        "",
        `Visitor details take --license-id ${credentials.licenseId} --token ${
          Redacted.value(credentials.visitorToken)
        }.`,
        "Ctrl-C to stop.",
        ""
      ].join("\n")
    )
    return yield* Effect.never
  }).pipe(Effect.scoped)).pipe(
    Command.withDescription("Serves a fake LiveChat license (LiveChatFake) on 127.0.0.1 until Ctrl-C.")
  )

// sync

const syncCommand = Command.make("sync", {
  database: Options.text("database").pipe(
    Options.withDefault("file:./livechat.db"),
    Options.withDescription("file:PATH for SQLite, or a postgres:// URL")
  ),
  resources: Options.text("resources").pipe(
    Options.withDescription(`what to mirror, comma-separated or repeated (default all: ${Sync.resources.join(", ")})`),
    Options.repeated
  ),
  since: Flags.day("since", "where chats and tickets start on the first run: a day, YYYY-MM-DD (default: all)"),
  every: optionalText("every", "run again at this interval until Ctrl-C (15m, 1h, 30s, \"15 minutes\")"),
  json: Options.boolean("json").pipe(Options.withDescription("print each run's summary as JSON")),
  quiet,
  connection: Options.all(Connection.options)
}, (config) =>
  Effect.gen(function*() {
    const resources = config.resources.flatMap((r) => r.split(",")).map((r) => r.trim()).filter((r) => r !== "")
    const every = Option.isSome(config.every) ? yield* SyncCommand.interval(config.every.value) : undefined
    const database = yield* SyncCommand.database(config.database)
    const once = Effect.gen(function*() {
      const chats = yield* Progress.make
      const tickets = yield* Progress.make
      const summary = yield* ProgressBar.follow(
        [["chats", chats], ["tickets", tickets]],
        ProgressBar.modeOf(config.quiet),
        Sync.run({
          resources: resources.length === 0 ? undefined : resources as ReadonlyArray<Sync.Resource>,
          since: Option.getOrUndefined(config.since),
          progress: { chats, tickets }
        })
      )
      yield* config.json ? Output.json(summary) : Output.stdout(SyncCommand.describe(summary))
    })
    const runs = every === undefined
      ? once
      : Effect.repeat(
        // A failed run is told and the next one still comes: a scheduled mirror keeps going.
        Effect.catchAll(once, (error) => Output.stderr(`${ExitCode.format(error)}\n`)),
        Schedule.spaced(every)
      )
    yield* runs.pipe(
      Effect.provide(Layer.merge(database, Connection.layer(config.connection))),
      Effect.onInterrupt(() =>
        Output.stderr("Interrupted: the sync stopped; the next run continues from what was committed.\n")
      )
    )
  })).pipe(
    Command.withDescription(
      "Mirrors the license into SQL (SQLite by default, or PostgreSQL): chats and tickets incrementally, " +
        "the other resources as snapshots. --every repeats it."
    )
  )

// batch

const batchCommand = Command.make("batch", {
  file: optionalText("file", "read the commands from this file (default: standard input)")
}, (config) =>
  Effect.gen(function*() {
    const text = yield* Effect.try({
      try: () => Fs.readFileSync(Option.getOrElse(config.file, () => 0 as const), "utf8"),
      catch: (error) => invalid("batch", "file", error instanceof Error ? error.message : String(error))
    })
    let failed: number | undefined
    for (const [i, line] of text.split("\n").entries()) {
      const trimmed = line.trim()
      if (trimmed === "" || trimmed.startsWith("#")) continue
      const words = Words.split(trimmed)
      const code = typeof words === "string"
        ? yield* Effect.as(
          Output.stderr(`line ${i + 1} (exit 2): InvalidInput: ${words}\n`),
          ExitCode.codes.invalidInput
        )
        : words[0] === "batch"
        ? yield* Effect.as(
          Output.stderr(`line ${i + 1} (exit 2): InvalidInput: a batch cannot run a batch\n`),
          ExitCode.codes.invalidInput
        )
        : yield* run(words, { prefix: (code) => `line ${i + 1} (exit ${code}): ` })
      if (code !== 0) failed ??= code
    }
    if (failed !== undefined) return yield* Effect.fail(new BatchFailed({ code: failed }))
  })).pipe(
    Command.withDescription(
      "Runs many commands in one process, one a line (words and quotes as in a shell; # starts a comment), " +
        "from a file or standard input. Each prints as it would alone, a failure prefixed with its line and exit code " +
        "(line 3 (exit 4): NotFound: …); the batch's exit code is the first failure's."
    )
  )

/**
 * A batch in which a command failed (each failure was told on its own line).
 *
 * @since 0.1.0
 * @category errors
 */
export class BatchFailed extends Schema.TaggedError<BatchFailed>("@effect-livechat/cli/BatchFailed")("BatchFailed", {
  code: Schema.Number
}) {}

/**
 * The `livechat` command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("livechat").pipe(
  Command.withDescription(
    "A command line for the LiveChat REST API v2. Credentials from LIVECHAT_LOGIN and LIVECHAT_API_KEY " +
      "(or LIVECHAT_ACCESS_TOKEN), the API from LIVECHAT_BASE_URL; each has a flag too. " +
      "Exit codes: 0 success, 1 other, 2 invalid input, 3 auth, 4 not found, 5 rate limited, 6 transport, " +
      "7 mismatch, 8 sync locked, 9 database, 130 interrupted."
  ),
  Command.withSubcommands([exportGroup, reportGroup, syncCommand, fakeCommand, batchCommand, ...groupCommands])
)

const cli = Command.run(command, { name: "livechat", version })

/**
 * Runs `livechat` with these arguments (without `node` and the script) and returns its exit code:
 * a failure is told in one line on standard error (see {@link ExitCode}). Interruption is not
 * caught: it stops the command, whose finalizers run.
 *
 * @since 0.1.0
 * @category running
 */
export function run(
  args: ReadonlyArray<string>,
  options: { readonly prefix?: ((code: number) => string) | undefined } = {}
): Effect.Effect<number> {
  return cli(["node", "livechat", ...args]).pipe(
    // Help and command-line errors without colours when piped (or with NO_COLOR set).
    Output.withPlainConsole,
    Effect.as(ExitCode.codes.success),
    Effect.catchAll((error): Effect.Effect<number> => {
      if (error instanceof BatchFailed) return Effect.succeed(error.code)
      const code = ExitCode.of(error)
      // @effect/cli has already shown what was wrong with the command line.
      return ValidationError.isValidationError(error)
        ? options.prefix === undefined
          ? Effect.succeed(code)
          : Effect.as(Output.stderr(`${options.prefix(code)}InvalidCommandLine: see above\n`), code)
        : Effect.as(Output.stderr(`${options.prefix?.(code) ?? ""}${ExitCode.format(error)}\n`), code)
    }),
    Effect.catchAllDefect((defect) =>
      Effect.as(
        Output.stderr(
          `${options.prefix?.(ExitCode.codes.other) ?? ""}Unexpected: ${Cause.pretty(Cause.die(defect))}\n`
        ),
        ExitCode.codes.other
      )
    ),
    Effect.provide(NodeContext.layer),
    // Logs (a warning of an export's mismatch) go to standard error: standard output holds data.
    Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)))
  )
}

/**
 * Runs `livechat` as the process: the arguments from `process.argv`, the exit code as the
 * process's; Ctrl-C interrupts the command (an export leaves its state) and exits with 130.
 *
 * @since 0.1.0
 * @category running
 */
export const main = (): void => {
  // A reader that stops reading (`livechat … | head`) ends the command quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0)
      throw error
    })
  }
  NodeRuntime.runMain(run(process.argv.slice(2)), {
    disableErrorReporting: true,
    disablePrettyLogger: true,
    teardown: (exit, onExit) =>
      onExit(
        Exit.isSuccess(exit)
          ? exit.value as number
          : Cause.isInterruptedOnly(exit.cause)
          ? ExitCode.codes.interrupted
          : ExitCode.codes.other
      )
  })
}
