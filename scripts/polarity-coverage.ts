/**
 * Coverage of the prior-polarity lexicon (issue 9 item 2): of the content words in the fixture review sets and of the
 * words the judged adversarial examples swap in or out, the share each source rates, cumulatively: AFINN + Pattern
 * (before issue 9), + VADER, + base forms, + WordNet spreading.
 *
 *   npx tsx scripts/polarity-coverage.ts
 */
import { polarityCoverage, spreadAgreement } from '../attacks/internal/polarity-coverage.js';

const agreement = spreadAgreement();
console.log(`WordNet spreading held out on ${agreement.words} AFINN polar words: same sign ${agreement.sameSign}, opposite ${agreement.oppositeSign}, neutral ${agreement.neutral}`);
for (const row of polarityCoverage()) {
  console.log(`${row.words.padEnd(48)} ${String(row.total).padStart(5)} words:  ${row.steps.map((s) => `${s.name} ${(100 * s.share).toFixed(1)}%`).join('  →  ')}`);
}
