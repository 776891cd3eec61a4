import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fromFloat16, toFloat16 } from './float16.js';
import type { CachePrecision, Tensor } from './types.js';

/** The outputs the cache keeps apart: a request for logits never pays for reading attentions. */
export type OutputKind = 'logits' | 'hiddenStates' | 'attentions';

const MAGIC = 0x32534553; // "SES2": the record layout below (SES1 packs are ignored and then overwritten)
const HEADER_BYTES = 12; // magic, key length, payload length
const KEY_BYTES = 64; // sha256 hex of the text
const FLOAT32 = 0;
const FLOAT16 = 1;
const PACK_SUFFIX = '.pack';
const MODEL_DIR = /^[0-9a-f]{64}$/;

/** Default cap on the whole cache directory (all models): 1 GiB. */
export const DEFAULT_MAX_DISK_BYTES = 1024 ** 3;

export interface OutputCacheOptions {
  /** Cache root shared by every model; this model's packs live in `<root>/<modelKey>/`. null: memory only. */
  root: string | null;
  /** The model's content hash. */
  modelKey: string;
  /** Bytes of outputs kept in memory (least recently used dropped first). */
  maxMemoryBytes?: number;
  /** Bytes of pack files kept under `root`, all models together (least recently used packs deleted first). */
  maxDiskBytes?: number;
  /** How hidden states and attentions are stored on disk; logits are always float32. */
  precision?: CachePrecision;
}

interface PackEntry {
  offset: number;
  length: number;
}

/** A pack opened for reading: its index, how far it has been scanned, and whether a damaged record ends it. */
interface OpenPack {
  fd: number;
  index: Map<string, PackEntry>;
  /** Bytes of whole records from the start: where the next record begins. */
  scanned: number;
  /** File size at the last scan. */
  size: number;
  /** A record cut short (or foreign bytes) at `scanned`. */
  damaged: boolean;
}

/**
 * Computed outputs keyed by model content hash + text + output kind: an in-memory LRU bounded in bytes, backed by
 * append-only pack files on disk (`<root>/<contentHash>/<kind>.pack`).
 *
 * - Each flush appends whole records in one write; a record cut short by a crash is ignored on read (and cut off
 *   before the next append, so the records after it stay readable).
 * - Hidden states and attentions are stored as float16 by default (half the bytes). A fresh result is returned
 *   already rounded the way the disk keeps it, so an output never depends on whether it came from the cache; the
 *   rounding error is bounded by `float16ErrorBound` (relative 4.9e-4). Logits stay float32: predictions are exact.
 *   A tensor float16 cannot hold (|x| > 65504) is stored as float32.
 * - The directory is capped in bytes (all models together): after a write that takes it over the cap, whole packs
 *   (one model's one kind) are deleted, least recently used first (a pack's mtime: set on append and when opened
 *   for reading).
 */
export class OutputCache {
  private readonly memory = new Map<string, Tensor>();
  private memoryBytes = 0;
  private readonly open = new Map<OutputKind, OpenPack>();
  private readonly pending = new Map<OutputKind, Buffer[]>();
  private readonly dir: string | null;
  private readonly maxMemoryBytes: number;
  private readonly maxDiskBytes: number;
  private readonly precision: CachePrecision;
  /** Size of the whole cache root as last listed plus what this instance appended since; undefined = not listed yet. */
  private diskBytes?: number;

