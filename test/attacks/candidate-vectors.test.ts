import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { priorPolarity } from '../../attacks/internal/polarity.js';
import { candidateVectors, gloveVectors } from '../../attacks/internal/vectors/candidate-vectors.js';
import { counterFit } from '../../attacks/internal/vectors/counter-fit.js';
import { glovePackageFile } from '../../attacks/internal/vectors/glove-package.js';
import { readTextVectors } from '../../attacks/internal/vectors/text-vectors.js';
import { readVectorFile, writeVectorFile } from '../../attacks/internal/vectors/vector-file.js';
import { WordVectors } from '../../attacks/internal/vectors/word-vectors.js';
import { SesameError } from '../../src/errors.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-vectors-'));

/** Hand-rated prior polarity only (AFINN, VADER, Pattern, as written or under a base form): no WordNet spreading. */
function wordPolarity(word: string): number | undefined {
  const prior = priorPolarity(word);
  return prior && prior.source !== 'wordnet' ? prior.polarity : undefined;
}

/** Polar words (|polarity| ≥ 0.4) among the `top` most frequent, and the share whose 10 nearest hold an opposite-polarity word. */
function oppositeNeighbourShare(vectors: WordVectors, frequent: readonly string[]): { polar: number; share: number; examples: string[] } {
  const polar = frequent.filter((w) => Math.abs(wordPolarity(w) ?? 0) >= 0.4);
  vectors.prefetch(polar);
  const flagged = polar.filter((w) => vectors.neighbours(w, 10, -1).some((n) => Math.abs(wordPolarity(n.word) ?? 0) >= 0.1 && Math.sign(wordPolarity(n.word)!) !== Math.sign(wordPolarity(w)!)));
  return { polar: polar.length, share: flagged.length / polar.length, examples: flagged.slice(0, 8) };
}

describe('candidate word vectors: GloVe, counter-fitted', function () {
  // First use in a fresh clone converts GloVe once (≈ 10 s of CPU) into .sesame-cache/vectors.
  this.timeout(120_000);
  const raw = () => candidateVectors({ vectors: 'glove-raw' });
  const fitted = () => candidateVectors({ vectors: 'glove' });

  it('reads the package exactly: the 65,536 most frequent alphabetic words, cosine(good, bad) as a plain JSON parse of the entries gives', () => {
    const vectors = raw();
    expect(vectors.size).to.equal(65536);
    expect(vectors.dim).to.equal(100);
    expect(vectors.words.slice(0, 4)).to.deep.equal(['the', 'of', 'to', 'and']);
    expect(vectors.words.every((w) => /^[a-z]+$/.test(w))).to.equal(true);
    // Independent of the streaming reader: cut the two entries out of the file's head and JSON.parse them.
    const fd = fs.openSync(glovePackageFile(), 'r');
    const head = Buffer.alloc(1 << 23);
    fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    const text = head.toString('utf8');
    const entry = (word: string) => {
      const at = text.indexOf(`"${word}":[`, text.indexOf('"vectors":{'));
      return (JSON.parse(text.slice(at + word.length + 3, text.indexOf(']', at) + 1)) as number[]).slice(0, 100);
    };
    const [g, b] = [entry('good'), entry('bad')];
    const cos = g.reduce((s, x, i) => s + x * b[i], 0) / Math.hypot(...g) / Math.hypot(...b);
    expect(cos).to.be.closeTo(0.77028, 1e-5);
    expect(vectors.cosine('good', 'bad')).to.be.closeTo(cos, 1e-6);
  });

  it('counter-fitting halves the share of polar words with an opposite-polarity word among their 10 nearest', () => {
    const frequent = raw().words.slice(0, 2500);
    const before = oppositeNeighbourShare(raw(), frequent);
    const after = oppositeNeighbourShare(fitted(), frequent);
    console.log(
      `      polar words (AFINN/VADER/Pattern) among the 2500 most frequent: ${before.polar}; with an opposite-polarity word in their top 10: ` +
        `GloVe ${(100 * before.share).toFixed(1)}% → counter-fitted ${(100 * after.share).toFixed(1)}% (e.g. ${after.examples.slice(0, 5).join(', ')})`,
    );
    expect(before.polar).to.be.greaterThan(150);
    expect(after.share).to.be.lessThan(0.6 * before.share);
    // WordNet antonyms end up orthogonal or beyond; its synonyms move closer.
    expect(fitted().cosine('good', 'bad')!).to.be.below(0.2);
    expect(fitted().cosine('love', 'hate')!).to.be.below(0.2);
    expect(fitted().cosine('movie', 'film')!).to.be.above(raw().cosine('movie', 'film')!);
    expect(fitted().neighbours('wonderful', 10, 0.8).map((n) => n.word)).to.not.include.members(['terrible', 'awful', 'horrible']);
  });

  it('counter-fitting on a synthetic space: antonyms pushed to orthogonal, synonyms pulled together, other words untouched, deterministic', () => {
    // hot/cold start almost parallel (cos 0.95), warm is near hot, tepid unrelated to the relations.
    const rows = [
      [1, 0.33, 0],
      [1, -0.33, 0.05],
      [0.8, 0.6, 0],
      [0, 0.2, 1],
    ];
    const space = () => new WordVectors(['hot', 'cold', 'warm', 'tepid'], WordVectors.normalise(Float32Array.from(rows.flat()), 3), 3, 'synthetic');
    const relations = { synonyms: [['hot', 'warm']] as Array<[string, string]>, antonyms: [['cold', 'hot']] as Array<[string, string]> };
    const fittedSpace = counterFit(space(), relations, { epochs: 60 });
    expect(space().cosine('hot', 'cold')!).to.be.above(0.75);
    expect(fittedSpace.cosine('hot', 'cold')!).to.be.below(0.05);
    expect(fittedSpace.cosine('hot', 'warm')!).to.be.above(space().cosine('hot', 'warm')!);
    expect(Array.from(fittedSpace.vector('tepid')!)).to.deep.equal(Array.from(space().vector('tepid')!));
    expect(Array.from(counterFit(space(), relations, { epochs: 60 }).unit)).to.deep.equal(Array.from(fittedSpace.unit));
  });

  it('a missing or corrupt cache file is rebuilt with a one-line notice; a sound one loads without converting', () => {
    const root = path.join(tmp, 'cache');
    const small = new WordVectors(['good', 'fine'], WordVectors.normalise(Float32Array.from([1, 0, 0.6, 0.8]), 2), 2, 'test');
    let conversions = 0;
    const convert = () => (conversions++, { raw: small, counterFitted: small });
    const notices: string[] = [];
    const load = () => gloveVectors(root, (m) => notices.push(m), convert).counterFitted();

    expect(load().cosine('good', 'fine')).to.be.closeTo(0.6, 1e-6);
    expect([conversions, notices.length]).to.deep.equal([1, 1]);
    expect(notices[0]).to.contain('first use').and.not.contain('\n');

    expect(load().words).to.deep.equal(['good', 'fine']);
    expect([conversions, notices.length]).to.deep.equal([1, 1]);

    const file = fs.readdirSync(path.join(root, 'vectors')).find((f) => f.includes('counter-fitted'))!;
    const full = path.join(root, 'vectors', file);
    const bytes = fs.readFileSync(full);
    bytes[bytes.length - 3] ^= 0xff;
    fs.writeFileSync(full, bytes);
    expect(() => readVectorFile(full)).to.throw('checksum');
    expect(load().cosine('good', 'fine')).to.be.closeTo(0.6, 1e-6);
    expect(conversions).to.equal(2);
    expect(notices[1]).to.contain(full).and.contain('corrupt').and.contain('rebuilding').and.not.contain('\n');

    fs.writeFileSync(full, bytes.subarray(0, 100));
    load();
    expect(notices[2]).to.contain('corrupt');
    expect(readVectorFile(full).words).to.deep.equal(['good', 'fine']);
  });

  it('with the cache off, converts in memory and writes nothing', () => {
    const root = path.join(tmp, 'off');
    const small = new WordVectors(['a'], Float32Array.from([1]), 1, 'test');
    const notices: string[] = [];
    gloveVectors(false, (m) => notices.push(m), () => ({ raw: small, counterFitted: small })).counterFitted();
    expect(fs.existsSync(root)).to.equal(false);
    expect(notices[0]).to.contain('cache is off');
  });

  it('vector files round-trip bit for bit', () => {
    const file = path.join(tmp, 'round.bin');
    const v = new WordVectors(['über', 'naïve', 'x'], WordVectors.normalise(Float32Array.from([0.1, 0.2, -3, 4, 0, 0]), 2), 2, 'src');
    writeVectorFile(file, v);
    const back = readVectorFile(file);
    expect(back.words).to.deep.equal(v.words);
    expect(Array.from(back.unit)).to.deep.equal(Array.from(v.unit));
    expect(back.source).to.equal('src');
    // whatever the header's length, the floats come back exactly (read in place: the writer aligns the body)
    for (const source of ['a', 'ab', 'abc', 'abcd', 'ü']) {
      writeVectorFile(file, new WordVectors(v.words, v.unit, 2, source));
      const again = readVectorFile(file);
      expect([again.source, Array.from(again.unit)]).to.deep.equal([source, Array.from(v.unit)]);
    }
  });
});

