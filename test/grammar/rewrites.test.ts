import { expect } from 'chai';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseSentence, applyEdits } from '../../attacks/internal/words.js';
import {
  attractor, compoundSubject, grammarSentence, lexiconFromGrammar, numberFlip, objectRelativeClause, possessiveSubject,
  prepositionalPhrase, readOpenSesameGrammar, subjectRelativeClause, type AnnotatedSentence, type Grammar, type RewriteResult,
} from '../../src/grammar/index.js';
import { isPluralNoun } from '../../src/grammar/lexicon.js';
import { grammarsDir, toy } from './toy-grammar.js';

type Rewrite = (s: AnnotatedSentence) => fc.Arbitrary<RewriteResult>;

/** The roles that name an original word: after a rewrite they must name the same word (moved, not replaced). */
const KEPT_ROLES = ['subjectHead', 'mainAux', 'verb', 'antecedent'];

function checkRewrite(result: RewriteResult): void {
  if (!result.applicable) return;
  const { original, sentence } = result;
  // The edit record explains the new sentence exactly.
  expect(applyEdits(parseSentence(original.words.join(' ')), result.edits)).to.equal(sentence.words.join(' '));
  expect(sentence.tags).to.have.length(sentence.words.length);
  for (const role of KEPT_ROLES) {
    if (original.roles[role] === undefined) continue;
    expect(sentence.roles[role], role).to.be.a('number');
    if (!result.rule.startsWith('number-flip') || role !== 'subjectHead') {
      const changed = result.edits.some((e) => e.from !== '' && e.index === original.roles[role]);
      if (!changed) expect(sentence.words[sentence.roles[role]], `${role} in "${result.text}"`).to.equal(original.words[original.roles[role]]);
    }
  }
  for (const [name, indices] of Object.entries(original.markers)) {
    indices.forEach((i, k) => {
      if (!result.edits.some((e) => e.from !== '' && e.index === i)) expect(sentence.words[sentence.markers[name][k]]).to.equal(original.words[i]);
    });
  }
  const np = sentence.spans.subjectNP;
  if (np) expect(np[1], `subjectNP of "${result.text}"`).to.equal(sentence.roles.subjectHead + 1);
  const subject = sentence.spans.subject;
  if (subject) {
    expect(sentence.roles.subjectHead).to.be.within(subject[0], subject[1] - 1);
    if (sentence.roles.mainAux !== undefined) expect(subject[1]).to.be.at.most(sentence.roles.mainAux);
  }
}

function property(grammar: Grammar, rewrite: Rewrite, extra: (r: Extract<RewriteResult, { applicable: true }>) => void = () => {}): number {
  let applied = 0;
  fc.assert(
    fc.property(grammarSentence(grammar).chain(rewrite), (r) => {
      checkRewrite(r);
      if (r.applicable) {
        applied++;
        extra(r);
      }
    }),
    { numRuns: 60, seed: 21 },
  );
  return applied;
}

