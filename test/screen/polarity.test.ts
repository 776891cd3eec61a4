import { expect } from 'chai';
import { baseForms, judgePolaritySwap, lexicons, priorPolarity, spreadPolarity } from '../../attacks/internal/polarity.js';
import { polarityCoverage, spreadAgreement } from '../../attacks/internal/polarity-coverage.js';

describe('prior polarity: AFINN + VADER + Pattern, spread over WordNet', () => {
  it('reads each lexicon on its own scale: AFINN ÷ 5, VADER ÷ 4, Pattern as is', () => {
    expect(priorPolarity('amazing')).to.deep.equal({ polarity: 0.8, source: 'afinn' }); // AFINN +4
    expect(priorPolarity('beneficial')).to.deep.equal({ polarity: 1.9 / 4, source: 'vader' }); // VADER mean 1.9
    expect(priorPolarity('tedious')).to.deep.equal({ polarity: -0.5, source: 'pattern' });
    const { afinn, vader, pattern } = lexicons();
    expect(afinn.size).to.be.greaterThan(3000);
    expect(vader.size).to.be.greaterThan(7000);
    expect(pattern.size).to.be.greaterThan(1000);
  });

  it('gives wretched and detest a negative polarity through WordNet (no lexicon rates them)', () => {
    const { afinn, vader, pattern } = lexicons();
    for (const word of ['wretched', 'detest']) {
      expect([afinn.has(word), vader.has(word), pattern.has(word)], word).to.deep.equal([false, false, false]);
      const p = priorPolarity(word)!;
      expect(p.source).to.equal('wordnet');
      expect(p.polarity, word).to.be.below(-0.3);
    }
    expect(priorPolarity('detest')!.via).to.contain('hate'); // same synset: hate, detest
    expect(priorPolarity('atrocious')!.polarity).to.be.below(-0.3);
  });

  it('does not spread to words used mostly as nouns, nor invent a polarity for neutral words', () => {
    expect(spreadPolarity('table')).to.equal(undefined);
    expect(priorPolarity('movie')).to.equal(undefined);
    expect(priorPolarity('abysmal')).to.equal(undefined); // WordNet knows only its "immeasurably deep" senses
  });

  it('reads inflected forms under their base form', () => {
    expect(baseForms('hated')).to.include('hate');
    expect(baseForms('terribly')).to.include('terrible');
    expect(baseForms('stopped')).to.include('stop');
    expect(priorPolarity('detests')!.polarity).to.equal(priorPolarity('detest')!.polarity);
    expect(priorPolarity('detesting')).to.deep.include({ source: 'wordnet' });
  });

  it('rejects polar → opposite and polar → unrated real word, unless a frequent-sense WordNet synonym', () => {
    expect(judgePolaritySwap('wonderful', 'wretched')).to.include({ keeps: false, reason: 'flips the sentiment' });
    expect(judgePolaritySwap('hate', 'remind').keeps).to.equal(false);
    expect(judgePolaritySwap('hate', 'detest').keeps).to.equal(true);
    // A polar word and an unrated synonym SemCor tagged in the shared sense: allowed, and said so.
    expect(priorPolarity('relish')).to.equal(undefined);
    expect(judgePolaritySwap('enjoy', 'relish')).to.include({ keeps: true, reason: 'is a frequent-sense WordNet synonym, so keeps a positive sentiment' });
    expect(judgePolaritySwap('hate', 'hte').reason).to.contain('misspelling');
  });

  it('prints coverage: each source rates more of the review vocabulary and of the swapped words', () => {
    for (const row of polarityCoverage()) {
      console.log(`      ${row.words}, ${row.total} distinct: ${row.steps.map((s) => `${s.name} ${(100 * s.share).toFixed(1)}%`).join(' → ')}`);
      const shares = row.steps.map((s) => s.share);
      for (let k = 1; k < shares.length; k++) expect(shares[k], row.steps[k].name).to.be.at.least(shares[k - 1]);
      expect(shares.at(-1)! - shares[0], row.words).to.be.above(0.1); // VADER, base forms and WordNet add over 10 points
    }
  });

  it('spreading is right where it can be checked: from neighbours alone it gives most AFINN-rated words AFINN\'s sign', () => {
    const a = spreadAgreement();
    console.log(`      held out on ${a.words} AFINN polar words: same sign ${a.sameSign}, opposite ${a.oppositeSign}, neutral ${a.neutral}`);
    expect(a.words).to.be.greaterThan(1000);
    expect(a.sameSign / a.words).to.be.at.least(0.85);
    expect(a.oppositeSign / a.words).to.be.below(0.07);
  });
});
