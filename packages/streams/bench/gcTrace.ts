/**
 * What V8's `--trace-gc-verbose` tells of a run's peak: after each full (mark-compact) collection,
 * V8 sets the old generation's next limit at a factor of what lives in it (at least 8 MB more, plus
 * the young generation's capacity), and picks the factor from the ratio of two speeds it measured:
 * marking (`gc`, bytes/ms) over the old generation's allocation (`mutator`, bytes/ms). Traced on
 * this machine: a ratio of 120 or more gives 1.2 to 1.4, 75 gives 1.8, 45 gives 3.5 and 39 gives 4.
 * The first collection has no marking speed yet and always gets V8's largest factor. So one run's
 * peak follows the slowest marking V8 measured during it, which on a busy machine varies from run
 * to run; `pnpm bench --gc-trace` adds these figures to each memory run, to show which runs met a
 * slow marking and what the program's allocation left V8 to work with.
 */

/** One limit V8 set after a full collection. */
export interface Growth {
  readonly factor: number
  /** Marking speed V8 measured, KB/ms (0: none yet). */
  readonly markingKBPerMs: number
  /** The old generation's allocation speed V8 measured, KB/ms. */
  readonly oldAllocationKBPerMs: number
  /** The limit it set, MiB. */
  readonly limitMiB: number
}

const factorLine = /\[HeapController\] factor ([\d.]+) based on .*\(gc=(\d+), mutator=(\d+)\)/
const limitLine = /\[HeapController\] Limit: old size: \d+ KB, new limit: (\d+) KB/

/** The limits V8 set, in order, read from the trace's `[HeapController]` lines. */
export const growths = (trace: string): Array<Growth> => {
  const out: Array<Growth> = []
  let pending: Omit<Growth, "limitMiB"> | undefined
  for (const line of trace.split("\n")) {
    const factor = factorLine.exec(line)
    if (factor !== null) {
      pending = {
        factor: Number(factor[1]),
        markingKBPerMs: Math.round(Number(factor[2]) / 1000),
        oldAllocationKBPerMs: Number((Number(factor[3]) / 1000).toFixed(1))
      }
      continue
    }
    const limit = limitLine.exec(line)
    if (limit !== null && pending !== undefined) {
      out.push({ ...pending, limitMiB: Math.round(Number(limit[1]) / 1024) })
      pending = undefined
    }
  }
  return out
}

const mean = (values: ReadonlyArray<number>): number =>
  values.length === 0 ? 0 : Number((values.reduce((a, b) => a + b, 0) / values.length).toFixed(1))

/**
 * A run's limits in a few figures: the full collections, the largest limit V8 set after the first
 * (which has no marking speed to go by), how many of those got a factor of 2.5 or more, the
 * slowest marking, and the means of both speeds.
 */
export const summarize = (trace: string) => {
  const all = growths(trace)
  const measured = all.filter((g) => g.markingKBPerMs > 0)
  return {
    majorGCs: all.length,
    largestLimitMiB: Math.max(0, ...measured.map((g) => g.limitMiB)),
    largeFactors: measured.filter((g) => g.factor >= 2.5).length,
    slowestMarkingKBPerMs: measured.length === 0 ? 0 : Math.min(...measured.map((g) => g.markingKBPerMs)),
    markingKBPerMs: mean(measured.map((g) => g.markingKBPerMs)),
    oldAllocationKBPerMs: mean(measured.map((g) => g.oldAllocationKBPerMs))
  }
}