  constructor(private readonly options: OutputCacheOptions) {
    this.maxMemoryBytes = options.maxMemoryBytes ?? 256 * 1024 * 1024;
    this.maxDiskBytes = options.maxDiskBytes ?? DEFAULT_MAX_DISK_BYTES;
    this.precision = options.precision ?? 'fp16';
    this.dir = options.root !== null && this.maxDiskBytes > 0 ? path.join(options.root, options.modelKey) : null;
  }

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
    const pack = this.pack(kind);
    if (!pack) return undefined;
    const key = textKey(text);
    let entry = pack.index.get(key);
    if (!entry && fs.fstatSync(pack.fd).size !== pack.size) {
      // appended since the last scan (by this process or another one)
      scan(pack);
      entry = pack.index.get(key);
    }
    if (!entry) return undefined;
    const tensor = readRecord(pack.fd, entry);
    if (tensor) this.remember(memoryKey, tensor);
    return tensor;
  }

  /**
   * Keeps a freshly computed tensor and returns it as the cache will serve it from now on (rounded to float16 when
   * the disk stores this kind that way): callers use the returned tensor, so fresh and cached results are identical.
   */
  set(kind: OutputKind, text: string, tensor: Tensor): Tensor {
    let served = tensor;
    if (this.dir) {
      const half = kind !== 'logits' && this.precision === 'fp16' ? toFloat16(tensor.data) : null;
      if (half) served = { data: fromFloat16(half), shape: tensor.shape };
      const list = this.pending.get(kind) ?? [];
      list.push(encodeRecord(textKey(text), tensor.shape, half ?? tensor.data));
      this.pending.set(kind, list);
    }
    this.remember(`${kind}\0${text}`, served);
    return served;
  }

  /** Appends the records computed since the last flush, one write per pack, then holds the directory to its cap. */
  flush(): void {
    if (!this.dir) return;
    let written = 0;
    for (const [kind, records] of this.pending) {
      if (records.length === 0) continue;
      fs.mkdirSync(this.dir, { recursive: true });
      const file = this.packFile(kind);
      const pack = this.pack(kind);
      // a damaged tail would hide every record appended after it: cut it off first
      if (pack?.damaged && sameFile(file, pack)) {
        fs.truncateSync(file, pack.scanned);
        pack.size = pack.scanned;
        pack.damaged = false;
      }
      const bytes = Buffer.concat(records);
      fs.appendFileSync(file, bytes);
      written += bytes.length;
    }
    this.pending.clear();
    if (written > 0) this.holdToCap(written);
  }

  close(): void {
    this.flush();
    for (const pack of this.open.values()) fs.closeSync(pack.fd);
    this.open.clear();
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
    return path.join(this.dir!, `${kind}${PACK_SUFFIX}`);
  }

  /** The pack of this kind opened and scanned once (undefined while it does not exist); opening marks it used. */
  private pack(kind: OutputKind): OpenPack | undefined {
    const known = this.open.get(kind);
    if (known) return known;
    const file = this.packFile(kind);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return undefined;
    }
    const pack: OpenPack = { fd, index: new Map(), scanned: 0, size: 0, damaged: false };
    scan(pack);
    this.open.set(kind, pack);
    const now = new Date();
    try {
      fs.utimesSync(file, now, now);
    } catch {
      // evicted by another process meanwhile: the open descriptor still reads it
    }
    return pack;
  }

  /** Deletes least recently used packs (any model) until the cache root is within its cap. */
  private holdToCap(written: number): void {
    if (this.diskBytes !== undefined) {
      this.diskBytes += written;
      if (this.diskBytes <= this.maxDiskBytes) return;
    }
    // list the directory again: other processes may have written or evicted meanwhile
    const packs = listPacks(this.options.root!);
    let total = packs.reduce((sum, p) => sum + p.size, 0);
    packs.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const pack of packs) {
      if (total <= this.maxDiskBytes) break;
      try {
        fs.unlinkSync(pack.file);
      } catch {
        continue; // already gone
      }
      total -= pack.size;
      const dir = path.dirname(pack.file);
      if (dir === this.dir) this.forget(path.basename(pack.file, PACK_SUFFIX) as OutputKind);
      try {
        fs.rmdirSync(dir); // only succeeds once the model has no pack left
      } catch {
        // still holds other packs
      }
    }
    this.diskBytes = total;
  }

  /** Drops the open pack of a kind whose file was deleted (records already in memory stay there). */
  private forget(kind: OutputKind): void {
    const pack = this.open.get(kind);
    if (!pack) return;
    fs.closeSync(pack.fd);
    this.open.delete(kind);
  }
}

/** Whether the file at `file` is still the one `pack` scanned, unchanged since (not replaced, not appended to). */
function sameFile(file: string, pack: OpenPack): boolean {
  try {
    const [onDisk, opened] = [fs.statSync(file), fs.fstatSync(pack.fd)];
    return onDisk.ino === opened.ino && onDisk.dev === opened.dev && onDisk.size === pack.size;
  } catch {
    return false;
  }
}

