/**
 * The `livechat` command line: a command for every endpoint (`livechat <group> <endpoint>`, made
 * from the endpoint table), `export`, `report`, `fake`, `sync` and `batch`, with `--help`
 * everywhere and shell completions (`livechat --completions bash|zsh|fish`).
 *
 * @since 0.1.0
 */
import { Endpoint, InvalidInput, Webhook } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { Progress } from "@effect-livechat/streams"
import { resources } from "@effect-livechat/sync/Resource"
import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Config, Effect, Exit, Logger, Option, Redacted, Schema, Stream } from "effect"
import * as Fs from "node:fs"
import * as Chart from "./Chart.js"
import * as Connection from "./Connection.js"
import * as ExitCode from "./ExitCode.js"
import * as Export from "./Export.js"
import * as Flags from "./Flags.js"
import * as Help from "./internal/help.js"
import { optional, optionalText } from "./internal/options.js"
import * as Output from "./internal/output.js"
import * as Problems from "./internal/problems.js"
import * as Receiver from "./internal/receiver.js"
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

/**
 * The input of a command from its flags (over `--json`, over the `--input` file), decoded by the
 * endpoint's Schema: a refusal names the flags (`--page must be a positive number (got -3)`).
 */
const inputOf = (
  command: string,
  endpoint: Endpoint.Endpoint,
  fields: ReadonlyArray<Flags.Field>,
  given: {
    readonly fields: { readonly [name: string]: unknown }
    readonly json?: Option.Option<string> | undefined
    readonly input?: Option.Option<string> | undefined
  }
) =>
  Effect.gen(function*() {
    const fromFile = given.input !== undefined && Option.isSome(given.input)
      ? yield* readInput(command, given.input.value)
      : {}
    const fromJson = given.json !== undefined && Option.isSome(given.json)
      ? yield* parseJson(command, "json", given.json.value)
      : {}
    return yield* Schema.decodeUnknown(endpoint.input)(
      { ...fromFile, ...fromJson, ...given.fields },
      { errors: "all", onExcessProperty: "error" }
    ).pipe(Effect.mapError((error) => Problems.invalidFlags(command, error, fields)))
  })

/** A command's help: its summary, then its other paragraphs (the request it sends, what it prints). */
const helpOf = (endpoint: Endpoint.Endpoint, extra: ReadonlyArray<string> = []) =>
  HelpDoc.blocks([
    HelpDoc.p(endpoint.summary),
    HelpDoc.p(`Sends ${endpoint.method} ${endpoint.path}.`),
    ...extra.map((line) => HelpDoc.p(line))
  ])

/**
 * The command of one endpoint: a flag per field of its input, `--json` and `--input` for the
 * whole input (or its nested fields), the connection flags; it prints the answer as JSON.
 *
 * @since 0.1.0
 * @category commands
 */
export const endpointCommand = (endpoint: Endpoint.Endpoint, group = endpoint.group) => {
  const fields = Flags.fields(endpoint.input)
  const words = `${commandName(group)} ${commandName(endpoint.name)}`
  return Command.make(commandName(endpoint.name), {
    fields: Flags.options(fields),
    json: optionalText("json", "the input (or some of its fields) as a JSON object; flags override it"),
    input: optionalText("input", "read the input as a JSON object from this file (- for standard input)"),
    connection: Options.all(Connection.options)
  }, (config) =>
    Effect.gen(function*() {
      const input = yield* inputOf(words, endpoint, fields, config)
      const answer = yield* Endpoint.call(endpoint)(input).pipe(
        Effect.provide(
          Connection.layer(config.connection, { authenticate: endpoint.authenticate, transport: "fetch" })
        )
      )
      yield* Output.json(answer)
    })).pipe(
      Command.withDescription(
        helpOf(endpoint, ["Prints the answer as JSON: indented on a terminal, one line when piped."])
      )
    )
}

/**
 * Second names of commands: `chats` is `archives` (the archive holds the chats; both are
 * accepted, help shows `archives (or chats)`).
 *
 * @since 0.1.0
 * @category constants
 */
export const aliases: ReadonlyMap<string, string> = new Map([["chats", "archives"]])

