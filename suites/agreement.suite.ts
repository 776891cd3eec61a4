/**
 * Subject–verb agreement with attractor nouns (Linzen et al. 2016; Open Sesame's agreement set) on the
 * acceptability fine-tune: does a noun of the other number between subject and verb fool it?
 */
import { attractor, describe, directionalUnder, expectLabels, invariantUnder, it, numberFlip, suite, template } from 'sesame';
import { asPerturbation, PLURAL, PREDICATES, PREPOSITIONS, SIMPLE_SENTENCES, SINGULAR } from './data/agreement.js';

const fillers = { sg: SINGULAR, pl: PLURAL, prep: PREPOSITIONS, pred: PREDICATES };

suite('agreement with attractor nouns', {
  version: 1,
  models: { pretrained: 'fixtures/models/tiny-bert-base', finetuned: 'fixtures/models/tiny-bert-agreement' },
}, () => {
  describe('no attractor', () => {
    it('accepts "the <noun> is …" and "the <nouns> are …"', expectLabels(template('the {sg} is {pred} .', fillers, 'ACCEPTABLE'), { minPassRate: 0.9, capability: 'agreeing verb, no attractor' }));
    it('rejects "the <noun> are …"', expectLabels(template('the {sg} are {pred} .', fillers, 'UNACCEPTABLE'), { minPassRate: 0.9, capability: 'disagreeing verb, no attractor' }));
  });

  describe('singular subject, plural attractor', () => {
    it('accepts "the <noun> of the <nouns> is …"', expectLabels(template('the {sg} {prep} the {pl} is {pred} .', fillers, 'ACCEPTABLE'), { minPassRate: 0.8, capability: 'agreeing verb after a plural attractor' }));
    it('rejects "the <noun> of the <nouns> are …"', expectLabels(template('the {sg} {prep} the {pl} are {pred} .', fillers, 'UNACCEPTABLE'), { minPassRate: 0.8, capability: 'verb agreeing with the attractor' }));
  });

  describe('plural subject, singular attractor', () => {
    it('accepts "the <nouns> of the <noun> are …"', expectLabels(template('the {pl} {prep} the {sg} are {pred} .', fillers, 'ACCEPTABLE'), { minPassRate: 0.8, capability: 'agreeing verb after a singular attractor' }));
    it('rejects "the <nouns> of the <noun> is …"', expectLabels(template('the {pl} {prep} the {sg} is {pred} .', fillers, 'UNACCEPTABLE'), { minPassRate: 0.8, capability: 'verb agreeing with the attractor' }));
  });

  describe('grammar rewrites', () => {
    it('an attractor phrase after the subject keeps a sentence acceptable', invariantUnder(asPerturbation((s) => attractor(s)), { sentences: SIMPLE_SENTENCES, minPassRate: 0.8 }));
    it('flipping the subject number but not the verb lowers P(ACCEPTABLE)', directionalUnder(asPerturbation((s) => numberFlip(s, { verb: 'keep' })), {
      sentences: SIMPLE_SENTENCES, label: 'ACCEPTABLE', direction: 'decrease', minPassRate: 0.9,
    }));
  });
});
