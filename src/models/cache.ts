import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fromFloat16, fromFloat16Into, toFloat16 } from './float16.js';
import type { CachePrecision, Tensor } from './types.js';

/** The kinds of output a model returns. */
export type OutputKind = 'logits' | 'hiddenStates' | 'attentions';

/**
 * What the cache keeps apart, each in its own pack: the logits, and one layer of one kind (`hiddenStates.4`,
 * `attentions.0`). A request for logits never pays for reading attentions, and a probe at layer 4 reads layer 4 only.
 */
export type OutputPart = 'logits' | `hiddenStates.${number}` | `attentions.${number}`;

export function outputPart(kind: OutputKind, layer?: number): OutputPart {
  if (kind === 'logits') return 'logits';
  return `${kind}.${layer!}`;
}

const MAGIC = 0x32534553; // "SES2": the record layout below (SES1 packs are ignored and then overwritten)
const HEADER_BYTES = 12; // magic, key length, payload length
const KEY_BYTES = 64; // sha256 hex of the text
const FLOAT32 = 0;
const FLOAT16 = 1;
const PACK_SUFFIX = '.pack';
const MODEL_DIR = /^[0-9a-f]{64}$/;

/**
 * Default cap on the whole cache directory (all models): 2 GiB. At bert-base size each model of a run of the bundled
 * sentiment + internals suites writes ~396 MiB (probe layers 3–6 of two tasks ~248 MiB, attention with CKA ~148 MiB,
 * logits < 1 MiB): one pair 793 MiB, and the internals suite's two fine-tunes against one base ~1.2 GB, which 1 GiB
 * cannot hold (a re-run then recomputes what was evicted). 2 GiB holds that, small beside a bert-base pair's ~840 MB
 * of weights; the fixture suites need about half a gigabyte.
 */
export const DEFAULT_MAX_DISK_BYTES = 2 * 1024 ** 3;

/** Time unused that weighs as much as the pack's own size: an hour. */
const EVICTION_HOUR_MS = 3600 * 1000;

/**
 * How much a pack should go first when the cache is over its cap: its bytes × (hours since last use + 1). Of two
 * packs used at about the same time the bigger goes first; of two the same size, the one unused longer. A logits
 * pack (a few bytes a sentence) outlives a hidden-state pack a thousand times its size unless unused for ~40 days.
 */
export function evictionWeight(bytes: number, lastUsedMs: number, nowMs: number): number {
  return bytes * (Math.max(0, nowMs - lastUsedMs) / EVICTION_HOUR_MS + 1);
}

/** Marks a pack as used (its mtime) at most this often: reads come in batches, the weight counts hours. */
const TOUCH_INTERVAL_MS = 1000;

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

/** A float16 record as read: its encoded bytes (a view of the read buffer), value count and shape. */
interface HalfRecord {
  bits: Buffer;
  count: number;
  shape: number[];
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
  /** When this process last set the pack's mtime. */
  touchedMs: number;
}

/**
 * Computed outputs keyed by model content hash + text + output part (logits, or one kind at one layer): an in-memory
 * LRU bounded in bytes, backed by append-only pack files on disk (`<root>/<contentHash>/<part>.pack`, e.g.
 * `hiddenStates.4.pack`).
 *
 * - Each flush appends whole records in one write; a record cut short by a crash is ignored on read (and cut off
 *   before the next append, so the records after it stay readable).
 * - Hidden states and attentions are stored exactly (float32) by default; with precision `fp16` they take half the
 *   bytes, and a fresh result is returned already rounded the way the disk keeps it, so an output never depends on whether it came from the cache; the
 *   rounding error is bounded by `float16ErrorBound` (relative 4.9e-4). Logits stay float32: predictions are exact.
 *   A tensor float16 cannot hold (|x| > 65504) is stored as float32.
 * - The directory is capped in bytes (all models together): after a write that takes it over the cap, whole packs
 *   (one model's one kind) are deleted, the highest `evictionWeight` (bytes × time unused) first. Recency alone
 *   would delete a run's small logits packs, read by every property test, for the big hidden-state and attention
 *   packs written after them, and a warm re-run would miss. A pack's last use is its mtime: set on append, when
 *   opened and when records are read from it.
 */
