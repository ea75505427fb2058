/**
 * What a window's reads have shown, and the proof that they showed all of it.
 *
 * The reference says little that a proof could rest on: a query answers pages of 25 records
 * numbered from 1, with the `total` it matched. It states no order for chats, and nothing of the
 * order of records that share a second: a page read now and the next page read later may split
 * that second differently, and records entering, leaving or moving (a modified ticket) between two
 * reads shift every page below them. So a window is read in *rounds*, each reading pages 1 to
 * `pages` of the same query, grouped in *passes*: a pass goes on, round after round, until it is
 * *complete*, having seen at least as many distinct records as the largest `total` its answers
 * reported: a record that one round missed, because records of its second were split differently
 * by two reads or because records arrived or moved above it between two reads, is found by a
 * later one. A pass whose window shrank below that (records left before it saw them) can never be
 * complete, and gives way to a new one.
 *
 * A window is proven complete by a complete pass when:
 * - the pass was a single read (one answer is one snapshot: it returned every record of the
 *   window at that moment); or
 * - an earlier pass was complete too, and this pass saw everything that one saw.
 *
 * Why this is enough: let pass A be complete and miss a record `z` present throughout. At A's last
 * read the window held `z` and at most `total - 1` others, and A saw `total` records without `z`:
 * so A saw a record `w` that was gone by its last read (it left after a read returned it). A later
 * pass B, whose reads are all sent after A's last answer came in (the engine never reads a round
 * ahead into the one before), can see all that A saw only if `w` came back. So as long as a record that left does not
 * come back during the run, the proof holds whatever arrives, leaves, moves or reorders, and a
 * fooled pass only delays it; a record that leaves and comes back (a ticket reopened under a
 * status filter) could, with other changes in step, hide one. Under changes that never stop, the
 * rounds are bounded, and the window then fails with `ArchiveMismatch` (never silently). On a
 * still archive whose order is stable, two passes of one round each prove a window (one read when
 * it fits a page).
 *
 * Memory: the ids of one window (at most the record cap; their characters and 12 bytes each, outside
 * V8's heap), and a byte per record for each of the two latest passes.
 */

/** FNV-1a (32 bits), the ledger's hash of an id: its start, and one code unit taken in. */
const fnvOffset = 0x811c9dc5
const fnvStep = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193)

/**
 * The records of one window that the run has emitted, in the order it emitted them: their ids,
 * each with its ordinal (its place in that order).
 *
 * Kept in typed arrays, outside V8's heap: the ids' characters one after another, where each
 * ordinal's id starts, and an open-addressing table of ordinals by the ids' hash. A `Map` of
 * strings held ~60 bytes a record in the heap (the string, the entry), up to the record cap of
 * them (6 MB or more for a window of 100,000 records) for the whole of a window's reading: V8 lets
 * its old space grow to a multiple of what lives in it, so the peak RSS of a long stream rose by
 * several times that. Here a record costs its id's characters (2 bytes each) and 12 bytes.
 */
export class Ledger {
  /** The ids' UTF-16 code units, one id after another. */
  private chars = new Uint16Array(1024)
  /** `starts[o]`: where ordinal `o`'s id starts in {@link chars}; `starts[count]` is where the next will. */
  private starts = new Int32Array(256)
  private count = 0
  /** Open addressing (linear probing): a slot holds an ordinal + 1, or 0 when empty; at most half full. */
  private table = new Int32Array(512)

  /** `emitted`: the ids emitted before a resume, in order. */
  constructor(emitted: ReadonlyArray<string> = []) {
    for (const id of emitted) this.ordinal(id)
  }

  /** The records emitted from the window so far. */
  get size(): number {
    return this.count
  }

  /** The ordinal of `id`, or `undefined` if it has not been emitted. */
  known(id: string): number | undefined {
    const slot = this.slotOf(id)
    const held = this.table[slot]
    return held === 0 ? undefined : held - 1
  }

