/**
 * The memory bench's reading of V8's `--trace-gc-verbose` (`bench/gcTrace.ts`): the limits V8 set
 * after full collections, from lines as Node 20 prints them, between the other trace lines and the
 * child's result (found by `bench/measure.ts`'s `resultLine`).
 */
import { describe, expect, it } from "@effect/vitest"
import { growths, summarize } from "../bench/gcTrace.js"
import { resultLine } from "../bench/measure.js"

const trace = [
  "[8617:0x320692c0]     1569 ms: [HeapController] factor 4.0 based on mu=0.970, speed_ratio=0 (gc=0, mutator=8065)",
  "[8617:0x320692c0]     1569 ms: [HeapController] Limit: old size: 15260 KB, new limit: 69096 KB (4.0)",
  "[8617:0x320692c0]     1569 ms: [GlobalMemoryController] Limit: old size: 15260 KB, new limit: 69096 KB (4.0)",
  "[8617:0x320692c0]     6600 ms: Memory allocator,       used:  66948 KB, available: 4127356 KB",
  "[8617:0x320692c0]     6676 ms: [HeapController] factor 1.2 based on mu=0.970, speed_ratio=175 (gc=821838, mutator=4695)",
  "[8617:0x320692c0]     6676 ms: [HeapController] Limit: old size: 18500 KB, new limit: 42799 KB (1.2)",
  "{\"chats\":1000000,\"seconds\":116.1,\"peakRssMiB\":171}",
  "[8617:0x320692c0]    19360 ms: [HeapController] factor 3.5 based on mu=0.970, speed_ratio=45 (gc=260573, mutator=5752)",
  "[8617:0x320692c0]    19360 ms: [HeapController] Limit: old size: 19070 KB, new limit: 82714 KB (3.5)",
  "[8617:0x320692c0]    19400 ms: Scavenge 31.7 (66.4) -> 18.3 (66.4) MB, 1.53 / 0.71 ms  task; "
].join("\n")

describe("the memory bench's GC trace", () => {
  it("reads each limit V8 set with the factor and the speeds it came from", () => {
    expect(growths(trace)).toEqual([
      { factor: 4, markingKBPerMs: 0, oldAllocationKBPerMs: 8.1, limitMiB: 67 },
      { factor: 1.2, markingKBPerMs: 822, oldAllocationKBPerMs: 4.7, limitMiB: 42 },
      { factor: 3.5, markingKBPerMs: 261, oldAllocationKBPerMs: 5.8, limitMiB: 81 }
    ])
  })

  it("summarizes a run without the first collection, which has no marking speed to go by", () => {
    expect(summarize(trace)).toEqual({
      majorGCs: 3,
      largestLimitMiB: 81,
      largeFactors: 1,
      slowestMarkingKBPerMs: 261,
      markingKBPerMs: 541.5,
      oldAllocationKBPerMs: 5.3
    })
  })

  it("finds the child's result among the trace lines, and says when there is none", () => {
    expect(JSON.parse(resultLine(trace)).peakRssMiB).toBe(171)
    expect(() => resultLine("[1:0x1] 5 ms: Scavenge\n")).toThrow(/no result line/)
  })
})
