import type { WordEdit } from '../../src/report/types.js';
import { damerauLevenshtein } from './char-edits.js';
import { isDictionaryWord } from './pos.js';
import { splitAffixes, words } from './words.js';

/** Words that negate on their own. `n't` contractions and their apostrophe-less spellings are matched apart. */
const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'nowhere', 'neither', 'nor', 'cannot', 'nope', 'nah']);

const NEGATOR_LIST = [...NEGATORS];
const MAX_NEGATOR_LENGTH = Math.max(...NEGATOR_LIST.map((n) => n.length));

/** Contractions users type without the apostrophe ("dont"); "wont" and "cant" are real words, so they are left out. */
const BARE_CONTRACTIONS = new Set(['dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'hasnt', 'havent', 'hadnt', 'couldnt', 'wouldnt', 'shouldnt', 'mustnt', 'aint']);

/** Prefixes that negate the stem they attach to (un-happy, dis-like, in-complete, non-stop …). */
const NEGATING_PREFIXES = ['non', 'dis', 'un', 'in', 'im', 'il', 'ir'];

/** Whether one word (its punctuation ignored) negates: not, never, nothing, don't, cannot … */
export function isNegator(token: string): boolean {
  const core = splitAffixes(token).core.toLowerCase().replace(/’/g, "'");
  return NEGATORS.has(core) || core.endsWith("n't") || BARE_CONTRACTIONS.has(core);
}

/**
 * A one-edit misspelling of a negator that is no word itself (nevern, nto, didnt'): a reader still reads the negation.
 * "hot" for "not" is a word, so it is not one.
 */
export function isMisspeltNegator(token: string): boolean {
  const core = splitAffixes(token).core.toLowerCase().replace(/’/g, "'");
  if (core.length < 3 || (core.length > MAX_NEGATOR_LENGTH + 1 && !core.includes("'"))) return false;
  if (isNegator(core) || isDictionaryWord(core.replace(/'/g, ''))) return false;
  // One edit changes the length by at most one: only negators of a nearby length are measured (this runs on every
  // word of every candidate an attack screens).
  return NEGATOR_LIST.some((n) => Math.abs(n.length - core.length) <= 1 && damerauLevenshtein(core, n) === 1) || (core.includes("'") && damerauLevenshtein(core.slice(-4), "n't") <= 1);
}

/** Negators in a text, counted (`don't` counts once, as does `do not`); misspelt negators count as read. */
export function countNegators(text: string): number {
  let count = negatorCounts.get(text);
  if (count === undefined) {
    // A search checks every candidate against the same original: its count is kept (a small, bounded memo).
    if (negatorCounts.size >= 1024) negatorCounts.clear();
    count = words(text).filter((w) => isNegator(w) || isMisspeltNegator(w)).length;
    negatorCounts.set(text, count);
  }
  return count;
}

const negatorCounts = new Map<string, number>();

/**
 * The stem a negating prefix was added to, when `word` is that prefix plus `other` (or plus a form sharing `other`'s
 * first letters): dislike/like → like, unhappy/happy → happy, displeasing/pleasant → pleas…; undefined otherwise.
 * Relating the two words keeps display/play-like accidents rare: both must be dictionary words.
 */
export function negatingPrefix(word: string, other: string): string | undefined {
  const w = word.toLowerCase();
  const o = other.toLowerCase();
  for (const prefix of NEGATING_PREFIXES) {
    if (!w.startsWith(prefix) || o.startsWith(prefix)) continue;
    const stem = w.slice(prefix.length).replace(/^-/, '');
    if (stem.length < 3) continue;
    const shared = Math.min(5, stem.length, o.length);
    if (stem === o || (shared >= 4 && stem.slice(0, shared) === o.slice(0, shared) && isDictionaryWord(w))) return prefix;
  }
  return undefined;
}

/**
 * Sentences, one a line, each saying how an edit adds or removes a negation; [] when negation is untouched. Counts
 * negator words in both texts (a typo that turns "not" into "hot" removes one), and looks at each swapped word for a
 * negating prefix added or dropped.
 */
export function negationChanges(original: string, perturbed: string, edits: readonly WordEdit[]): string[] {
  const out: string[] = [];
  const before = countNegators(original);
  const after = countNegators(perturbed);
  if (before !== after) {
    const touched = edits.filter((e) => isNegator(e.from) !== e.to.split(/\s+/).some(isNegator) || (e.from !== '' && isNegator(e.from)));
    const shown = touched.map((e) => `${e.from || '∅'} → ${e.to || '∅'}`).join(', ');
    out.push(`${after > before ? 'adds' : 'removes'} a negation${shown ? ` (${shown})` : ''}`);
  }
  for (const e of edits) {
    if (e.from === '' || e.to === '') continue;
    const from = splitAffixes(e.from).core;
    const to = splitAffixes(e.to.trim()).core;
    const added = negatingPrefix(to, from);
    if (added) out.push(`adds the negating prefix ${added}- (${from} → ${to})`);
    const removed = negatingPrefix(from, to);
    if (removed) out.push(`removes the negating prefix ${removed}- (${from} → ${to})`);
  }
  return out;
}
