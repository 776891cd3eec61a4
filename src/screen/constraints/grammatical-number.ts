import { isDictionaryWord, lexiconTags } from '../../../attacks/internal/pos.js';
import type { Constraint, ConstraintScore, ScreenPair } from '../types.js';
import { perturbedPositions, tagsOf } from './part-of-speech.js';
import { wordSwaps } from './word-swaps.js';

type GrammaticalNumber = 'singular' | 'plural';

/**
 * A noun's grammatical number: what the lexicon allows (foliage, army, electricity: singular only; shoes: plural
 * only), the tag in context when it allows both (sheep). Mass and collective nouns count as singular: they take "is".
 */
export function nounNumber(word: string, tagInContext: string): GrammaticalNumber | undefined {
  const tags = lexiconTags(word);
  const singular = tags.some((t) => t === 'NN' || t === 'NNP');
  const plural = tags.some((t) => t === 'NNS' || t === 'NNPS');
  if (singular && !plural) return 'singular';
  if (plural && !singular) return 'plural';
  if (singular && plural) return /^NNP?S$/.test(tagInContext) ? 'plural' : /^NNP?$/.test(tagInContext) ? 'singular' : undefined;
  return undefined;
}

/** A verb's person: third singular (VBZ: goes) or not (VBP, and the base form VB: go, to go); undefined for other forms. */
function verbPerson(tag: string): 'third singular' | 'other' | undefined {
  if (tag === 'VBZ') return 'third singular';
  if (tag === 'VBP' || tag === 'VB') return 'other';
  return undefined;
}

/**
 * Every swapped noun keeps its grammatical number and every swapped present-tense verb its person: lamp ↛ lamps,
 * soldiers ↛ army (a collective noun takes "is"), flowers ↛ foliage (a mass noun is singular), goes ↛ go. For an
 * acceptability (agreement) task this is the label itself; for any task it changes what is said. Numbers come from
 * the lexicon (only the tag in context when a form is both). Misspellings are not judged. Score: the share of
 * swaps that keep their number.
 */
export function grammaticalNumber(): Constraint {
  return {
    name: 'grammaticalNumber',
    description: "each swapped noun keeps its number (singular, plural; mass and collective nouns singular) and each present-tense verb its person",
    check: (pairs) => pairs.map(checkPair),
  };
}

function checkPair(pair: ScreenPair): ConstraintScore {
  const before = tagsOf(pair.original);
  const after = tagsOf(pair.perturbed);
  const position = perturbedPositions(pair, before.length);
  const judged = wordSwaps(pair).flatMap((s) => {
    const at = position[s.index];
    if (!isDictionaryWord(s.to) || at === undefined) return [];
    const tag = before[s.index] ?? '';
    if (/^NN/.test(tag)) {
      const was = nounNumber(s.from, tag);
      const now = nounNumber(s.to, after[at] ?? '');
      if (!was || !now) return [];
      return [{ swap: s, keeps: was === now, text: `${s.from} (${was}) → ${s.to} (${now})` }];
    }
    const person = verbPerson(tag);
    if (person) {
      const allowed = lexiconTags(s.to);
      const keeps = person === 'third singular' ? allowed.includes('VBZ') : allowed.includes('VBP') || allowed.includes('VB');
      return [{ swap: s, keeps, text: `${s.from} (${person}) → ${s.to} (${keeps ? person : person === 'other' ? 'third singular' : 'not third singular'})` }];
    }
    return [];
  });
  if (judged.length === 0) return { pass: true, score: null, reason: 'no noun or present-tense verb was swapped for a dictionary word' };
  const changed = judged.filter((j) => !j.keeps);
  return {
    pass: changed.length === 0,
    score: (judged.length - changed.length) / judged.length,
    reason: changed.length === 0 ? `grammatical number kept: ${judged.map((j) => j.text).join(', ')}` : `grammatical number changed: ${changed.map((j) => j.text).join(', ')}`,
    values: { numbers: judged.map((j) => j.text).join(', ') },
  };
}