export class OutputCache {
  private readonly memory = new Map<string, Tensor>();
  private memoryBytes = 0;
  private readonly open = new Map<OutputPart, OpenPack>();
  private readonly pending = new Map<OutputPart, Buffer[]>();
  private readonly dir: string | null;
  private readonly maxMemoryBytes: number;
  private readonly maxDiskBytes: number;
  private readonly precision: CachePrecision;
  /** Lookups since construction (one text × one part) and how many found a record. */
  private lookups = 0;
  private hits = 0;

  constructor(private readonly options: OutputCacheOptions) {
    this.maxMemoryBytes = options.maxMemoryBytes ?? 256 * 1024 * 1024;
    this.maxDiskBytes = options.maxDiskBytes ?? DEFAULT_MAX_DISK_BYTES;
    this.precision = options.precision ?? 'fp32';
    this.dir = options.root !== null && this.maxDiskBytes > 0 ? path.join(options.root, options.modelKey) : null;
  }

  /**
   * The cached tensor of each text (undefined where there is none): from memory, else from this model's pack on
   * disk. The float16 records of one call are decoded into one array, straight from the read buffers.
   */
  async getMany(kind: OutputPart, texts: string[], keepInMemory = true): Promise<Array<Tensor | undefined>> {
    const found = await this.lookUp(kind, texts, keepInMemory);
    this.lookups += texts.length;
    for (const tensor of found) if (tensor) this.hits++;
    return found;
  }

  /** Whether `set` keeps a tensor at all: on disk, or in memory when asked to and there is memory for it. */
  keeps(keepInMemory: boolean): boolean {
    return this.dir !== null || (keepInMemory && this.maxMemoryBytes > 0);
  }

  /** Hit counts since construction, bytes held in memory now and bytes of this model's packs on disk now. */
  stats(): { lookups: number; hits: number; memoryBytes: number; diskBytes: number } {
    let diskBytes = 0;
    if (this.dir && fs.existsSync(this.dir)) {
      for (const name of fs.readdirSync(this.dir)) {
        if (!name.endsWith(PACK_SUFFIX)) continue;
        try {
          diskBytes += fs.statSync(path.join(this.dir, name)).size;
        } catch {
          // evicted meanwhile
        }
      }
    }
    return { lookups: this.lookups, hits: this.hits, memoryBytes: this.memoryBytes, diskBytes };
  }

  private async lookUp(kind: OutputPart, texts: string[], keepInMemory: boolean): Promise<Array<Tensor | undefined>> {
    const found: Array<Tensor | undefined> = new Array(texts.length);
    if (this.memory.size === 0 && !this.dir) return found;
    const onDisk: Array<{ at: number; entry: PackEntry }> = [];
    texts.forEach((text, at) => {
      const memoryKey = `${kind}\0${text}`;
      const hit = this.memory.get(memoryKey);
      if (hit) {
        // refresh its LRU position
        this.memory.delete(memoryKey);
        this.memory.set(memoryKey, hit);
        found[at] = hit;
        return;
      }
      const entry = this.entry(kind, text);
      if (entry) onDisk.push({ at, entry });
    });
    if (onDisk.length === 0) return found;

    const pack = this.open.get(kind)!;
    if (Date.now() - pack.touchedMs >= TOUCH_INTERVAL_MS) touch(this.packFile(kind), pack);
    const halves: Array<{ at: number; record: HalfRecord }> = [];
    for (const { at, record } of readRecords(pack.fd, onDisk)) {
      if ('bits' in record) {
        halves.push({ at, record });
        continue;
      }
      found[at] = record;
      if (keepInMemory) this.remember(`${kind}\0${texts[at]}`, record);
    }
    if (halves.length === 0) return found;
    const count = halves.reduce((sum, h) => sum + h.record.count, 0);
    const values = new Float32Array(count);
    let offset = 0;
    for (const { at, record } of halves) {
      const { bits } = record;
      const half = bits.byteOffset % 2 === 0 ? new Uint16Array(bits.buffer, bits.byteOffset, record.count) : new Uint16Array(Uint8Array.from(bits).buffer);
      fromFloat16Into(half, values, offset);
      // views into one decoded array: tensors are read-only, and the records of one call are used together
      const tensor = { data: values.subarray(offset, offset + record.count), shape: record.shape };
      offset += record.count;
      found[at] = tensor;
      if (keepInMemory) this.remember(`${kind}\0${texts[at]}`, tensor);
    }
    return found;
  }

  /** Where this model's pack keeps a text's record, if it does. */
  private entry(kind: OutputPart, text: string): PackEntry | undefined {
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
    return entry;
  }