/** Every pack under a cache root: `<root>/<content hash>/<kind>.pack`. Nothing else in the root is touched. */
function listPacks(root: string): Array<{ file: string; size: number; mtimeMs: number }> {
  const packs: Array<{ file: string; size: number; mtimeMs: number }> = [];
  let models: string[];
  try {
    models = fs.readdirSync(root);
  } catch {
    return packs;
  }
  for (const model of models) {
    if (!MODEL_DIR.test(model)) continue;
    let names: string[];
    try {
      names = fs.readdirSync(path.join(root, model));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith(PACK_SUFFIX)) continue;
      const file = path.join(root, model, name);
      try {
        const stat = fs.statSync(file);
        packs.push({ file, size: stat.size, mtimeMs: stat.mtimeMs });
      } catch {
        // evicted by another process meanwhile
      }
    }
  }
  return packs;
}

/** Indexes the whole records from `pack.scanned` to the end of the file; stops at the first damaged one. */
function scan(pack: OpenPack): void {
  const size = fs.fstatSync(pack.fd).size;
  const header = Buffer.alloc(HEADER_BYTES + KEY_BYTES);
  let offset = pack.scanned;
  let damaged = false;
  while (offset < size) {
    const got = fs.readSync(pack.fd, header, 0, header.length, offset);
    if (got < HEADER_BYTES || header.readUInt32LE(0) !== MAGIC || header.readUInt32LE(4) !== KEY_BYTES) {
      damaged = true;
      break;
    }
    const payloadLength = header.readUInt32LE(8);
    const end = offset + HEADER_BYTES + KEY_BYTES + payloadLength;
    if (got < header.length || end > size) {
      damaged = true; // a record cut short: ignore it and what follows
      break;
    }
    pack.index.set(header.toString('latin1', HEADER_BYTES), { offset: offset + HEADER_BYTES + KEY_BYTES, length: payloadLength });
    offset = end;
  }
  pack.scanned = offset;
  pack.size = size;
  pack.damaged = damaged;
}

/** Payload: dtype, ndim, shape, then the values (float32 or float16 bits, little-endian). */
function readRecord(fd: number, entry: PackEntry): Tensor | undefined {
  const payload = Buffer.alloc(entry.length);
  if (fs.readSync(fd, payload, 0, entry.length, entry.offset) !== entry.length) return undefined;
  const dtype = payload.readUInt32LE(0);
  const ndim = payload.readUInt32LE(4);
  const start = 8 + 4 * ndim;
  if (start > entry.length) return undefined;
  const shape = Array.from({ length: ndim }, (_, i) => payload.readUInt32LE(8 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const width = dtype === FLOAT16 ? 2 : dtype === FLOAT32 ? 4 : 0;
  if (width === 0 || start + count * width !== entry.length) return undefined;
  // Buffer.alloc'd payloads start 8-byte aligned, and start is a multiple of 4
  const at = payload.byteOffset + start;
  if (dtype === FLOAT16) {
    const bits = at % 2 === 0 ? new Uint16Array(payload.buffer, at, count) : new Uint16Array(payload.buffer.slice(at, at + 2 * count));
    return { data: fromFloat16(bits), shape };
  }
  const data = at % 4 === 0 ? new Float32Array(payload.buffer, at, count) : new Float32Array(payload.buffer.slice(at, at + 4 * count));
  return { data, shape };
}

function textKey(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function encodeRecord(key: string, shape: number[], values: Float32Array | Uint16Array): Buffer {
  const payloadLength = 8 + 4 * shape.length + values.byteLength;
  const record = Buffer.alloc(HEADER_BYTES + KEY_BYTES + payloadLength);
  record.writeUInt32LE(MAGIC, 0);
  record.writeUInt32LE(KEY_BYTES, 4);
  record.writeUInt32LE(payloadLength, 8);
  record.write(key, HEADER_BYTES, 'latin1');
  let at = HEADER_BYTES + KEY_BYTES;
  record.writeUInt32LE(values instanceof Uint16Array ? FLOAT16 : FLOAT32, at);
  record.writeUInt32LE(shape.length, at + 4);
  at += 8;
  for (const d of shape) {
    record.writeUInt32LE(d, at);
    at += 4;
  }
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(record, at);
  return record;
}