  /** The ordinal of `id`, adding it (as emitted now) when it is new: `isNew` says which. */
  ordinal(id: string): { readonly ordinal: number; readonly isNew: boolean } {
    const slot = this.slotOf(id)
    const held = this.table[slot]
    if (held !== 0) return { ordinal: held - 1, isNew: false }
    const ordinal = this.count
    this.append(id)
    this.table[slot] = ordinal + 1
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2)
    return { ordinal, isNew: true }
  }

  /** The first `count` ids emitted, in order. */
  ids(count: number): Array<string> {
    const out: Array<string> = []
    for (let ordinal = 0; ordinal < Math.min(count, this.count); ordinal++) out.push(this.idAt(ordinal))
    return out
  }

  private idAt(ordinal: number): string {
    let id = ""
    // In pieces: a long id's code units as one call's arguments would overflow the stack.
    for (let at = this.starts[ordinal], end = this.starts[ordinal + 1]; at < end; at += 4096) {
      id += String.fromCharCode(...this.chars.subarray(at, Math.min(at + 4096, end)))
    }
    return id
  }

  /** FNV-1a over the id's code units. */
  private static hash(id: string): number {
    let hash = fnvOffset
    for (let i = 0; i < id.length; i++) hash = fnvStep(hash, id.charCodeAt(i))
    return hash >>> 0
  }

  /** The slot holding `id`, or the empty slot where it belongs. */
  private slotOf(id: string): number {
    const mask = this.table.length - 1
    for (let slot = Ledger.hash(id) & mask;; slot = (slot + 1) & mask) {
      const held = this.table[slot]
      if (held === 0 || this.holds(held - 1, id)) return slot
    }
  }

  /** Whether ordinal `ordinal`'s id is `id`. */
  private holds(ordinal: number, id: string): boolean {
    const start = this.starts[ordinal]
    if (this.starts[ordinal + 1] - start !== id.length) return false
    const chars = this.chars
    for (let i = 0; i < id.length; i++) if (chars[start + i] !== id.charCodeAt(i)) return false
    return true
  }

  private append(id: string): void {
    const start = this.starts[this.count]
    if (start + id.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(start + id.length, this.chars.length * 2))
      grown.set(this.chars)
      this.chars = grown
    }
    for (let i = 0; i < id.length; i++) this.chars[start + i] = id.charCodeAt(i)
    if (this.count + 2 > this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2)
      grown.set(this.starts)
      this.starts = grown
    }
    this.count++
    this.starts[this.count] = start + id.length
  }

  private rehash(size: number): void {
    const table = new Int32Array(size)
    const mask = size - 1
    for (let ordinal = 0; ordinal < this.count; ordinal++) {
      const start = this.starts[ordinal]
      let hash = fnvOffset
      for (let i = start; i < this.starts[ordinal + 1]; i++) hash = fnvStep(hash, this.chars[i])
      let slot = (hash >>> 0) & mask
      while (table[slot] !== 0) slot = (slot + 1) & mask
      table[slot] = ordinal + 1
    }
    this.table = table
  }
}

/** One pass over a window's pages (one or more rounds): which records it saw, and whether its answers agreed. */
export class Pass {
  private seen = new Uint8Array(64)
  /** Distinct records seen. */
  count = 0
  /** The largest `total` the pass's answers reported. */
  total: number | undefined = undefined
  /** The `total` of its latest answer (in the order of its reads). */
  latest = 0
  /** Reads made. */
  reads = 0

  /** Takes one answer: its `total`, and the ordinals (in the window's ledger) of its records. */
  answer(total: number, ordinals: ReadonlyArray<number>): void {
    this.reads++
    this.total = Math.max(this.total ?? total, total)
    this.latest = total
    for (const ordinal of ordinals) {
      if (ordinal >= this.seen.length) {
        const grown = new Uint8Array(Math.max(ordinal + 1, this.seen.length * 2))
        grown.set(this.seen)
        this.seen = grown
      }
      if (this.seen[ordinal] === 0) {
        this.seen[ordinal] = 1
        this.count++
      }
    }
  }

  /** The pass has seen at least as many records as the window ever held while it read. */
  get complete(): boolean {
    return this.total !== undefined && this.count >= this.total
  }

  /**
   * The window holds fewer records than it did during the pass, and the pass has not seen that
   * many: records left before it saw them, and it can never be complete.
   */
  get stale(): boolean {
    return !this.complete && this.total !== undefined && this.latest < this.total
  }

  /** Whether this pass saw every record `other` saw. */
  covers(other: Pass): boolean {
    for (let i = 0; i < other.seen.length; i++) {
      if (other.seen[i] === 1 && (i >= this.seen.length || this.seen[i] === 0)) return false
    }
    return true
  }
}

/** Whether `pass`, with `previous` the last complete pass before it, proves its window complete. */
export const proves = (pass: Pass, previous: Pass | undefined): boolean =>
  pass.complete && (
    pass.reads === 1 ||
    (previous !== undefined && previous.complete && pass.covers(previous))
  )
