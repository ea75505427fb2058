/**
 * The help of `livechat`, written as `gh` writes its own: what a command does, USAGE with the full
 * command line and its required flags, its commands, FLAGS one line each (the flag, what it takes,
 * what it does: required, default and environment variable said there), LEARN MORE; lines wrapped
 * to the terminal, at most 100 columns.
 *
 * It is read from the `@effect/cli` commands themselves (their descriptors: names, descriptions,
 * options), so a flag has one definition for parsing and for help; and it is rendered here, in
 * plain strings, because `@effect/cli`'s own renderer lists every command's full usage at the top
 * level (lines of 900 columns for this tree) and costs a tenth of a second to lay out.
 */

/** The widest help, whatever the terminal. */
export const maxWidth = 100

/** A flag, as help shows it. */
export interface Flag {
  readonly name: string
  readonly aliases: ReadonlyArray<string>
  /** What it takes (`string`, `int`, `open|solved`), empty for a switch. */
  readonly value: string
  readonly description: string
  readonly required: boolean
  readonly repeated: boolean
  /** The default, as shown (`4`, `"ndjson"`). */
  readonly fallback: string | undefined
}

/** A command, as help shows it. */
export interface Node {
  readonly name: string
  /** The words after `livechat` that run it. */
  readonly path: ReadonlyArray<string>
  /** Its paragraphs: the first is its summary. */
  readonly paragraphs: ReadonlyArray<string>
  readonly flags: ReadonlyArray<Flag>
  readonly commands: ReadonlyArray<Node>
}

// The shapes of @effect/cli's descriptors, options, primitives and help documents this reads (its
// internal representation: the version is pinned exactly, and the help tests read every command).

type Doc =
  | { readonly _tag: "Empty" }
  | { readonly _tag: "Header" | "Paragraph"; readonly value: Span }
  | { readonly _tag: "DescriptionList"; readonly definitions: ReadonlyArray<readonly [Span, Doc]> }
  | { readonly _tag: "Enumeration"; readonly elements: ReadonlyArray<Doc> }
  | { readonly _tag: "Sequence"; readonly left: Doc; readonly right: Doc }

type Span =
  | { readonly _tag: "Text" | "Code" | "URI"; readonly value: string }
  | { readonly _tag: "Error" | "Weak" | "Strong"; readonly value: Span }
  | { readonly _tag: "Sequence"; readonly left: Span; readonly right: Span }

interface Primitive {
  readonly _tag: string
  readonly alternatives?: ReadonlyArray<readonly [string, unknown]>
}

type Opts =
  | { readonly _tag: "Empty" }
  | {
    readonly _tag: "Single"
    readonly name: string
    readonly aliases: ReadonlyArray<string>
    readonly primitiveType: Primitive
    readonly description: Doc
    readonly pseudoName: { readonly _tag: "Some"; readonly value: string } | { readonly _tag: "None" }
  }
  | { readonly _tag: "Map"; readonly options: Opts }
  | { readonly _tag: "Both" | "OrElse"; readonly left: Opts; readonly right: Opts }
  | { readonly _tag: "WithDefault"; readonly options: Opts; readonly fallback: unknown }
  | { readonly _tag: "WithFallback"; readonly options: Opts }
  | {
    readonly _tag: "Variadic"
    readonly argumentOption: Opts
    readonly min: { readonly _tag: "Some"; readonly value: number } | { readonly _tag: "None" }
  }
  | { readonly _tag: "KeyValueMap"; readonly argumentOption: Opts }

type Descriptor =
  | {
    readonly _tag: "Standard" | "GetUserInput"
    readonly name: string
    readonly description: Doc
    readonly options?: Opts
  }
  | { readonly _tag: "Map"; readonly command: Descriptor }
  | { readonly _tag: "Subcommands"; readonly parent: Descriptor; readonly children: ReadonlyArray<Descriptor> }

/** The text of a span. */
const spanText = (span: Span): string => {
  switch (span._tag) {
    case "Text":
    case "Code":
    case "URI":
      return span.value
    case "Error":
    case "Weak":
    case "Strong":
      return spanText(span.value)
    case "Sequence":
      return spanText(span.left) + spanText(span.right)
  }
}

/** The paragraphs of a help document. */
export const paragraphs = (doc: Doc): Array<string> => {
  switch (doc._tag) {
    case "Empty":
      return []
    case "Header":
    case "Paragraph":
      return [spanText(doc.value)].filter((text) => text.trim() !== "")
    case "DescriptionList":
      return doc.definitions.flatMap(([term, body]) => [spanText(term), ...paragraphs(body)])
    case "Enumeration":
      return doc.elements.flatMap(paragraphs)
    case "Sequence":
      return [...paragraphs(doc.left), ...paragraphs(doc.right)]
  }
}

const valueOf = (primitive: Primitive): string => {
  switch (primitive._tag) {
    case "Bool":
      return ""
    case "Choice":
      return (primitive.alternatives ?? []).map(([name]) => name).join("|")
    case "Integer":
      return "int"
    case "Float":
      return "number"
    case "Date":
      return "date"
    case "Path":
      return "path"
    default:
      return "string"
  }
}

