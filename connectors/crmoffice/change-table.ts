/**
 * Change detection for an API without a change filter or change timestamp (CRMOffice shows neither): the
 * connector reads the whole list, a page at a time, and compares a short hash of each record's content with
 * the hash it saw last time. The table of hashes travels in the change cursor's `opaque` string, which lives
 * in the poller's workflow state (and in every poll activity's input and result), so it is packed tightly.
 *
 * Binary layout (then base64):
 *   u8 format (1) · u8 resource tag · varint passOffset · varint lastObservedAt (epoch ms)
 *   varint n · n × (varint id delta, u32 hash)         ids that are canonical decimal integers, ascending
 *   varint n · n × (16 bytes uuid, u32 hash)           ids that are lower-case canonical UUIDs
 *   varint n · n × (varint length, utf-8 bytes, u32)   any other id
 *   bitmap of "seen in this pass", one bit per entry in the order above (only while a pass is under way)
 *
 * Per record: about 6 bytes for integer ids, 20 for UUIDs; base64 adds a third. Within `OPAQUE_CURSOR_MAX_CHARS`
 * (1,000,000 characters, under half of Temporal's 2 MB payload limit, leaving room for the rest of the
 * poller's state) that is about 37,000 records with UUID ids and 122,000 with integer ids. Beyond
 * the limit `encode` refuses with an UnsupportedError naming the count, instead of letting Temporal fail.
 *
 * The hash is the first 32 bits of SHA-256 over the record's canonical JSON (keys sorted). Two contents of one
 * record collide with probability 2^-32 per change: such an edit would go unseen until the record changes again.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/json-values';
import { ConnectorError, UnsupportedError } from '../errors';
import { CRMOFFICE_SYSTEM } from './errors';

export const OPAQUE_CURSOR_MAX_CHARS = 1_000_000;

const FORMAT = 1;
const INTEGER_ID = /^(0|[1-9]\d{0,15})$/;
const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Prefix of table keys that stand for records whose id could not be read (never reported deleted). */
export const UNREADABLE_KEY_PREFIX = '\u0000';

export type Observation = 'new' | 'changed' | 'same';

interface Entry {
  hash: number;
  seen: boolean;
}

export function contentHash(value: unknown): number {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest().readUInt32BE(0);
}

class Writer {
  private chunks: Buffer[] = [];
  private current = Buffer.alloc(4096);
  private used = 0;
  length = 0;

