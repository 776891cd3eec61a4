import type fc from 'fast-check';
import type { WordEdit } from '../src/report/types.js';
import { verbBase } from './internal/inflection.js';
import { tagTokens } from './internal/pos.js';
import { matchCase, parseSentence, splitAffixes } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult, type Site } from './perturbation.js';

export interface NegationOptions extends AmountOptions {
  /** Add a negation, remove one, or either. Default `both`. */
  direction?: 'add' | 'remove' | 'both';
}

const BE_AND_MODALS = new Set(['is', 'are', 'was', 'were', 'am', 'can', 'could', 'will', 'would', 'should', 'must', 'may', 'might', 'shall']);
const DO_FORMS = new Set(['do', 'does', 'did']);
const HAVE_FORMS = new Set(['has', 'have', 'had']);
const IRREGULAR_POSITIVE: Record<string, string> = { "can't": 'can', cannot: 'can', "won't": 'will', "shan't": 'shall', "ain't": 'is' };

const norm = (s: string) => s.toLowerCase().replace(/’/g, "'");

function removalSite(tokens: string[], i: number): Site | null {
  const { prefix, core, suffix } = splitAffixes(tokens[i]);
  const word = norm(core);
  if (word === 'not' && i > 0) {
    const before = norm(splitAffixes(tokens[i - 1]).core);
    if (BE_AND_MODALS.has(before) || DO_FORMS.has(before) || HAVE_FORMS.has(before)) {
      // "is not." keeps the sentence's final punctuation on the auxiliary.
      const edits: WordEdit[] = suffix || prefix
        ? [{ index: i - 1, from: tokens[i - 1], to: tokens[i - 1] + suffix }, { index: i, from: tokens[i], to: '' }]
        : [{ index: i, from: tokens[i], to: '' }];
      return { alternatives: [edits] };
    }
    return null;
  }
  const positive = IRREGULAR_POSITIVE[word] ?? (word.endsWith("n't") ? word.slice(0, -3) : null);
  if (positive && (BE_AND_MODALS.has(positive) || DO_FORMS.has(positive) || HAVE_FORMS.has(positive) || positive === 'need')) {
    return { alternatives: [[{ index: i, from: tokens[i], to: prefix + matchCase(core, positive) + suffix }]] };
  }
  return null;
}

function additionSite(tokens: string[], tags: string[], i: number): Site | null {
  const { prefix, core, suffix } = splitAffixes(tokens[i]);
  const word = norm(core);
  const next = i + 1 < tokens.length ? norm(splitAffixes(tokens[i + 1]).core) : '';
  if (next === 'not' || next === 'never' || word.endsWith("n't")) return null;
  const isAux =
    BE_AND_MODALS.has(word) ||
    (DO_FORMS.has(word) && /^VB$|^VBP$/.test(tags[i + 1] ?? '')) ||
    (HAVE_FORMS.has(word) && /^VB[ND]$/.test(tags[i + 1] ?? ''));
  if (isAux) {
    if (suffix) return null;
    return { alternatives: [[{ index: i + 1, from: '', to: 'not' }]] };
  }
  // A present-tense main verb gets do-support: "loves" → "does not love" (unless an auxiliary or negation precedes it).
  const before = i > 0 ? norm(splitAffixes(tokens[i - 1]).core) : '';
  const governed = before === 'not' || before === 'to' || before.endsWith("n't") || BE_AND_MODALS.has(before) || DO_FORMS.has(before);
  const presentVerb = (tags[i] === 'VBZ' || tags[i] === 'VBP') && /^\p{L}+$/u.test(core);
  if (!governed && presentVerb && !HAVE_FORMS.has(word) && !DO_FORMS.has(word)) {
    const aux = tags[i] === 'VBZ' ? 'does' : 'do';
    const base = tags[i] === 'VBZ' ? verbBase(word) : word;
    return { alternatives: [[{ index: i, from: tokens[i], to: `${prefix}${matchCase(core, aux)} not ${base}${suffix}` }]] };
  }
  return null;
}

/**
 * Negation added or removed: `not` after an auxiliary (is → is not, can → can not), do-support for a bare
 * present-tense verb (loves → does not love); removal drops `not` after an auxiliary and un-contracts
 * negative auxiliaries (isn't → is, won't → will, cannot → can).
 */
export function negation(sentence: string, options: NegationOptions = {}): fc.Arbitrary<PerturbationResult> {
  const direction = options.direction ?? 'both';
  const parsed = parseSentence(sentence);
  const tokens = parsed.tokens.map((t) => t.text);
  const tags = tagTokens(parsed);
  const sites: Site[] = [];
  tokens.forEach((_, i) => {
    const remove = direction !== 'add' ? removalSite(tokens, i) : null;
    const add = direction !== 'remove' && !remove ? additionSite(tokens, tags, i) : null;
    if (remove) sites.push(remove);
    if (add) sites.push(add);
  });
  const what = direction === 'add' ? 'no auxiliary or present-tense verb to negate' : direction === 'remove' ? 'no negation to remove' : 'no negation to add or remove';
  return sitesArbitrary('negation', parsed, sites, options, what);
}
