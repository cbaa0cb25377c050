/**
 * Change times as the contract wants them: UTC with three fraction digits, and every change of a record later
 * than its previous one (at least 1 ms), even when the clock has not moved or runs coarser than milliseconds.
 * Different records may share an instant; the change feed orders them by id.
 */
export interface RecordStamp {
  /** Epoch ms: the store's change time, used by its change filters. */
  ms: number;
  /** The same instant as the API writes it (`2025-03-01T09:30:00.125Z`). */
  iso: string;
}

export class RecordClock {
  constructor(
    private readonly now: () => number,
    /** `updatedAt` values are whole multiples of this (1 = milliseconds). */
    private readonly resolutionMs: number,
  ) {}

  /** The change time of a write, after `previous` (the record's `updatedAt` before it) when there was one. */
  stamp(previous?: string): RecordStamp {
    const tick = Math.floor(this.now() / this.resolutionMs) * this.resolutionMs;
    const ms = previous === undefined ? tick : Math.max(tick, Date.parse(previous) + 1);
    return { ms, iso: new Date(ms).toISOString() };
  }
}