/**
 * `livechat webhooks listen`: a receiver of LiveChat's webhook deliveries, each event printed as a
 * line of JSON (`token` and `license_id` as `"<redacted>"`) once it is accepted.
 */
const listenCommand = () =>
  Command.make("listen", {
    receiver: Options.all(Receiver.options),
    register: optional(
      Options.text("register").pipe(Options.withPseudoName("url")),
      "register webhooks at this URL, the receiver's address as LiveChat reaches it (its Basic credentials are " +
        "added; - for its own address, as for a fake on this machine): each --event-type, with every data type " +
        "it supports; nothing is registered twice"
    ),
    eventType: Flags.choices("event-type", Webhook.EventType.literals).pipe(
      Options.withDescription(
        `with --register: the events to register (default all: ${Webhook.EventType.literals.join(", ")})`
      )
    ),
    quiet,
    connection: Options.all(Connection.options)
  }, (config) =>
    Effect.gen(function*() {
      const settings = yield* Receiver.settings(config.receiver)
      // The receiver is loaded when this command runs: the others start without it.
      const { WebhookServer } = yield* Effect.promise(() => import("@effect-livechat/webhooks/node"))
      const register = (served: { readonly url: string }) =>
        Option.match(config.register, {
          onNone: () => Effect.void,
          onSome: (url) =>
            Receiver.register(
              url === "-" ? served.url : url,
              settings,
              config.eventType.length === 0 ? Webhook.EventType.literals : config.eventType
            ).pipe(
              Effect.flatMap((created) =>
                config.quiet ? Effect.void : Output.stderr(`Registered ${created} webhook(s) at ${url}\n`)
              ),
              Effect.provide(Connection.layer(config.connection, { transport: "fetch" })),
              Effect.orDie
            )
        })
      yield* WebhookServer.stream({
        ...settings,
        onListening: (served) =>
          Effect.zipRight(
            register(served),
            config.quiet ? Effect.void : Output.stderr(`Listening for webhooks on ${served.url} (Ctrl-C to stop)\n`)
          )
      }).pipe(Stream.runForEach((event) => Output.stdout(`${JSON.stringify(event)}\n`)))
    })).pipe(
      Command.withDescription(
        HelpDoc.blocks([
          HelpDoc.p("Receives LiveChat's webhooks and prints each event as a line of JSON."),
          HelpDoc.p(
            "A delivery is answered 200 once its line is written; without the Basic credentials 401, for another " +
              "license 403, a repeated one is printed once. --register URL registers the webhooks at the address " +
              "LiveChat reaches the receiver at (put it behind TLS), its credentials added. token and license_id " +
              "are printed as \"<redacted>\"."
          )
        ])
      )
    )

/** Commands of a group besides its endpoints'. */
const extraCommands: {
  readonly [group: string]: ReadonlyArray<() => Command.Command<string, never, unknown, unknown>>
} = {
  Webhooks: [listenCommand as never]
}

const groupCommand = (name: string, group: string, endpoints: Record<string, Endpoint.Endpoint>) =>
  Command.make(name).pipe(
    Command.withDescription(
      HelpDoc.blocks([
        HelpDoc.p(Object.values(endpoints).map((endpoint) => commandName(endpoint.name)).join(", ")),
        HelpDoc.p(`The endpoints of the reference's ${group} section, a command each.`)
      ])
    ),
    Command.withSubcommands(nonEmpty([
      ...Object.values(endpoints).map((endpoint) => endpointCommand(endpoint, name)),
      ...(extraCommands[group] ?? []).map((make) => make())
    ]))
  )

// export chats|tickets

const quiet = Options.boolean("quiet").pipe(
  Options.withAlias("q"),
  Options.withDescription("no progress on standard error")
)