describe('user vectors files (--vectors path)', () => {
  const write = (name: string, content: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('reads GloVe text and word2vec text (with its count/dim header)', () => {
    const glove = readTextVectors(write('g.txt', 'good 1 0 0\nfine 0.9 0.1 0\nbad -1 0 0\n'));
    expect(glove.dim).to.equal(3);
    expect(glove.neighbours('good', 5, 0.5).map((n) => n.word)).to.deep.equal(['fine']);
    const w2v = readTextVectors(write('w.txt', '2 2\ngood 1 0\nbad 0 1\n'));
    expect(w2v.words).to.deep.equal(['good', 'bad']);
    expect(w2v.cosine('good', 'bad')).to.equal(0);
  });

  const refused = (content: string, ...parts: string[]) => {
    const file = write(`bad-${parts[0].replace(/\W/g, '')}.txt`, content);
    let error: unknown;
    try {
      readTextVectors(file);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(SesameError);
    expect((error as SesameError).exitCode).to.equal(2);
    expect((error as Error).message).to.contain(file).and.not.contain('\n');
    for (const part of parts) expect((error as Error).message).to.contain(part);
  };

  it('wrong dimensions, a non-number, a wrong header count or an empty file: one line naming the file and line', () => {
    refused('good 1 0 0\nfine 0.9 0.1\n', 'line 2', '2 values', 'expected 3');
    refused('good 1 0\nfine 0.9 abc\n', 'line 2', '"abc"', 'not a number');
    refused('3 2\ngood 1 0\nbad 0 1\n', 'line 1', 'header says 3');
    refused('2 3\ngood 1 0\nbad 0 1\n', 'line 2', 'expected 3');
    refused('\n\n', 'no vectors');
    refused('lonely\n', 'line 1', 'no numbers');
  });

  it('a missing file says so', () => {
    expect(() => readTextVectors(path.join(tmp, 'absent.txt'))).to.throw(SesameError, 'ENOENT');
  });
});
