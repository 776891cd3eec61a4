import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Tensor } from './types.js';

/** The outputs the cache keeps apart: a request for logits never pays for reading attentions. */
export type OutputKind = 'logits' | 'hiddenStates' | 'attentions';

const MAGIC = 0x5345534d; // "SESM"
const HEADER_BYTES = 12; // magic, key length, payload length

interface PackEntry {
  offset: number;
  length: number;
}

/** Packs up to this size are read whole and served as views (no copy); larger ones record by record. */
const WHOLE_PACK_BYTES = 256 * 1024 * 1024;

/** A pack file opened for reading: its whole bytes, or a descriptor to read records from. */
type OpenPack = { bytes: Buffer } | { fd: number };

/**
 * Computed outputs keyed by model content hash + text + output kind: an in-memory LRU bounded in bytes, backed by
 * append-only pack files on disk (`<cacheDir>/<contentHash>/<kind>.pack`). Each flush appends whole records in one
 * write; a record cut short by a crash is ignored on read, so a pack is never half-trusted.
 */
export class OutputCache {
  private readonly memory = new Map<string, Tensor>();
  private memoryBytes = 0;
  private readonly packs = new Map<OutputKind, Map<string, PackEntry>>();
  private readonly pending = new Map<OutputKind, Buffer[]>();
  private readonly opened = new Map<OutputKind, OpenPack>();

  constructor(
    private readonly dir: string | null,
    private readonly maxMemoryBytes = 256 * 1024 * 1024,
  ) {}

  get(kind: OutputKind, text: string): Tensor | undefined {
    const memoryKey = `${kind}\0${text}`;
    const hit = this.memory.get(memoryKey);
    if (hit) {
      // refresh its LRU position
      this.memory.delete(memoryKey);
      this.memory.set(memoryKey, hit);
      return hit;
    }
    if (!this.dir) return undefined;
    const entry = this.pack(kind).get(textKey(text));
    if (!entry) return undefined;
    const tensor = this.readRecord(kind, entry);
    if (tensor) this.remember(memoryKey, tensor);
    return tensor;
  }

  set(kind: OutputKind, text: string, tensor: Tensor): void {
    this.remember(`${kind}\0${text}`, tensor);
    if (!this.dir) return;
    const list = this.pending.get(kind) ?? [];
    list.push(encodeRecord(textKey(text), tensor));
    this.pending.set(kind, list);
  }

  /** Appends the records computed since the last flush, one write per pack. */
  flush(): void {
    if (!this.dir) return;
    for (const [kind, records] of this.pending) {
      if (records.length === 0) continue;
      fs.mkdirSync(this.dir, { recursive: true });
      fs.appendFileSync(this.packFile(kind), Buffer.concat(records));
    }
    this.pending.clear();
  }

  close(): void {
    this.flush();
    for (const pack of this.opened.values()) if ('fd' in pack) fs.closeSync(pack.fd);
    this.opened.clear();
  }

  private remember(key: string, tensor: Tensor): void {
    const bytes = tensor.data.byteLength;
    if (bytes > this.maxMemoryBytes) return;
    this.memory.set(key, tensor);
    this.memoryBytes += bytes;
    for (const [oldKey, old] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.memory.delete(oldKey);
      this.memoryBytes -= old.data.byteLength;
    }
  }

  private packFile(kind: OutputKind): string {
    return path.join(this.dir!, `${kind}.pack`);
  }

  /** The pack's index (text key → record position), read once from disk. */
  private pack(kind: OutputKind): Map<string, PackEntry> {
    let index = this.packs.get(kind);
    if (index) return index;
    index = new Map();
    this.packs.set(kind, index);
    const file = this.packFile(kind);
    if (!fs.existsSync(file)) return index;
    const size = fs.statSync(file).size;
    let read: (into: Buffer, length: number, position: number) => void;
    if (size <= WHOLE_PACK_BYTES) {
      const bytes = fs.readFileSync(file);
      this.opened.set(kind, { bytes });
      read = (into, length, position) => bytes.copy(into, 0, position, position + length);
    } else {
      const fd = fs.openSync(file, 'r');
      this.opened.set(kind, { fd });
      read = (into, length, position) => fs.readSync(fd, into, 0, length, position);
    }
    const header = Buffer.alloc(HEADER_BYTES + 64);
    let offset = 0;
    while (offset + HEADER_BYTES <= size) {
      read(header, HEADER_BYTES, offset);
      if (header.readUInt32LE(0) !== MAGIC) break;
      const keyLength = header.readUInt32LE(4);
      const payloadLength = header.readUInt32LE(8);
      const end = offset + HEADER_BYTES + keyLength + payloadLength;
      if (keyLength > 64 || end > size) break; // a record cut short: ignore it and what follows
      const key = Buffer.alloc(keyLength);
      read(key, keyLength, offset + HEADER_BYTES);
      index.set(key.toString('latin1'), { offset: offset + HEADER_BYTES + keyLength, length: payloadLength });
      offset = end;
    }
    return index;
  }

  private readRecord(kind: OutputKind, entry: PackEntry): Tensor | undefined {
    const pack = this.opened.get(kind);
    if (!pack) return undefined;
    let payload: Buffer;
    if ('bytes' in pack) {
      payload = pack.bytes.subarray(entry.offset, entry.offset + entry.length);
    } else {
      payload = Buffer.alloc(entry.length);
      fs.readSync(pack.fd, payload, 0, entry.length, entry.offset);
    }
    const ndim = payload.readUInt32LE(0);
    const shape = Array.from({ length: ndim }, (_, i) => payload.readUInt32LE(4 + 4 * i));
    const start = 4 + 4 * ndim;
    const count = shape.reduce((a, b) => a * b, 1);
    if (start + count * 4 !== entry.length) return undefined;
    const at = payload.byteOffset + start;
    // records keep 4-byte alignment, so a whole-read pack can be viewed without copying
    if (at % 4 === 0) return { data: new Float32Array(payload.buffer, at, count), shape };
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(payload.subarray(start, start + count * 4));
    return { data, shape };
  }
}

function textKey(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function encodeRecord(key: string, tensor: Tensor): Buffer {
  const keyBytes = Buffer.from(key, 'latin1');
  const payloadLength = 4 + 4 * tensor.shape.length + tensor.data.byteLength;
  const record = Buffer.alloc(HEADER_BYTES + keyBytes.length + payloadLength);
  record.writeUInt32LE(MAGIC, 0);
  record.writeUInt32LE(keyBytes.length, 4);
  record.writeUInt32LE(payloadLength, 8);
  keyBytes.copy(record, HEADER_BYTES);
  let at = HEADER_BYTES + keyBytes.length;
  record.writeUInt32LE(tensor.shape.length, at);
  at += 4;
  for (const d of tensor.shape) {
    record.writeUInt32LE(d, at);
    at += 4;
  }
  Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength).copy(record, at);
  return record;
}
