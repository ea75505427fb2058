/**
 * A time-ordered archive of records (chats, tickets) of any size: seeded records are made from
 * their index on demand, so a million-record archive costs no memory; records that were changed
 * or added are kept. Timestamps never decrease with the index, so a date range is found by binary
 * search; other filters scan, and their matches are cached per query until the archive changes.
 */

/** What filters look at, cheap to compute for a seeded record. */
export interface View {
  readonly timestamp: number
}

export interface ArchiveOptions<T, V extends View> {
  readonly seeded: number
  readonly make: (index: number) => T
  readonly view: (index: number) => V
  readonly viewOf: (record: T, index: number) => V
  readonly idOf: (index: number) => string
  readonly indexOf: (id: string) => number | undefined
}

/** The matches of a query, newest first: `total` of them, the k-th at `at(k)`. */
export interface Selection {
  readonly total: number
  readonly at: (k: number) => number
}

const cacheSize = 8

export class Archive<T, V extends View> {
  private readonly overrides = new Map<number, T>()
  private readonly appended: Array<T> = []
  private readonly cache = new Map<string, Int32Array>()
  private version = 0

  constructor(private readonly options: ArchiveOptions<T, V>) {}

  get count(): number {
    return this.options.seeded + this.appended.length
  }

  get(index: number): T {
    const changed = this.overrides.get(index)
    if (changed !== undefined) return changed
    return index < this.options.seeded ? this.options.make(index) : this.appended[index - this.options.seeded]
  }

  view(index: number): V {
    const changed = this.overrides.get(index)
    if (changed !== undefined) return this.options.viewOf(changed, index)
    return index < this.options.seeded
      ? this.options.view(index)
      : this.options.viewOf(this.appended[index - this.options.seeded], index)
  }

  idOf(index: number): string {
    return this.options.idOf(index)
  }

  /** The index of a record by id, if it exists. */
  find(id: string): number | undefined {
    const index = this.options.indexOf(id)
    return index !== undefined && index >= 0 && index < this.count ? index : undefined
  }

  /** Replaces a record (same index, same timestamp). */
  set(index: number, record: T): void {
    if (index >= this.options.seeded) this.appended[index - this.options.seeded] = record
    else this.overrides.set(index, record)
    this.changed()
  }

  /** Adds a record at the newest end; its timestamp must not be older than the newest one. */
  append(make: (index: number) => T): T {
    const record = make(this.count)
    this.appended.push(record)
    this.changed()
    return record
  }

  /** The newest timestamp, or `undefined` for an empty archive. */
  get newest(): number | undefined {
    return this.count === 0 ? undefined : this.view(this.count - 1).timestamp
  }

  private changed(): void {
    this.version++
    this.cache.clear()
  }

  /** The first index whose timestamp is at least `t`. */
  private lowerBound(t: number): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.view(mid).timestamp < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * The records with `from <= timestamp <= to` that pass `predicate`, newest first (or oldest
   * first with `ascending`). `key` names the predicate for the cache.
   */
  select(
    from: number,
    to: number,
    predicate?: { readonly key: string; readonly test: (view: V, index: number) => boolean },
    ascending = false
  ): Selection {
    const lo = this.lowerBound(from)
    const hi = this.lowerBound(to + 1) // exclusive
    const range = Math.max(0, hi - lo)
    if (predicate === undefined) {
      return { total: range, at: (k) => (ascending ? lo + k : hi - 1 - k) }
    }
    const key = `${lo}:${hi}:${predicate.key}`
    let matches = this.cache.get(key)
    if (matches === undefined) {
      const found: Array<number> = []
      for (let i = lo; i < hi; i++) if (predicate.test(this.view(i), i)) found.push(i)
      matches = Int32Array.from(found)
      if (this.cache.size >= cacheSize) this.cache.delete(this.cache.keys().next().value as string)
      this.cache.set(key, matches)
    }
    const list = matches
    return { total: list.length, at: (k) => (ascending ? list[k] : list[list.length - 1 - k]) }
  }
}
