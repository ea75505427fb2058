/**
 * Reports drawn in the terminal: one horizontal bar chart per measure, a bar per period (day, hour,
 * month) or per agent (rankings), each with its number.
 *
 * A report's answer is read as rows (a period → its measures, or a ranking's entries by agent) and
 * every number in a row, however nested (`queued.count`, `first_response_time.seconds`), is a measure.
 *
 * @since 0.1.0
 */

/**
 * One measure of a report: its name and a value per row (`undefined` when the row has none, as a
 * `null` average).
 *
 * @since 0.1.0
 * @category models
 */
export interface Series {
  readonly name: string
  readonly values: ReadonlyArray<number | undefined>
}

/**
 * A report as rows and measures.
 *
 * @since 0.1.0
 * @category models
 */
export interface Table {
  /** The rows' labels: periods (`2026-11-01`) or agents. */
  readonly labels: ReadonlyArray<string>
  readonly series: ReadonlyArray<Series>
}

const isObject = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Every number in a value, by its dotted path (a bare number is the measure `value`). */
const numbers = (value: unknown, path: string, into: Map<string, number | null>) => {
  if (typeof value === "number") into.set(path === "" ? "value" : path, value)
  else if (value === null && path !== "") into.set(path, null)
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) numbers(inner, path === "" ? key : `${path}.${key}`, into)
  }
}

/**
 * The rows and measures of a report's answer: `{ ranking: [...] }` gives a row per agent (its
 * `name`), any other object a row per key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const table = (answer: unknown): Table => {
  const rows: Array<readonly [string, unknown]> = []
  if (isObject(answer) && Array.isArray(answer.ranking)) {
    answer.ranking.forEach((entry: unknown, i) => {
      const name = isObject(entry) && typeof entry.name === "string" ? entry.name : String(i + 1)
      rows.push([name, entry])
    })
  } else if (isObject(answer)) {
    for (const entry of Object.entries(answer)) rows.push(entry)
  }
  const measured = rows.map(([label, value]) => {
    const found = new Map<string, number | null>()
    numbers(value, "", found)
    return [label, found] as const
  })
  const names: Array<string> = []
  for (const [, found] of measured) {
    for (const name of found.keys()) if (!names.includes(name)) names.push(name)
  }
  return {
    labels: measured.map(([label]) => label),
    series: names.map((name) => ({
      name,
      values: measured.map(([, found]) => found.get(name) ?? undefined)
    }))
  }
}

const formatNumber = (n: number): string =>
  Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 })

const eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

/** A bar of `value / max` of `width` cells, in eighths of a cell. */
const bar = (value: number, max: number, width: number): string => {
  if (max <= 0 || value <= 0) return ""
  const units = Math.max(1, Math.round((value / max) * width * 8))
  return "█".repeat(Math.floor(units / 8)) + eighths[units % 8]
}

/**
 * The chart of a report: a title line, then for each measure a block of bars with their numbers.
 * `width` is the terminal's width (the bars take what the labels and numbers leave).
 *
 * @example
 * ```ts
 * import { Chart } from "@effect-livechat/cli"
 *
 * console.log(Chart.render("total chats", { "2026-11-01": { chats: 12 }, "2026-11-02": { chats: 30 } }, { width: 60 }))
 * // total chats
 * //
 * // chats
 * //   2026-11-01 │█████████████▊                      12
 * //   2026-11-02 │██████████████████████████████████  30
 * ```
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (
  title: string,
  answer: unknown,
  options: { readonly width?: number | undefined } = {}
): string => {
  const { labels, series } = table(answer)
  if (labels.length === 0 || series.length === 0) return `${title}\n\n  (no data)\n`
  const labelWidth = Math.max(...labels.map((label) => label.length))
  const lines = [title]
  for (const measure of series) {
    const texts = measure.values.map((v) => (v === undefined ? "–" : formatNumber(v)))
    const numberWidth = Math.max(...texts.map((t) => t.length))
    const barWidth = Math.max(10, Math.min(50, (options.width ?? 80) - labelWidth - numberWidth - 7))
    const max = Math.max(0, ...measure.values.map((v) => v ?? 0))
    const total = measure.values.reduce<number>((sum, v) => sum + (v ?? 0), 0)
    lines.push("", `${measure.name}  (max ${formatNumber(max)}, sum ${formatNumber(total)})`)
    measure.values.forEach((value, i) => {
      lines.push(
        `  ${labels[i].padEnd(labelWidth)} │${bar(value ?? 0, max, barWidth).padEnd(barWidth)}  ${
          texts[i].padStart(numberWidth)
        }`
      )
    })
  }
  return `${lines.join("\n")}\n`
}
