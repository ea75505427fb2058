/**
 * A time-ordered archive of records (chats, tickets) of any size: seeded records are made from
 * their index on demand, so a million-record archive costs no memory; records that were changed,
 * added or removed are kept. While records only arrive at the newest end and none was removed,
 * timestamps never decrease with the index, so a date range is found by binary search; once a
 * record arrived with a time in the past or one was removed, a query merges the seeded range with
 * the changes. Other filters scan, and their matches are cached per query until the archive changes.
 *
 * Each record's JSON (the record encoded with its Schema, as UTF-8 bytes) is kept too, within a
 * budget, so that a page read again is spliced from bytes instead of being made and encoded
 * again: making a seeded chat, encoding it and writing its JSON cost ~60 µs a record, 1.5 ms a
 * page. A record's JSON changes only when the record is replaced (`set`); arrivals and removals
 * change which records a query finds, not their JSON.
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
  /** The timestamp of a seeded record (what `view(index).timestamp` is, without the rest of the view). */
  readonly timestamp: (index: number) => number
  /** A record's JSON text, encoded with the Schema its answers use. */
  readonly encode: (record: T) => string
}

/** The matches of a query, newest first: `total` of them, the k-th at `at(k)`. */
export interface Selection {
  readonly total: number
  readonly at: (k: number) => number
}

const cacheSize = 8

/**
 * The bytes of records' JSON kept (~27,000 chats of ~2.3 kB); beyond it the oldest are dropped,
 * so that an archive of any size still costs bounded memory.
 */
const jsonBudget = 64 * 1024 * 1024

const utf8 = new TextEncoder()

/** Keeps `value` under `key` in a cache of at most `cacheSize` entries, dropping the oldest. */
const remember = <A>(cache: Map<string, A>, key: string, value: A): void => {
  if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string)
  cache.set(key, value)
}