  /**
   * Keeps a freshly computed tensor (on disk, and in memory unless `keepInMemory` is false) and returns it as the cache will serve it from now on (rounded to float16 when
   * the disk stores this kind that way): callers use the returned tensor, so fresh and cached results are identical.
   */
  set(kind: OutputPart, text: string, tensor: Tensor, keepInMemory = true): Tensor {
    let served = tensor;
    if (this.dir) {
      const half = kind !== 'logits' && this.precision === 'fp16' ? toFloat16(tensor.data) : null;
      if (half) served = { data: fromFloat16(half), shape: tensor.shape };
      const list = this.pending.get(kind) ?? [];
      list.push(encodeRecord(textKey(text), tensor.shape, half ?? tensor.data));
      this.pending.set(kind, list);
    }
    if (keepInMemory) this.remember(`${kind}\0${text}`, served);
    return served;
  }

  /** Appends the records computed since the last flush, one write per pack, then holds the directory to its cap. */
  flush(): void {
    if (!this.dir) return;
    let written = 0;
    // logits last: the newest pack is evicted last, and logits are the smallest and most often asked for
    const order = [...this.pending].sort(([a], [b]) => Number(a === 'logits') - Number(b === 'logits'));
    for (const [kind, records] of order) {
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
    const previous = this.memory.get(key);
    if (previous) {
      this.memory.delete(key);
      this.memoryBytes -= previous.data.byteLength;
    }
    this.memory.set(key, tensor);
    this.memoryBytes += bytes;
    for (const [oldKey, old] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.memory.delete(oldKey);
      this.memoryBytes -= old.data.byteLength;
    }
  }

  private packFile(kind: OutputPart): string {
    return path.join(this.dir!, `${kind}${PACK_SUFFIX}`);
  }

  /** The pack of this kind opened and scanned once (undefined while it does not exist); opening marks it used. */
  private pack(kind: OutputPart): OpenPack | undefined {
    const known = this.open.get(kind);
    if (known) return known;
    const file = this.packFile(kind);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return undefined;
    }
    const pack: OpenPack = { fd, index: new Map(), scanned: 0, size: 0, damaged: false, touchedMs: 0 };
    scan(pack);
    this.open.set(kind, pack);
    touch(file, pack);
    return pack;
  }

  /** Deletes packs (any model), highest `evictionWeight` first, until the cache root is within its cap. */
  private holdToCap(written: number): void {
    const root = path.resolve(this.options.root!);
    const known = rootBytes.get(root);
    if (known !== undefined) {
      rootBytes.set(root, known + written);
      if (known + written <= this.maxDiskBytes) return;
    }
    // list the directory again: other processes may have written or evicted meanwhile
    const packs = listPacks(root);
    let total = packs.reduce((sum, p) => sum + p.size, 0);
    const now = Date.now();
    const weight = new Map(packs.map((p) => [p, evictionWeight(p.size, p.mtimeMs, now)]));
    packs.sort((a, b) => weight.get(b)! - weight.get(a)! || a.mtimeMs - b.mtimeMs);
    for (const pack of packs) {
      if (total <= this.maxDiskBytes) break;
      try {
        fs.unlinkSync(pack.file);
      } catch {
        continue; // already gone
      }
      total -= pack.size;
      const dir = path.dirname(pack.file);
      if (dir === this.dir) this.forget(path.basename(pack.file, PACK_SUFFIX) as OutputPart);
      try {
        fs.rmdirSync(dir); // only succeeds once the model has no pack left
      } catch {
        // still holds other packs
      }
    }
    rootBytes.set(root, total);
  }

  /** Drops the open pack of a kind whose file was deleted (records already in memory stay there). */
  private forget(kind: OutputPart): void {
    const pack = this.open.get(kind);
    if (!pack) return;
    fs.closeSync(pack.fd);
    this.open.delete(kind);
  }
}

/**
 * Bytes under each cache root as last listed plus what this process appended since, shared by every model's cache in
 * the process: a tally per instance let each of a pair's two models fill the cap on its own (the folder reached
 * twice the cap). Other processes' writes are seen at the next listing.
 */
const rootBytes = new Map<string, number>();

