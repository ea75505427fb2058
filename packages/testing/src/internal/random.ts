/**
 * Deterministic randomness: every seeded record is derived from (seed, kind, index) alone, so a
 * record can be made again on demand and an archive of any size needs no memory.
 */

/** A 32-bit hash of a seed and numbers (murmur3's finaliser over a simple mix). */
export const hash = (...parts: ReadonlyArray<number>): number => {
  let h = 0x9e3779b9
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b)
    h = Math.imul(h ^ Math.floor(part / 4294967296), 0xc2b2ae35)
    h ^= h >>> 13
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A seed given as a number or a string, as a number. */
export const seedOf = (seed: number | string): number =>
  typeof seed === "number" ? seed : Array.from(seed).reduce((h, c) => hash(h, c.charCodeAt(0)), 7)

/** A small pseudo-random generator (mulberry32), for the fault knobs. */
export const generator = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Picks from a list by a hash. */
export const pick = <A>(list: ReadonlyArray<A>, h: number): A => list[h % list.length]