const shown = (fallback: unknown): string | undefined => {
  if (fallback === undefined || fallback === false) return undefined
  // Option.none() (an optional flag) and Option.some(…): no default to show, or its value.
  if (typeof fallback === "object" && fallback !== null && "_tag" in fallback) {
    const option = fallback as { readonly _tag: string; readonly value?: unknown }
    return option._tag === "Some" ? shown(option.value) : undefined
  }
  if (Array.isArray(fallback)) return fallback.length === 0 ? undefined : fallback.join(",")
  return typeof fallback === "string" ? JSON.stringify(fallback) : String(fallback)
}

/** The flags of an options tree; `optional`/`fallback`/`repeated` as the wrappers above them say. */
const flagsOf = (
  options: Opts | undefined,
  context: { readonly optional: boolean; readonly fallback?: string | undefined; readonly repeated: boolean }
): Array<Flag> => {
  if (options === undefined) return []
  switch (options._tag) {
    case "Empty":
      return []
    case "Single": {
      const description = paragraphs(options.description).join(" ")
      return [{
        name: options.name,
        aliases: options.aliases,
        value: options.pseudoName._tag === "Some" ? options.pseudoName.value : valueOf(options.primitiveType),
        description,
        // A switch is never required: leaving it out is saying no.
        required: !context.optional && options.primitiveType._tag !== "Bool",
        repeated: context.repeated,
        fallback: context.fallback
      }]
    }
    case "Map":
      return flagsOf(options.options, context)
    case "Both":
      return [...flagsOf(options.left, context), ...flagsOf(options.right, context)]
    case "OrElse":
      return [
        ...flagsOf(options.left, { ...context, optional: true }),
        ...flagsOf(options.right, { ...context, optional: true })
      ]
    case "WithDefault":
      return flagsOf(options.options, { ...context, optional: true, fallback: shown(options.fallback) })
    case "WithFallback":
      return flagsOf(options.options, { ...context, optional: true })
    case "Variadic": {
      // Repeated: required only when it must be given at least once.
      const atLeastOnce = options.min._tag === "Some" && options.min.value > 0
      return flagsOf(options.argumentOption, { ...context, repeated: true, optional: context.optional || !atLeastOnce })
    }
    case "KeyValueMap":
      return flagsOf(options.argumentOption, context)
  }
}

/** The command a descriptor describes, its children those of its `Subcommands` (paths: see {@link rooted}). */
const nodeOf = (descriptor: Descriptor): Node => {
  switch (descriptor._tag) {
    case "Map":
      return nodeOf(descriptor.command)
    case "Subcommands":
      return { ...nodeOf(descriptor.parent), commands: descriptor.children.map(nodeOf) }
    case "Standard":
    case "GetUserInput":
      return {
        name: descriptor.name,
        path: [],
        paragraphs: paragraphs(descriptor.description),
        flags: flagsOf(descriptor.options, { optional: false, repeated: false }),
        commands: []
      }
  }
}

/** Sets every node's path from the root (`[]` for `livechat` itself). */
const rooted = (node: Node, path: ReadonlyArray<string>): Node => ({
  ...node,
  path,
  commands: node.commands.map((child) => rooted(child, [...path, child.name]))
})

/**
 * The help tree of an `@effect/cli` command (`livechat`, whose path is `[]`).
 */
export const tree = (command: { readonly descriptor: unknown }): Node =>
  rooted(nodeOf(command.descriptor as Descriptor), [])

/**
 * The command `args` name: the deepest whose words appear in order (words that name no command,
 * such as a flag's value, are passed over).
 */
export const find = (root: Node, args: ReadonlyArray<string>): Node => {
  let node = root
  for (const arg of args) {
    if (arg === "--") break
    if (arg.startsWith("-")) continue
    const child = node.commands.find((c) => c.name === arg)
    if (child !== undefined) node = child
  }
  return node
}

/** Words of `text` in lines of at most `width` columns, indented by `indent`. */
export const wrap = (text: string, width: number, indent = 0): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && indent + line.length + 1 + word.length > width) {
      lines.push(" ".repeat(indent) + line)
      line = ""
    }
    line = line === "" ? word : `${line} ${word}`
  }
  if (line !== "" || lines.length === 0) lines.push(" ".repeat(indent) + line)
  return lines
}