  private room(bytes: number): void {
    if (this.used + bytes <= this.current.length) return;
    this.chunks.push(this.current.subarray(0, this.used));
    this.current = Buffer.alloc(Math.max(4096, bytes));
    this.used = 0;
  }
  byte(value: number): void {
    this.room(1);
    this.current[this.used++] = value;
    this.length += 1;
  }
  /** Unsigned LEB128 for integers up to 2^53. */
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }
  u32(value: number): void {
    this.room(4);
    this.current.writeUInt32BE(value >>> 0, this.used);
    this.used += 4;
    this.length += 4;
  }
  bytes(value: Buffer): void {
    this.room(value.length);
    value.copy(this.current, this.used);
    this.used += value.length;
    this.length += value.length;
  }
  finish(): Buffer {
    return Buffer.concat([...this.chunks, this.current.subarray(0, this.used)]);
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  private need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw new Error('truncated');
  }
  byte(): number {
    this.need(1);
    return this.buffer[this.offset++] ?? 0;
  }
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const next = this.byte();
      value += (next & 0x7f) * scale;
      if (next < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new Error('varint too long');
    }
  }
  u32(): number {
    this.need(4);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  bytes(length: number): Buffer {
    this.need(length);
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}

const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The hash table of one resource, with the state of the pass under way. */
export class ChangeTable {
  private readonly entries = new Map<string, Entry>();
  /** Where the pass under way goes on (records read so far); 0 when no pass is under way. */
  passOffset = 0;
  /** The newest observation time handed out, so that versions only grow. */
  lastObservedAt = 0;

  constructor(
    readonly resourceTag: number,
    private readonly resourceName: string,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** A time for records observed now, later than every one handed out before (clocks can step back). */
  observationTime(now = Date.now()): number {
    this.lastObservedAt = Math.max(now, this.lastObservedAt + 1);
    return this.lastObservedAt;
  }

  /** Forgets which records the last pass saw: a new pass begins. */
  startPass(): void {
    this.passOffset = 0;
    for (const entry of this.entries.values()) entry.seen = false;
  }

  /** Records a record's current hash, marks it seen in this pass, and says how it compares. */
  observe(id: string, hash: number): Observation {
    const entry = this.entries.get(id);
    if (!entry) {
      this.entries.set(id, { hash, seen: true });
      return 'new';
    }
    entry.seen = true;
    if (entry.hash === hash) return 'same';
    entry.hash = hash;
    return 'changed';
  }

  /** Keeps a record present without reading its content (it exists, but the pass did not list it). */
  markSeen(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.seen = true;
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  /** Records the pass under way has not seen (so far). */
  unseen(): string[] {
    return [...this.entries].filter(([, entry]) => !entry.seen).map(([id]) => id);
  }

  encode(): string {
    const integers: Array<[number, Entry]> = [];
    const uuids: Array<[string, Entry]> = [];
    const others: Array<[string, Entry]> = [];
    for (const [id, entry] of this.entries) {
      if (INTEGER_ID.test(id) && Number.isSafeInteger(Number(id))) integers.push([Number(id), entry]);
      else if (UUID_ID.test(id)) uuids.push([id, entry]);
      else others.push([id, entry]);
    }
    integers.sort(([a], [b]) => a - b);
    uuids.sort(([a], [b]) => (a < b ? -1 : 1));
    others.sort(([a], [b]) => (a < b ? -1 : 1));

    const writer = new Writer();
    writer.byte(FORMAT);
    writer.byte(this.resourceTag);
    writer.varint(this.passOffset);
    writer.varint(this.lastObservedAt);
    writer.varint(integers.length);
    let previous = 0;
    for (const [id, entry] of integers) {
      writer.varint(id - previous);
      writer.u32(entry.hash);
      previous = id;
    }
    writer.varint(uuids.length);
    for (const [id, entry] of uuids) {
      writer.bytes(uuidBytes(id));
      writer.u32(entry.hash);
    }
    writer.varint(others.length);
    for (const [id, entry] of others) {
      const bytes = Buffer.from(id, 'utf8');
      writer.varint(bytes.length);
      writer.bytes(bytes);
      writer.u32(entry.hash);
    }
    if (this.passOffset > 0) {
      const ordered = [...integers, ...uuids, ...others];
      const bitmap = Buffer.alloc(Math.ceil(ordered.length / 8));
      ordered.forEach(([, entry], index) => {
        if (entry.seen) bitmap[index >> 3] = (bitmap[index >> 3] ?? 0) | (1 << (index & 7));
      });
      writer.bytes(bitmap);
    }
    const characters = Math.ceil(writer.length / 3) * 4;
    if (characters > OPAQUE_CURSOR_MAX_CHARS) {
      throw new UnsupportedError(
        `CRMOffice ${this.resourceName}: ${this.entries.size} records need a change cursor of ${characters} characters, ` +
          `more than the ${OPAQUE_CURSOR_MAX_CHARS} that fit well within Temporal's 2 MB payload limit. Without a change ` +
          `filter in the API, linkflow follows about ${capacityNote()} of one resource.`,
        { system: CRMOFFICE_SYSTEM, record: this.resourceName, code: 'cursor_too_large' },
      );
    }
    return writer.finish().toString('base64');
  }

  static decode(opaque: string, resourceTag: number, resourceName: string): ChangeTable {
    const table = new ChangeTable(resourceTag, resourceName);
    try {
      const reader = new Reader(Buffer.from(opaque, 'base64'));
      if (reader.byte() !== FORMAT) throw new Error('unknown format');
      const tag = reader.byte();
      if (tag !== resourceTag) {
        throw new ConnectorError(`CRMOffice ${resourceName}: the change cursor belongs to another resource`, {
          system: CRMOFFICE_SYSTEM,
          record: resourceName,
          code: 'cursor_mismatch',
        });
      }
      table.passOffset = reader.varint();
      table.lastObservedAt = reader.varint();
      const ordered: string[] = [];
      let id = 0;
      for (let count = reader.varint(); count > 0; count -= 1) {
        id += reader.varint();
        table.entries.set(String(id), { hash: reader.u32(), seen: false });
        ordered.push(String(id));
      }
      for (let count = reader.varint(); count > 0; count -= 1) {
        const uuid = uuidText(reader.bytes(16));
        table.entries.set(uuid, { hash: reader.u32(), seen: false });
        ordered.push(uuid);
      }
      for (let count = reader.varint(); count > 0; count -= 1) {
        const other = reader.bytes(reader.varint()).toString('utf8');
        table.entries.set(other, { hash: reader.u32(), seen: false });
        ordered.push(other);
      }
      if (table.passOffset > 0) {
        const bitmap = reader.bytes(Math.ceil(ordered.length / 8));
        ordered.forEach((key, index) => {
          const entry = table.entries.get(key);
          if (entry) entry.seen = ((bitmap[index >> 3] ?? 0) & (1 << (index & 7))) !== 0;
        });
      }
      if (!reader.done) throw new Error('trailing bytes');
    } catch (error: unknown) {
      if (error instanceof ConnectorError) throw error;
      throw new ConnectorError(
        `CRMOffice ${resourceName}: the change cursor cannot be read (${error instanceof Error ? error.message : String(error)}); start the poller from an empty cursor`,
        { system: CRMOFFICE_SYSTEM, record: resourceName, code: 'cursor_unreadable' },
      );
    }
    return table;
  }
}

/**
 * The record counts the limit allows, for messages and the README: a UUID entry takes 20 bytes and a bit, an
 * integer entry 6 bytes and a bit while ids lie less than 16,384 apart (5 while they are consecutive).
 */
export function capacityNote(): string {
  const bytes = (OPAQUE_CURSOR_MAX_CHARS * 3) / 4;
  const round = (records: number): string => (Math.floor(records / 1000) * 1000).toLocaleString('en');
  return `${round(bytes / 20.125)} records with UUID ids or ${round(bytes / 6.125)} with integer ids`;
}
