import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WordVectors } from './word-vectors.js';

/**
 * Sesame's compact word-vector file (git-ignored cache, never committed): an 8-byte magic, a uint32 header length,
 * a JSON header, then the body — the words joined by newlines, zero-padded to 4 bytes, and the unit vectors as
 * little-endian float32 rows. The header carries the body's sha256, so a truncated or altered file is detected.
 */
const MAGIC = Buffer.from('SSMVEC01', 'latin1');

interface Header {
  source: string;
  count: number;
  dim: number;
  wordBytes: number;
  sha256: string;
}

export function writeVectorFile(file: string, vectors: WordVectors): void {
  const words = Buffer.from(vectors.words.join('\n'), 'utf8');
  const padded = Math.ceil(words.length / 4) * 4;
  const body = Buffer.alloc(padded + vectors.unit.byteLength);
  words.copy(body, 0);
  Buffer.from(vectors.unit.buffer, vectors.unit.byteOffset, vectors.unit.byteLength).copy(body, padded);
  const header: Header = {
    source: vectors.source,
    count: vectors.words.length,
    dim: vectors.dim,
    wordBytes: words.length,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  // Spaces after the JSON put the body on a 4-byte boundary, so a reader can view the floats without copying them.
  let json = JSON.stringify(header);
  while ((12 + Buffer.byteLength(json, 'utf8')) % 4 !== 0) json += ' ';
  const headerBytes = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat([MAGIC, length, headerBytes, body]));
  fs.renameSync(temporary, file);
}

/** The vectors of a file written by `writeVectorFile`; throws with the reason when it is missing or corrupt. */
export function readVectorFile(file: string): WordVectors {
  const bytes = fs.readFileSync(file);
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(MAGIC)) throw new Error('not a Sesame vector file');
  const headerLength = bytes.readUInt32LE(8);
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Header;
  } catch {
    throw new Error('unreadable header');
  }
  const body = bytes.subarray(12 + headerLength);
  const padded = Math.ceil(header.wordBytes / 4) * 4;
  if (body.length !== padded + header.count * header.dim * 4) throw new Error(`${body.length} body bytes, expected ${padded + header.count * header.dim * 4}`);
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) throw new Error('checksum mismatch');
  const words = body.toString('utf8', 0, header.wordBytes).split('\n');
  if (words.length !== header.count) throw new Error(`${words.length} words, header says ${header.count}`);
  const start = body.byteOffset + padded;
  const size = header.count * header.dim;
  let unit: Float32Array;
  if (start % 4 === 0) {
    unit = new Float32Array(body.buffer, start, size);
  } else {
    // A file from before the aligned layout: copy the floats out to an aligned array.
    unit = new Float32Array(size);
    Buffer.from(unit.buffer).set(body.subarray(padded));
  }
  return new WordVectors(words, unit, header.dim, header.source);
}
