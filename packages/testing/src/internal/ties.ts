/**
 * Records of the same second in an unstated order: the `ties: "unstable"` option of the fake. The
 * reference does not say in which order records of one second come, so a client must not rely on
 * it; this shuffles them afresh on every request (from a generator seeded with the fake's seed, so
 * runs repeat).
 */
import type { Selection } from "./archive.js"
import { generator, hash } from "./random.js"

/**
 * `selection` (in time order, newest or oldest first) with each run of records of the same second
 * (by `timeOf`) in an order drawn from `seed`. Finding the run of a position costs O(log n) reads
 * of the selection; a run is shuffled once per selection (its length in time and memory).
 */
export const shuffleTies = (selection: Selection, timeOf: (index: number) => number, seed: number): Selection => {
  const runs = new Map<number, Int32Array>()
  const time = (k: number) => timeOf(selection.at(k))
  return {
    total: selection.total,
    at: (k) => {
      const t = time(k)
      // The run [first, end) of positions holding records of second `t` (times are monotone).
      let lo = 0
      let hi = k
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (time(mid) === t) hi = mid
        else lo = mid + 1
      }
      const first = lo
      lo = k + 1
      hi = selection.total
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (time(mid) === t) lo = mid + 1
        else hi = mid
      }
      const end = lo
      if (end - first === 1) return selection.at(k)
      let order = runs.get(first)
      if (order === undefined) {
        const random = generator(hash(seed, first))
        order = Int32Array.from({ length: end - first }, (_, i) => i)
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1))
          const swap = order[i]
          order[i] = order[j]
          order[j] = swap
        }
        runs.set(first, order)
      }
      return selection.at(first + order[k - first])
    }
  }
}