const exportCommand = (kind: Export.Kind, endpoint: Endpoint.Endpoint) => {
  const fields = Flags.fields(endpoint.input).filter((field) => field.name !== "page")
  return Command.make(kind, {
    fields: Flags.options(fields, "flag"),
    format: Flags.choice("format", ["ndjson", "csv", "json"]).pipe(
      Options.withDefault("ndjson" as const),
      Options.withDescription(
        "how to write the records: ndjson (a JSON object a line), csv (a header, nested values as JSON) or json " +
          "(one array)"
      )
    ),
    csvRaw: Options.boolean("csv-raw").pipe(
      Options.withDescription(
        "CSV: write texts as they are; by default a text a spreadsheet would run as a formula (starting with " +
          "=, +, -, @, a tab or a carriage return) gets a ' in front"
      )
    ),
    out: Options.text("out").pipe(
      Options.withAlias("o"),
      Options.withDescription("the file to write (default: standard output)"),
      Options.optional
    ),
    concurrency: Flags.integer("concurrency").pipe(
      Options.withDefault(4),
      Options.withDescription("pages read at once")
    ),
    resume: Options.text("resume").pipe(
      Options.withDescription(
        "a state file: continue the export it describes if it exists, keep it up to date, remove it when done"
      ),
      Options.optional
    ),
    consistency: Flags.choice("consistency", ["fail", "warn"]).pipe(
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
      const filters = yield* inputOf(`export ${kind}`, endpoint, fields, { fields: config.fields })
      const progress = yield* Progress.make
      const resume = Option.getOrUndefined(config.resume)
      const run = Export.run({
        kind,
        filters: filters as { readonly [name: string]: unknown },
        format: config.format,
        out: Option.getOrUndefined(config.out),
        concurrency: config.concurrency,
        consistency: config.consistency,
        csvRaw: config.csvRaw,
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
        helpOf(endpoint, [
          `Exports every ${
            kind === "chats" ? "chat" : "ticket"
          } matching the filters (all pages, across the record cap).`,
          "Progress goes to standard error: redrawn on a terminal, a line every 2 seconds otherwise, none with --quiet.",
          "Exits 0 only when every window was proven exact; otherwise 7 (see --consistency)."
        ])
      )
    )
}

const exportGroup = () =>
  Command.make("export").pipe(
    Command.withDescription("Exports the chats or the tickets to a file or standard output (NDJSON, CSV or JSON)."),
    Command.withSubcommands([
      exportCommand("chats", Endpoints.groups.Archives.list),
      exportCommand("tickets", Endpoints.groups.Tickets.list)
    ])
  )

// report <name>

const reportCommand = (endpoint: Endpoint.Endpoint) => {
  const fields = Flags.fields(endpoint.input)
  const words = `report ${commandName(endpoint.name)}`
  return Command.make(commandName(endpoint.name), {
    fields: Flags.options(fields, "flag"),
    json: Options.boolean("json").pipe(Options.withDescription("print the raw answer as JSON instead of a chart")),
    connection: Options.all(Connection.options)
  }, (config) =>
    Effect.gen(function*() {
      const input = yield* inputOf(words, endpoint, fields, { fields: config.fields })
      const answer = yield* Endpoint.call(endpoint)(input).pipe(
        Effect.provide(Connection.layer(config.connection, { transport: "fetch" }))
      )
      if (config.json) return yield* Output.json(answer)
      const given = Object.entries(config.fields).map(([name, value]) => `${name}=${String(value)}`).join(" ")
      const title = `${endpoint.summary}${given === "" ? "" : `  [${given}]`}`
      yield* Output.stdout(Chart.render(title, answer, { width: process.stdout.columns || 80 }))
    })).pipe(Command.withDescription(helpOf(endpoint, ["Draws the answer as bar charts, one per measure."])))
}

const reportGroup = () =>
  Command.make("report").pipe(
    Command.withDescription("Reads a report and draws it as bar charts in the terminal (--json for the raw answer)."),
    Command.withSubcommands(nonEmpty(Object.values(Endpoints.groups.Reports).map(reportCommand)))
  )

// fake

const fakeCommand = () =>
  Command.make("fake", {
    port: Flags.integer("port").pipe(
      Options.withDefault(0),
      Options.withDescription("the port (0: a free one chosen by the system)")
    ),
    chats: Flags.integer("chats").pipe(Options.withDefault(1000)),
    tickets: Flags.integer("tickets").pipe(Options.withDefault(200)),
    agents: Flags.integer("agents").pipe(Options.withDefault(4)),
    groups: Flags.integer("groups").pipe(Options.withDefault(3)),
    seed: Options.text("seed").pipe(Options.withDefault("1"), Options.withDescription("the seed of the data")),
    cap: Flags.integer("cap").pipe(Options.withDefault(100_000), Options.withDescription("the record cap")),
    latency: Flags.integer("latency").pipe(Options.withDefault(0), Options.withDescription("milliseconds per request")),
    errorRate: Flags.float("error-rate").pipe(
      Options.withDefault(0),
      Options.withDescription("the share of requests answered with a 5xx")
    )
  }, (config) =>
    Effect.gen(function*() {
      // The fake is loaded when this command runs: the others start without it.
      const { LiveChatFakeServer } = yield* Effect.promise(() => import("@effect-livechat/testing/node"))
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

const syncCommand = () =>
  Command.make("sync", {
    database: Options.text("database").pipe(
      Options.withPseudoName("url"),
      Options.withFallbackConfig(Config.nonEmptyString("LIVECHAT_DATABASE_URL")),
      Options.withDefault("file:./livechat.db"),
      Options.withDescription(
        "file:PATH for SQLite, or a postgres:// URL (or LIVECHAT_DATABASE_URL, which keeps a password out of ps)"
      )
    ),
    resources: Options.text("resources").pipe(
      Options.withPseudoName("list"),
      Options.withDescription(`what to mirror, comma-separated (default all: ${resources.join(", ")})`),
      Options.repeated
    ),
    since: Flags.day("since", "where chats and tickets start on the first run (default: all)"),
    every: optional(
      Options.text("every").pipe(Options.withPseudoName("interval")),
      "run again at this interval until Ctrl-C (15m, 1h, 30s, \"15 minutes\")"
    ),
    wait: Options.boolean("wait").pipe(
      Options.withDescription("when another sync of this database runs, wait for it rather than fail (exit 8)")
    ),
    json: Options.boolean("json").pipe(Options.withDescription("print each run's summary as JSON")),
    listen: Options.boolean("listen").pipe(
      Options.withDescription(
        "also receive LiveChat's webhooks and write each chat, ticket or canned response as it comes (seconds " +
          "behind); polls go on every --every (default 15m) for exactness"
      )
    ),
    register: optional(
      Options.text("register").pipe(Options.withPseudoName("url")),
      "with --listen: register the webhooks it needs at this URL, the receiver's address as LiveChat reaches it " +
        "(its Basic credentials are added; nothing is registered twice)"
    ),
    receiver: Options.all(Receiver.options),
    quiet,
    connection: Options.all(Connection.options)
  }, (config) =>
    Effect.gen(function*() {
      const receiver = config.listen ? yield* Receiver.settings(config.receiver) : undefined
      // The sync and its SQL drivers are loaded when this command runs: the others start without them.
      const SyncCommand = yield* Effect.promise(() => import("./internal/sync.js"))
      yield* SyncCommand.run({
        database: config.database,
        resources: config.resources,
        since: Option.getOrUndefined(config.since),
        every: Option.getOrUndefined(config.every),
        wait: config.wait,
        json: config.json,
        quiet: config.quiet,
        listen: receiver === undefined ? undefined : { receiver, register: Option.getOrUndefined(config.register) }
      }, Connection.layer(config.connection))
    })).pipe(
      Command.withDescription(
        HelpDoc.blocks([
          HelpDoc.p("Mirrors the license into SQL: SQLite by default, or PostgreSQL."),
          HelpDoc.p(
            "Chats and tickets are read incrementally, the other resources as snapshots; --every repeats it. A " +
              "resource the server refuses is told and the others are mirrored; the exit code is then the first " +
              "refusal's."
          )
        ])
      )
    )

// batch

const batchCommand = () =>
  Command.make("batch", {
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
        HelpDoc.blocks([
          HelpDoc.p("Runs many commands in one process, one a line, from a file or standard input."),
          HelpDoc.p(
            "Words and quotes as in a shell; # starts a comment. Each command prints as it would alone, a failure " +
              "prefixed with its line and exit code (line 3 (exit 4): NotFound: …); the batch's exit code is the " +
              "first failure's."
          )
        ])
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

/** `f`'s result, made on the first call and kept. */
const once = <A>(f: () => A): () => A => {
  let made: { readonly value: A } | undefined
  return () => (made ??= { value: f() }).value
}

/** `livechat`'s commands, by name, each made when first needed (a call makes only its own). */
const subcommands: ReadonlyArray<readonly [string, () => Command.Command<string, never, unknown, unknown>]> = [
  ["export", once(exportGroup)],
  ["report", once(reportGroup)],
  ["sync", once(syncCommand)],
  ["fake", once(fakeCommand)],
  ["batch", once(batchCommand)],
  ...Object.entries(Endpoints.groups).flatMap(([group, endpoints]) => {
    const name = commandName(group)
    const second = [...aliases].filter(([, of]) => of === name).map(([alias]) => alias)
    return [name, ...second].map((n) =>
      [n, once(() => groupCommand(n, group, endpoints as Record<string, Endpoint.Endpoint>))] as const
    )
  })
] as never

const description = [
  "Work with the LiveChat REST API v2 from the command line: every endpoint, exports of the chats and the " +
  "tickets, a mirror of the license in SQL, reports as charts, and a fake license to try it all on."
]

const root = (children: ReadonlyArray<Command.Command<string, never, unknown, unknown>>) =>
  Command.make("livechat").pipe(
    Command.withDescription(HelpDoc.blocks(description.map((p) => HelpDoc.p(p)))),
    Command.withSubcommands(nonEmpty(children))
  )

let full: Command.Command<"livechat", never, unknown, unknown> | undefined

/**
 * The `livechat` command, with all its commands (made on the first call).
 *
 * @since 0.1.0
 * @category commands
 */
export const command = (): Command.Command<"livechat", never, unknown, unknown> =>
  full ??= root(subcommands.map(([, make]) => make())) as never

/**
 * The command that parses `args`: `livechat` with only the command they name when they name one
 * (the other 20 are not made: a call starts sooner), else with all.
 */
const commandFor = (args: ReadonlyArray<string>) => {
  const named = subcommands.find(([name]) => name === args[0])
  return named === undefined || full !== undefined ? command() : root([named[1]()]) as never
}

/** The commands of `livechat` that hold no others. */
const leaves: ReadonlySet<string> = new Set(["sync", "fake", "batch"])

/** The commands that are not an API group's, listed first in the help. */
const coreCommands: ReadonlySet<string> = new Set(["export", "sync", "report", "fake", "batch"])

/** What the top-level help ends with. */
const rootSections: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["ENVIRONMENT", [
    "LIVECHAT_LOGIN, LIVECHAT_API_KEY (or LIVECHAT_API_KEY_FILE): an agent's login and API key.",
    "LIVECHAT_ACCESS_TOKEN (or LIVECHAT_ACCESS_TOKEN_FILE): an OAuth access token instead.",
    "LIVECHAT_BASE_URL: the API (default https://api.livechatinc.com).",
    "LIVECHAT_DATABASE_URL: the database of `livechat sync`.",
    "Each has a flag too; a secret given as a flag's value shows in ps: prefer these, a file, or - (standard input)."
  ]],
  ["EXIT CODES", [
    "0 success, 1 other, 2 invalid input, 3 auth, 4 not found, 5 rate limited, 6 transport, 7 not exact, " +
    "8 sync locked, 9 database, 130 interrupted."
  ]],
  ["EXAMPLES", [
    "$ export LIVECHAT_LOGIN=agent@example.com LIVECHAT_API_KEY_FILE=~/.livechat-key",
    "$ livechat agents list",
    "$ livechat export chats --date-from 2024-01-01 --format csv --out chats.csv",
    "$ LIVECHAT_DATABASE_URL=postgres://… livechat sync --every 15m"
  ]]
]

let helpTree: Help.Node | undefined

/** The commands that only hold others. */
const groups: ReadonlySet<string> = new Set(subcommands.map(([name]) => name).filter((name) => !leaves.has(name)))

/** The help of the command `args` name, if they ask for help: `--help` / `-h`, no words, or a group alone. */
const helpAsked = (args: ReadonlyArray<string>): string | undefined => {
  const words = args.indexOf("--") === -1 ? args : args.slice(0, args.indexOf("--"))
  const flagged = words.includes("--help") || words.includes("-h")
  // `livechat` and `livechat agents` alone: the help of what they name, as gh does.
  const bare = words.length === 0 || (words.length === 1 && groups.has(words[0]))
  if (!flagged && !bare) return undefined
  helpTree ??= Help.tree(command())
  const node = Help.find(helpTree, words)
  return Help.render(node, {
    // The terminal's width, or COLUMNS when piped (as `ls` and `gh` read it).
    width: process.stdout.columns ?? (Number(process.env.COLUMNS) || undefined),
    aliases,
    colours: Output.colours(process.stdout),
    sectionOf: (child) =>
      child.path.length === 1 ? (coreCommands.has(child.name) ? "CORE COMMANDS" : "API COMMANDS") : undefined,
    sections: node.path.length === 0 ? rootSections : undefined
  })
}

/** A command line `@effect/cli` refused, in one sentence naming what was wrong, and where help is. */
const refusal = (args: ReadonlyArray<string>, error: ValidationError.ValidationError): string => {
  helpTree ??= Help.tree(command())
  const node = Help.find(helpTree, args)
  const text = "error" in error ? Help.paragraphs(error.error as never).join(" ") : ""
  const unknown = /^Received unknown argument: '(.*)'$/.exec(text)
  const missing = /^Expected to find option: '(.*)'$/.exec(text)
  // A word that names no command (the command parsed may hold only the one `args` named).
  const stray = text.startsWith("Invalid subcommand")
    ? args.filter((arg) => !arg.startsWith("-"))[node.path.length]
    : undefined
  const flag = unknown === null ? undefined : node.flags.find((f) => `--${f.name}` === unknown[1])
  const sentence = flag !== undefined
    ? `--${flag.name} needs a value (${flag.value})`
    : unknown !== null
    ? `${unknown[1]} is not a flag of ${["livechat", ...node.path].join(" ")}`
    : missing !== null
    ? `${missing[1]} is required`
    : stray !== undefined
    ? `${JSON.stringify(stray)} is not a command of ${["livechat", ...node.path].join(" ")}; its commands: ${
      node.commands.map((c) => c.name).filter((name) => !aliases.has(name)).join(", ")
    }`
    : text
  const tag = Output.colours(process.stderr) ? "\x1b[1;31mInvalidCommandLine\x1b[0m" : "InvalidCommandLine"
  return `${tag}: ${sentence} (see ${["livechat", ...node.path].join(" ")} --help)`
}

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
  const help = helpAsked(args)
  if (help !== undefined) return Effect.as(Output.stdout(help), ExitCode.codes.success)
  return Command.run(commandFor(args), { name: "livechat", version })(["node", "livechat", ...args]).pipe(
    // @effect/cli's own account of a bad command line is replaced by the sentence below.
    Output.withPlainConsole,
    Output.withoutConsoleErrors,
    Effect.as(ExitCode.codes.success),
    Effect.catchAll((error): Effect.Effect<number> => {
      if (error instanceof BatchFailed) return Effect.succeed(error.code)
      const code = ExitCode.of(error)
      const line = ValidationError.isValidationError(error) ? refusal(args, error) : ExitCode.format(error)
      return Effect.as(
        Output.stderr(`${options.prefix?.(code) ?? ""}${line}\n`),
        code
      )
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
    // The command has ended: exit once standard output and error have taken all that was written
    // (a write's callback comes after those before it), rather than wait for the sockets and timers
    // of the client's pool to close on their own (a tenth of a second after a call).
    teardown: (exit) => {
      const code = Exit.isSuccess(exit)
        ? exit.value as number
        : Cause.isInterruptedOnly(exit.cause)
        ? ExitCode.codes.interrupted
        : ExitCode.codes.other
      process.stdout.write("", () => process.stderr.write("", () => process.exit(code)))
    }
  })
}