/** Sets a pack's mtime to now: it was just used. */
function touch(file: string, pack: OpenPack): void {
  pack.touchedMs = Date.now();
  const now = new Date(pack.touchedMs);
  try {
    fs.utimesSync(file, now, now);
  } catch {
    // evicted by another process meanwhile: the open descriptor still reads it
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
  // headers are read in blocks: small records (logits, short attentions) share one system call
  const block = Buffer.allocUnsafe(4096);
  let blockStart = 0;
  let blockLength = 0;
  let offset = pack.scanned;
  let damaged = false;
  while (offset < size) {
    if (offset < blockStart || offset + HEADER_BYTES + KEY_BYTES > blockStart + blockLength) {
      blockStart = offset;
      blockLength = fs.readSync(pack.fd, block, 0, block.length, offset);
    }
    const at = offset - blockStart;
    const got = Math.min(blockLength - at, HEADER_BYTES + KEY_BYTES);
    if (got < HEADER_BYTES || block.readUInt32LE(at) !== MAGIC || block.readUInt32LE(at + 4) !== KEY_BYTES) {
      damaged = true;
      break;
    }
    const payloadLength = block.readUInt32LE(at + 8);
    const end = offset + HEADER_BYTES + KEY_BYTES + payloadLength;
    if (got < HEADER_BYTES + KEY_BYTES || end > size) {
      damaged = true; // a record cut short: ignore it and what follows
      break;
    }
    pack.index.set(block.toString('latin1', at + HEADER_BYTES, at + HEADER_BYTES + KEY_BYTES), { offset: offset + HEADER_BYTES + KEY_BYTES, length: payloadLength });
    offset = end;
  }
  pack.scanned = offset;
  pack.size = size;
  pack.damaged = damaged;
}

/** Records closer than this on disk are read with one system call (the gap is a record header or a few). */
const READ_GAP = 4096;
const MAX_READ = 16 * 1024 * 1024;

/** Reads the records at these entries, neighbours on disk together; a record that does not parse is left out. */
function readRecords(fd: number, wanted: Array<{ at: number; entry: PackEntry }>): Array<{ at: number; record: Tensor | HalfRecord }> {
  const sorted = [...wanted].sort((a, b) => a.entry.offset - b.entry.offset);
  const out: Array<{ at: number; record: Tensor | HalfRecord }> = [];
  for (let first = 0; first < sorted.length; ) {
    const start = sorted[first].entry.offset;
    let end = start + sorted[first].entry.length;
    let last = first + 1;
    while (last < sorted.length && sorted[last].entry.offset - end <= READ_GAP && sorted[last].entry.offset + sorted[last].entry.length - start <= MAX_READ) {
      end = Math.max(end, sorted[last].entry.offset + sorted[last].entry.length);
      last++;
    }
    const span = Buffer.allocUnsafeSlow(end - start); // its own memory: records may stay in use as views of it
    if (fs.readSync(fd, span, 0, span.length, start) === span.length) {
      for (let i = first; i < last; i++) {
        const { at, entry } = sorted[i];
        const record = parseRecord(span.subarray(entry.offset - start, entry.offset - start + entry.length));
        if (record) out.push({ at, record });
      }
    }
    first = last;
  }
  return out;
}

/** Payload: dtype, ndim, shape, then the values (float32 values, or float16 bits left encoded), little-endian. */
function parseRecord(payload: Buffer): Tensor | HalfRecord | undefined {
  if (payload.length < 8) return undefined;
  const dtype = payload.readUInt32LE(0);
  const ndim = payload.readUInt32LE(4);
  const start = 8 + 4 * ndim;
  if (start > payload.length) return undefined;
  const shape = Array.from({ length: ndim }, (_, i) => payload.readUInt32LE(8 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const width = dtype === FLOAT16 ? 2 : dtype === FLOAT32 ? 4 : 0;
  if (width === 0 || start + count * width !== payload.length) return undefined;
  if (dtype === FLOAT16) return { bits: payload.subarray(start), count, shape };
  const at = payload.byteOffset + start;
  // a view of the read buffer where aligned (float32 packs always are): no copy
  if (at % 4 === 0) return { data: new Float32Array(payload.buffer, at, count), shape };
  const data = new Float32Array(count);
  payload.copy(Buffer.from(data.buffer), 0, start);
  return { data, shape };
}

/** sha256 of a text, remembered for the texts seen last: a sentence is looked up once per kind. */
const keys = new Map<string, string>();

function textKey(text: string): string {
  let key = keys.get(text);
  if (key === undefined) {
    key = crypto.createHash('sha256').update(text).digest('hex');
    if (keys.size >= 4096) keys.delete(keys.keys().next().value!);
    keys.set(text, key);
  }
  return key;
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
