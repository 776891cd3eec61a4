import { expect } from 'chai';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SesameError } from '../../src/errors.js';
import { grammarSentence, parseOpenSesameGrammar, readOpenSesameGrammar } from '../../src/grammar/index.js';
import { grammarsDir, toy } from './toy-grammar.js';

describe('grammar: Open Sesame format reader', () => {
  it('reads rules, tagged words, markers and the start symbol', () => {
    expect(toy.start).to.equal('ROOT');
    expect(toy.rules.get('S')).to.have.length(2);
    expect(toy.rules.get('S')![0].rhs).to.deep.equal([
      { kind: 'nonterminal', name: 'NP_AGR' },
      { kind: 'nonterminal', name: 'Aux' },
      { kind: 'marker', name: 'AAux' },
      { kind: 'nonterminal', name: 'VI' },
    ]);
    expect(toy.rules.get('N')![1].rhs).to.deep.equal([{ kind: 'word', word: 'hens', tag: 'N' }]);
    expect(toy.rules.get('ROOT')![0].rhs[1]).to.deep.equal({ kind: 'word', word: '.', tag: '.' });
  });

  it('rejects a rule without a weight, naming the file and line', () => {
    expect(() => parseOpenSesameGrammar('1 S NP VP\nS NP\n', 'bad.gr')).to.throw(SesameError, 'bad.gr:2');
    expect(() => parseOpenSesameGrammar('\n\n', 'empty.gr')).to.throw(SesameError, 'no rules');
  });

  it('reads every grammar of the Open Sesame paper', function () {
    if (!existsSync(grammarsDir)) this.skip(); // ../shared/opensesame is absent in a fresh clone
    for (const file of ['gr.aux', 'gr.agr', 'gr.agr-full', 'gr.sbjn', 'gr.refl', 'gr.refl-full']) {
      const grammar = readOpenSesameGrammar(path.join(grammarsDir, file));
      expect(grammar.start, file).to.equal('ROOT');
      const [s] = fc.sample(grammarSentence(grammar), { seed: 1, numRuns: 1 });
      expect(s.words.length, file).to.be.greaterThan(2);
    }
  });
});

describe('grammar: weighted CFG sampler', () => {
  it('draws only words the grammar can derive, with their tags', () => {
    const lexicon = new Map<string, string>();
    for (const rules of toy.rules.values()) for (const r of rules) for (const s of r.rhs) if (s.kind === 'word') lexicon.set(s.word, s.tag);
    for (const s of fc.sample(grammarSentence(toy), { seed: 3, numRuns: 200 })) {
      s.words.forEach((w, i) => expect(lexicon.get(w), w).to.equal(s.tags[i]));
      expect(s.text).to.equal(s.words.join(' '));
    }
  });

  it('follows the rule weights (3:1 for the two subject shapes)', () => {
    const samples = fc.sample(grammarSentence(toy), { seed: 4, numRuns: 2000 });
    const plain = samples.filter((s) => s.tags[1] === 'N').length / samples.length;
    expect(plain).to.be.within(0.71, 0.79);
  });

  it('annotates the markers on the words before them, and derives the roles', () => {
    for (const s of fc.sample(grammarSentence(toy), { seed: 5, numRuns: 100 })) {
      expect(s.tags[s.roles.subjectHead]).to.equal('N');
      expect(s.markers.AGR).to.deep.equal([s.roles.subjectHead]);
      expect(s.markers.AAux).to.deep.equal([s.roles.mainAux]);
      expect(s.tags[s.roles.mainAux]).to.equal('Aux');
      expect(s.tags[s.roles.verb]).to.match(/^V[IT]$/);
      expect(s.spans.subject).to.deep.equal([0, s.roles.subjectHead + 1]);
    }
  });

  it('shrinks a failing sentence to a shortest derivation that still fails', () => {
    const result = fc.check(fc.property(grammarSentence(toy), (s) => s.words.length < 7), { seed: 11 });
    expect(result.failed).to.equal(true);
    // "the fox can see the red fox ." is the shortest kind of sentence with 7+ words.
    expect(result.counterexample![0].words).to.have.length(7);
    const replayed = fc.check(fc.property(grammarSentence(toy), (s) => s.words.length < 7), { seed: 11, path: result.counterexamplePath!, endOnFailure: true });
    expect(replayed.counterexample![0].text).to.equal(result.counterexample![0].text);
  });

  it('gives the same sentences for the same seed', () => {
    expect(fc.sample(grammarSentence(toy), { seed: 8, numRuns: 20 }).map((s) => s.text)).to.deep.equal(
      fc.sample(grammarSentence(toy), { seed: 8, numRuns: 20 }).map((s) => s.text),
    );
  });

  it("annotates Open Sesame's agreement grammar like its data: subject head, main auxiliary", function () {
    if (!existsSync(grammarsDir)) this.skip(); // ../shared/opensesame is absent in a fresh clone
    const agr = readOpenSesameGrammar(path.join(grammarsDir, 'gr.agr'));
    for (const s of fc.sample(grammarSentence(agr), { seed: 2, numRuns: 100 })) {
      expect(s.tags[s.roles.subjectHead]).to.match(/^N_(sg|pl)$/);
      expect(s.tags[s.roles.mainAux]).to.match(/^(Aux|AuxSg|AuxPl)$/);
      // The main auxiliary agrees with the subject head (does/do or a modal).
      // Like the agr.* data files: subject span "0 1" is the determiner and the head noun.
      expect(s.spans.subjectNP).to.deep.equal([0, 2]);
      const plural = s.tags[s.roles.subjectHead] === 'N_pl';
      expect(s.words[s.roles.mainAux]).to.not.equal(plural ? 'does' : 'do');
    }
  });
});
