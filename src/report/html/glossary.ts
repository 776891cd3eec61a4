/**
 * The report's jargon in plain words: a glossary section, and hover titles where a term first appears.
 * Sections mark terms with `term()`; `titleFirstUses()` then gives the first mark of each term in the page
 * its definition as a title (later marks stay plain, so the page is not a sea of dotted underlines).
 */
import { esc } from './escape.js';
import { section } from './parts.js';

export interface GlossaryEntry {
  id: string;
  term: string;
  definition: string;
}

export const GLOSSARY: GlossaryEntry[] = [
  { id: 'jsd', term: 'JSD', definition: 'Jensen–Shannon divergence: how different two attention distributions are, in bits; 0 = identical, 1 = no overlap at all.' },
  { id: 'cka', term: 'CKA', definition: "Centered kernel alignment (linear): how similar two sets of word vectors are, up to rotation and scale; 1 = the layer's representation did not change." },
  { id: 'entropy', term: 'entropy', definition: 'Attention entropy, in bits: how spread out a head\'s attention is; high = attends broadly, low = focuses on a few tokens.' },
  { id: 'selectivity', term: 'selectivity', definition: "Probe accuracy minus control-task accuracy: how much of what a probe finds is in the representation rather than learnt by the probe itself (Hewitt & Liang 2019)." },
  { id: 'control-task', term: 'control task', definition: 'The same probe trained to predict random labels fixed per word type: what the probe can memorise on its own, the baseline for selectivity.' },
  { id: 'generalization', term: 'generalization split', definition: 'Test sentences built to differ from training (longer, or another construction), so a probe cannot pass by surface patterns; the test split is like the training data.' },
  {
    id: 'conditions',
    term: 'condition codes',
    definition:
      'Open Sesame conditions, e.g. agr-pp-sg-pl: agr = subject–verb agreement, refl = a reflexive (himself/herself) that must find its antecedent; pp = a distractor noun in a prepositional phrase after the subject, rc = in a relative clause; sg/pl = number of the subject, then of the distractor; match/mismatch = the distractor has the subject\'s gender or not. agr.0, agr.1 … are the paper\'s data files.',
  },
];

const BY_ID = new Map(GLOSSARY.map((g) => [g.id, g]));

/** A glossary term in running text (`text` defaults to the term itself). */
export function term(id: string, text?: string): string {
  const entry = BY_ID.get(id);
  if (!entry) throw new Error(`no glossary entry "${id}"`);
  return `<span class="term" data-term="${id}">${text ?? esc(entry.term)}</span>`;
}

/** The first mark of each term gets its definition as a hover title and a link to the glossary entry. */
export function titleFirstUses(html: string): string {
  const seen = new Set<string>();
  return html.replace(/<span class="term" data-term="([a-z-]+)">/g, (tag, id: string) => {
    if (seen.has(id)) return tag;
    seen.add(id);
    return `<span class="term term-first" data-term="${id}" title="${esc(BY_ID.get(id)!.definition)}" tabindex="0">`;
  });
}

export function glossarySection(): string {
  const entries = GLOSSARY.map((g) => `<div class="gloss" id="gloss-${g.id}"><dt>${esc(g.term)}</dt><dd>${esc(g.definition)}</dd></div>`).join('');
  return section('glossary', 'Glossary', `<p class="means">The words this report uses that are not everyday English. Hover a dotted word anywhere above for its entry.</p><dl class="glossary">${entries}</dl>`);
}

/** The "what this means" line at the top of a section, in plain words. */
export function means(html: string): string {
  return `<p class="means"><span class="means-tag">What this means:</span> ${html}</p>`;
}