/** Rows of two columns: the first padded, the second wrapped beside it (below it when the first is long). */
const table = (rows: ReadonlyArray<readonly [string, string]>, width: number): Array<string> => {
  // The first column takes at most a third of the width; what is longer has the second below it.
  const column = Math.min(Math.max(...rows.map(([left]) => left.length)), 30, Math.floor(width / 3))
  const at = 2 + column + 3
  return rows.flatMap(([left, right]) => {
    const wrapped = wrap(right, width, at)
    if (left.length > column) return [`  ${left}`, ...wrapped]
    const [head = "", ...rest] = wrapped
    return [`  ${left.padEnd(column)}   ${head.trimStart()}`.trimEnd(), ...rest]
  })
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** `-o, --out string` or `    --format ndjson|csv|json`. */
const flagColumn = (flag: Flag): string => {
  const short = flag.aliases.find((alias) => alias.length === 1)
  return `${short === undefined ? "    " : `-${short}, `}--${flag.name}${flag.value === "" ? "" : ` ${flag.value}`}`
}

/** What a flag does, then what help must say of it: repeatable, its default, required. */
const flagText = (flag: Flag): string => {
  const notes = [
    flag.repeated ? "repeatable" : undefined,
    flag.fallback === undefined ? undefined : `default ${flag.fallback}`,
    flag.required ? "required" : undefined
  ].filter((note) => note !== undefined)
  const text = capital(flag.description)
  return notes.length === 0 ? text : `${text} (${notes.join("; ")})`
}

/** Connection flags: listed apart, under CONNECTION FLAGS. */
export const connectionFlags: ReadonlySet<string> = new Set([
  "api-login",
  "api-key",
  "api-key-file",
  "access-token",
  "access-token-file",
  "base-url",
  "allow-insecure-http",
  "retries"
])

/** The line that runs a command: `livechat agents get --login <string> [flags]`. */
export const usage = (node: Node): string => {
  const line = ["livechat", ...node.path].join(" ")
  if (node.commands.length > 0) return `${line} <command> [flags]`
  const required = node.flags.filter((flag) => flag.required).map((flag) =>
    `--${flag.name}${flag.value === "" ? "" : ` <${flag.value}>`}`
  )
  return [line, ...required, ...(node.flags.length > required.length ? ["[flags]"] : [])].join(" ")
}

/**
 * The help of a command, as many columns wide as `width` (at most {@link maxWidth}). `sections`
 * adds sections of the caller's at the end (the root's environment and exit codes), and
 * `sectionOf` sorts the subcommands under headings (COMMANDS when it says nothing); `aliases` maps
 * a second name of a command to its first (`chats` → `archives`); `colours` makes the headings bold.
 */
export const render = (
  node: Node,
  options: {
    readonly width?: number | undefined
    readonly sections?: ReadonlyArray<readonly [string, ReadonlyArray<string>]> | undefined
    readonly sectionOf?: ((node: Node) => string | undefined) | undefined
    readonly aliases?: ReadonlyMap<string, string> | undefined
    /** Headings in bold (a terminal that takes colours). */
    readonly colours?: boolean | undefined
  } = {}
): string => {
  const width = Math.max(40, Math.min(maxWidth, options.width ?? maxWidth))
  let out: ReadonlyArray<string> = node.paragraphs.flatMap((paragraph, i) => [
    ...(i > 0 ? [""] : []),
    ...wrap(paragraph, width)
  ])
  const section = (title: string, lines: ReadonlyArray<string>) => {
    if (lines.length > 0) out = [...out, "", options.colours === true ? `\x1b[1m${title}\x1b[0m` : title, ...lines]
  }
  section("USAGE", wrap(usage(node), width, 2))
  const headings = new Map<string, Array<Node>>()
  for (const child of node.commands) {
    // A second name of a command (`chats` for `archives`) is shown beside the first, not again.
    if ([...(options.aliases?.keys() ?? [])].includes(child.name)) continue
    const heading = options.sectionOf?.(child) ?? "COMMANDS"
    headings.set(heading, [...(headings.get(heading) ?? []), child])
  }
  for (const [heading, children] of headings) {
    const aliasOf = (name: string) => [...(options.aliases ?? [])].find(([, of]) => of === name)?.[0]
    section(
      heading,
      table(
        children.map((child) => {
          const alias = aliasOf(child.name)
          return [`${child.name}${alias === undefined ? "" : ` (or ${alias})`}:`, child.paragraphs[0] ?? ""]
        }),
        width
      )
    )
  }
  const own = node.flags.filter((flag) => !connectionFlags.has(flag.name))
  const connection = node.flags.filter((flag) => connectionFlags.has(flag.name))
  if (own.length > 0) section("FLAGS", table(own.map((flag) => [flagColumn(flag), flagText(flag)]), width))
  if (connection.length > 0) {
    section("CONNECTION FLAGS", table(connection.map((flag) => [flagColumn(flag), flagText(flag)]), width))
  }
  section("INHERITED FLAGS", table([["-h, --help", "Show help for a command"]], width))
  for (const [title, lines] of options.sections ?? []) section(title, lines.flatMap((line) => wrap(line, width, 2)))
  section(
    "LEARN MORE",
    wrap(
      node.commands.length > 0
        ? `Use \`${["livechat", ...node.path].join(" ")} <command> --help\` for more about a command.`
        : "Exit codes and examples: `livechat --help`, and the manual in the package's README.",
      width,
      2
    )
  )
  return `${out.join("\n")}\n`
}
