/**
 * Recognising a delivery sent again. Deliveries carry no id, so a delivery is known by its content:
 * the record it is about (`event_type` and `<data type>/<id>`, see `WebhookEvent.recordOf`) and a
 * SHA-256 digest of its body in canonical form (keys sorted) without `token`. For each record, the
 * digest of the latest delivery handed over is remembered, the least recently seen records
 * forgotten beyond `capacity`.
 *
 * A delivery is a duplicate when its record's latest handed-over delivery had the same digest. So
 * a change that comes back (tags A, then B, then A again) is handed over each time, never taken for
 * a duplicate; a copy of A arriving after B is handed over again (deliveries are not ordered, a
 * consumer must cope with an older state arriving late anyway); and a copy of a delivery whose
 * record was forgotten (more than `capacity` other records since) is handed over again. Both are
 * what "at least once" means: handlers must be idempotent (the mirror's upserts are).
 */
export class Recent {
  private readonly latest = new Map<string, string>()

  constructor(readonly capacity: number) {}

  /** Whether `digest` is the latest delivery handed over for `record` (and marks `record` as recently seen). */
  seen(record: string, digest: string): boolean {
    const known = this.latest.get(record)
    if (known === undefined) return false
    this.latest.delete(record)
    this.latest.set(record, known)
    return known === digest
  }

  /** Remembers `digest` as the latest delivery handed over for `record`, forgetting the least recent beyond capacity. */
  remember(record: string, digest: string): void {
    this.latest.delete(record)
    this.latest.set(record, digest)
    while (this.latest.size > this.capacity) this.latest.delete(this.latest.keys().next().value as string)
  }

  get size(): number {
    return this.latest.size
  }
}