/** The first position in an ascending list whose value is at least `value`. */
const firstAtLeast = (list: Int32Array, value: number): number => {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class Archive<T, V extends View> {
  private readonly overrides = new Map<number, T>()
  private readonly appended: Array<T> = []
  private readonly cache = new Map<string, Int32Array>()
  /** Per predicate: its matches among the indexes `[lo, hi)` (while the archive is in time order). */
  private readonly scans = new Map<string, { readonly lo: number; readonly hi: number; readonly matches: Int32Array }>()
  private readonly removed = new Set<number>()
  /** Records' JSON by index, oldest first, `jsonSize` bytes in all. */
  private readonly jsons = new Map<number, Uint8Array>()
  private jsonSize = 0
  /** Whether timestamps still never decrease with the index (every arrival was the newest). */
  private ordered = true
  private newestTimestamp: number | undefined
  private version = 0

  constructor(private readonly options: ArchiveOptions<T, V>) {}

  /** The records ever held (removed ones included): the next record's index. */
  get count(): number {
    return this.options.seeded + this.appended.length
  }

  /** Whether the record at `index` exists (was made and not removed). */
  has(index: number): boolean {
    return index >= 0 && index < this.count && !this.removed.has(index)
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

  /** The record's JSON as UTF-8 (see `ArchiveOptions.encode`), kept for the next read. */
  json(index: number): Uint8Array {
    const kept = this.jsons.get(index)
    if (kept !== undefined) return kept
    const json = utf8.encode(this.options.encode(this.get(index)))
    while (this.jsonSize + json.length > jsonBudget && this.jsons.size > 0) {
      this.forgetJson(this.jsons.keys().next().value!)
    }
    this.jsons.set(index, json)
    this.jsonSize += json.length
    return json
  }

  private forgetJson(index: number): void {
    const json = this.jsons.get(index)
    if (json === undefined) return
    this.jsons.delete(index)
    this.jsonSize -= json.length
  }

  /**
   * The record at `index` if it is not the seeded one (it was replaced or added), else
   * `undefined`: what a cache of facts about seeded records must not answer from.
   */
  changedRecord(index: number): T | undefined {
    const changed = this.overrides.get(index)
    if (changed !== undefined) return changed
    return index < this.options.seeded ? undefined : this.appended[index - this.options.seeded]
  }

  /** A number that changes whenever the archive does (a record replaced, added or removed). */
  get revision(): number {
    return this.version
  }

  /** A record's timestamp (a seeded one without making its view). */
  timestamp(index: number): number {
    return index < this.options.seeded && !this.overrides.has(index)
      ? this.options.timestamp(index)
      : this.view(index).timestamp
  }

  idOf(index: number): string {
    return this.options.idOf(index)
  }

  /** The index of a record by id, if it exists. */
  find(id: string): number | undefined {
    const index = this.options.indexOf(id)
    return index !== undefined && this.has(index) ? index : undefined
  }

  /** Removes a record: it leaves every query (deleted, or no longer matching). */
  remove(index: number): void {
    if (!this.has(index)) return
    this.removed.add(index)
    this.changed()
  }

  /** Replaces a record (same index, same timestamp). */
  set(index: number, record: T): void {
    if (index >= this.options.seeded) this.appended[index - this.options.seeded] = record
    else this.overrides.set(index, record)
    this.forgetJson(index)
    this.changed()
  }

  /** Adds a record, with any timestamp: the newest, or one in the past (a chat that started long ago and just ended). */
  append(make: (index: number) => T): T {
    const newest = this.newest
    const index = this.count
    const record = make(index)
    this.appended.push(record)
    const timestamp = this.options.viewOf(record, index).timestamp
    if (newest !== undefined && timestamp < newest) this.ordered = false
    this.newestTimestamp = Math.max(newest ?? timestamp, timestamp)
    this.changed()
    return record
  }

  /** The newest timestamp ever held, or `undefined` for an empty archive. */
  get newest(): number | undefined {
    if (this.newestTimestamp !== undefined) return this.newestTimestamp
    return this.options.seeded === 0 ? undefined : this.options.view(this.options.seeded - 1).timestamp
  }

  private changed(): void {
    this.version++
    this.cache.clear()
    this.scans.clear()
  }

  /** The first index below `end` whose timestamp is at least `t` (indexes below `end` in time order). */
  private lowerBound(t: number, end = this.count): number {
    let lo = 0
    let hi = end
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.timestamp(mid) < t) lo = mid + 1
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
    if (!this.ordered || this.removed.size > 0) return this.selectChanged(from, to, predicate, ascending)
    const lo = this.lowerBound(from)
    const hi = this.lowerBound(to + 1) // exclusive
    const range = Math.max(0, hi - lo)
    if (predicate === undefined) {
      return { total: range, at: (k) => (ascending ? lo + k : hi - 1 - k) }
    }
    // The matches of a predicate are kept for the index range scanned; a query within that range (a
    // window cut shorter, a later page) finds its part by binary search instead of scanning again.
    let scanned = this.scans.get(predicate.key)
    if (scanned === undefined || lo < scanned.lo || hi > scanned.hi) {
      const found: Array<number> = []
      for (let i = lo; i < hi; i++) if (predicate.test(this.view(i), i)) found.push(i)
      scanned = { lo, hi, matches: Int32Array.from(found) }
      remember(this.scans, predicate.key, scanned)
    }
    const list = scanned.matches
    const first = firstAtLeast(list, lo)
    const end = firstAtLeast(list, hi)
    return { total: end - first, at: (k) => (ascending ? list[first + k] : list[end - 1 - k]) }
  }

  /** `select` once records arrived in the past or were removed: the seeded range merged with the changes. */
  private selectChanged(
    from: number,
    to: number,
    predicate: { readonly key: string; readonly test: (view: V, index: number) => boolean } | undefined,
    ascending: boolean
  ): Selection {
    const key = `changed:${from}:${to}:${predicate?.key ?? ""}`
    let matches = this.cache.get(key)
    if (matches === undefined) {
      const seeded = this.options.seeded
      const found: Array<{ readonly index: number; readonly timestamp: number }> = []
      const keep = (index: number, view: V) => {
        if (!this.removed.has(index) && (predicate === undefined || predicate.test(view, index))) {
          found.push({ index, timestamp: view.timestamp })
        }
      }
      for (let i = this.lowerBound(from, seeded), end = this.lowerBound(to + 1, seeded); i < end; i++) {
        keep(i, this.view(i))
      }
      for (let i = seeded; i < this.count; i++) {
        const view = this.view(i)
        if (view.timestamp >= from && view.timestamp <= to) keep(i, view)
      }
      // Oldest first; records of the same second in the order they arrived.
      found.sort((a, b) => a.timestamp - b.timestamp || a.index - b.index)
      matches = Int32Array.from(found, (f) => f.index)
      remember(this.cache, key, matches)
    }
    const list = matches
    return { total: list.length, at: (k) => (ascending ? list[k] : list[list.length - 1 - k]) }
  }
}
