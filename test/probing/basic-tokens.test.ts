import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicTokens, openSesameRoot } from '../../src/probing/datasets/opensesame.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The earlier, slower formulation: whitespace split, then each word split around every punctuation mark or symbol. */
function referenceTokens(sentence: string): string[] {
  return sentence.trim().split(/\s+/).flatMap((w) => w.split(/([\p{P}\p{S}])/u)).filter((t) => t.length > 0);
}

describe('basicTokens', () => {
  it('cuts hand-written sentences with apostrophes, punctuation, symbols and odd spacing exactly as before', () => {
    const cases: Array<[string, string[]]> = [
      ["our fish's new worker ant will swim", ['our', 'fish', "'", 's', 'new', 'worker', 'ant', 'will', 'swim']],
      ["  don't   stop ,now!!  ", ['don', "'", 't', 'stop', ',', 'now', '!', '!']],
      ['the cat (who sat) said: "hi" -- ok?', ['the', 'cat', '(', 'who', 'sat', ')', 'said', ':', '"', 'hi', '"', '-', '-', 'ok', '?']],
      ['price $5.00 + 10% off\tcafé’s naïve…', ['price', '$', '5', '.', '00', '+', '10', '%', 'off', 'café', '’', 's', 'naïve', '…']],
      ['', []],
      ['   \t ', []],
      ['...', ['.', '.', '.']],
    ];
    for (const [sentence, expected] of cases) {
      expect(basicTokens(sentence), JSON.stringify(sentence)).to.deep.equal(expected);
      expect(referenceTokens(sentence), JSON.stringify(sentence)).to.deep.equal(expected);
    }
  });

  it('gives the same tokens as before on a sample of the real Open Sesame lines', function () {
    const root = openSesameRoot(repoRoot);
    if (!root) {
      console.log('      (skipped: ../shared/opensesame is absent; it holds the Open Sesame paper data)');
      this.skip();
    }
    let compared = 0;
    for (const task of readdirSync(root!).filter((d) => d.startsWith('data_')).sort()) {
      const dir = path.join(root!, task);
      for (const f of readdirSync(dir).filter((n) => !n.endsWith('.pos')).sort()) {
        const lines = readFileSync(path.join(dir, f), 'utf8').split(/\r?\n/);
        for (let i = 0; i < lines.length; i += 97) {
          const sentence = lines[i].split('\t')[0];
          expect(basicTokens(sentence), `${task}/${f}:${i + 1}`).to.deep.equal(referenceTokens(sentence));
          compared++;
        }
      }
    }
    expect(compared).to.be.greaterThan(1000);
  });
});