function suiteFor(name: string, grammar: () => Grammar): void {
  describe(`grammar rewrites keep annotations right (${name})`, () => {
    let g: Grammar;
    let lexicon: ReturnType<typeof lexiconFromGrammar>;
    before(function () {
      if (name !== 'toy grammar' && !existsSync(grammarsDir)) this.skip(); // ../shared/opensesame is absent in a fresh clone
      g = grammar();
      lexicon = lexiconFromGrammar(g);
    });

    it('relative clause on the subject: its own auxiliary comes first, the main auxiliary keeps its word', () => {
      const applied = property(g, (s) => subjectRelativeClause(s, { lexicon }), (r) => {
        const { roles, tags } = r.sentence;
        expect(tags[roles.rcAux]).to.equal('Aux');
        expect(roles.rcAux).to.be.greaterThan(roles.subjectHead).and.lessThan(roles.mainAux);
        expect(r.sentence.words[roles.subjectHead + 1]).to.be.oneOf(lexicon.relativizers);
      });
      expect(applied).to.equal(60);
    });

    it('relative clause on the object: nothing before it moves', () => {
      property(g, (s) => objectRelativeClause(s, { lexicon }), (r) => {
        for (const role of KEPT_ROLES) if (r.original.roles[role] !== undefined) expect(r.sentence.roles[role]).to.equal(r.original.roles[role]);
        expect(r.sentence.spans.object![1]).to.be.greaterThan(r.original.spans.object![1]);
      });
    });

    it('prepositional phrase after the subject: the subject head stays the head', () => {
      property(g, (s) => prepositionalPhrase(s, { lexicon }), (r) => {
        expect(r.sentence.tags[r.sentence.roles.subjectHead + 1]).to.equal('Prep');
        expect(r.sentence.roles.ppNoun).to.be.lessThan(r.sentence.roles.mainAux);
      });
    });

    it('attractor: a noun of the other number between subject head and auxiliary', () => {
      property(g, (s) => attractor(s, { lexicon }), (r) => {
        const { words, tags, roles } = r.sentence;
        expect(isPluralNoun(words[roles.attractor], tags[roles.attractor])).to.not.equal(isPluralNoun(words[roles.subjectHead], tags[roles.subjectHead]));
        expect(roles.attractor).to.be.greaterThan(roles.subjectHead).and.lessThan(roles.mainAux);
        // Open Sesame's distractor span: the attractor's determiner and noun.
        expect(r.sentence.spans.attractor).to.deep.equal([roles.attractor - 1, roles.attractor + 1]);
        expect(tags[roles.attractor - 1]).to.equal('Det');
      });
    });

    it('compound and possessive subjects: the head moves right by one, the new noun is not the head', () => {
      for (const rewrite of [compoundSubject, possessiveSubject]) {
        property(g, (s) => rewrite(s, { lexicon }), (r) => {
          expect(r.sentence.roles.subjectHead).to.equal(r.original.roles.subjectHead + 1);
          const added = r.sentence.roles.modifier ?? r.sentence.roles.possessor;
          expect(added).to.be.lessThan(r.sentence.roles.subjectHead);
        });
      }
    });

    it('number flip: the head changes number; the auxiliary agrees, or is kept and agreement breaks', () => {
      property(g, (s) => numberFlip(s), (r) => {
        const { roles } = r.original;
        expect(isPluralNoun(r.sentence.words[roles.subjectHead])).to.not.equal(isPluralNoun(r.original.words[roles.subjectHead]));
        expect(r.sentence.roles).to.deep.equal(r.original.roles);
        expect(r.grammatical).to.equal(true);
      });
      property(g, (s) => numberFlip(s, { verb: 'keep' }), (r) => {
        const aux = r.original.words[r.original.roles.mainAux];
        expect(r.sentence.words[r.original.roles.mainAux]).to.equal(aux);
        expect(r.grammatical).to.equal(!/^(does|do|is|are|was|were|has|have)$/.test(aux));
      });
    });
  });
}

suiteFor('toy grammar', () => toy);
suiteFor('Open Sesame gr.agr', () => readOpenSesameGrammar(path.join(grammarsDir, 'gr.agr')));
suiteFor('Open Sesame gr.aux', () => readOpenSesameGrammar(path.join(grammarsDir, 'gr.aux')));

describe('grammar rewrites: not applicable', () => {
  it('a sentence without the annotation a rewrite needs is reported, not rewritten', () => {
    const bare: AnnotatedSentence = { words: ['hello', 'there'], tags: ['UH', 'RB'], markers: {}, roles: {}, spans: {} };
    for (const rewrite of [subjectRelativeClause, objectRelativeClause, prepositionalPhrase, compoundSubject, possessiveSubject, numberFlip]) {
      const [r] = fc.sample(rewrite(bare), { seed: 1, numRuns: 1 });
      expect(r.applicable).to.equal(false);
      if (!r.applicable) expect(r.reason).to.match(/no (subjectHead|object)/);
    }
  });
});
