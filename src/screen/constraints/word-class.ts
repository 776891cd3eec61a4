import { isDictionaryWord, lexiconTags, type WordNetPos } from '../../../attacks/internal/pos.js';
import { posShare, wordSenses } from '../../../attacks/internal/sense-relation.js';
import { splitAffixes } from '../../../attacks/internal/words.js';
import type { Constraint, ConstraintScore, ScreenPair } from '../types.js';
import { perturbedPositions, tagsOf } from './part-of-speech.js';
import { wordSwaps } from './word-swaps.js';

/** Words after which a noun phrase starts: the next word must be a noun or an adjective (or a participle used as one). */
const DETERMINERS = new Set('a an the this that these those my your his its our their every each another'.split(' '));
/** Linking verbs: an adjective after them ("were kind") must stay an adjective. */
const COPULAS = new Set('is are was were be been being am seem seems seemed feel feels felt look looks looked become becomes became remain remains remained'.split(' '));
/** Degree adverbs that may sit between a linking verb and its adjective ("was very kind"). */
const DEGREE = new Set('very so too really quite rather pretty extremely fairly most more less always never not'.split(' '));

/** Tags of a word that starts or continues a noun phrase before a head noun: then a noun reading is expected. */
const NOUN_PHRASE_CUE = /^(DT|PRP\$|JJ|CD|POS|PDT|WP\$)/;
/** A word used as a verb in at least this share of its SemCor tags is read as a verb unless a noun phrase is cued. */
const MOSTLY_VERB = 2 / 3;

const LEXICON_CLASS: Array<[RegExp, WordNetPos]> = [[/^NN/, 'n'], [/^VB/, 'v'], [/^JJ/, 'a'], [/^RB/, 'r']];

/**
 * The word classes a word form can have: WordNet's (under its base forms: shoes → shoe, acquired → acquire), or the
 * tagger lexicon's when WordNet lacks the word in every class. WordNet is the stricter source: the tagger's lexicon
 * lists "acquire" and "demonstrate" as nouns.
 */
export function wordClasses(word: string): Set<WordNetPos> {
  const lower = word.toLowerCase();
  const classes = new Set<WordNetPos>((['n', 'v', 'a', 'r'] as const).filter((pos) => wordSenses(lower, pos).length > 0));
  // Participles read as adjectives in a noun phrase ("the concluding chapter") even where WordNet lists only the verb.
  if (classes.has('v') && /(ing|ed|en)$/.test(lower)) classes.add('a');
  if (classes.size > 0) return classes;
  for (const tag of lexiconTags(lower)) for (const [pattern, pos] of LEXICON_CLASS) if (pattern.test(tag)) classes.add(pos);
  return classes;
}

/** Whether "an" (not "a") goes before the word, by its first sound; undefined when the spelling does not tell. */
export function takesAn(word: string): boolean | undefined {
  const w = word.toLowerCase();
  if (/^(hour|honest|honou?r|heir|herb)/.test(w)) return true;
  if (/^(uni(?!n)|us[aeiu]|uti|ur[aeiou]|eu|ewe|one\b|once|ubiq)/.test(w)) return false;
  if (/^[aeio]/.test(w)) return true;
  if (/^u/.test(w)) return /^u[^aeiou]{2}|^un/.test(w) ? true : undefined;
  if (/^[a-z]/.test(w)) return false;
  return undefined;
}

interface Finding {
  ok: boolean;
  text: string;
}

/**
 * Each swapped word fits the slot the original filled in the perturbed sentence, judged by the words before it:
 * - after "a"/"an", the article still fits the new word's first sound (a single ↛ a individual);
 * - after a determiner (the, this, my …), the new word can be a noun or an adjective (the show ↛ the demonstrate,
 *   this purchase ↛ this acquire);
 * - after "to", a word that can be a verb may only become one that can too (easy to use ↛ easy to utilization);
 * - after a linking verb (were, seems, is very …), an adjective stays an adjective (were kind ↛ were form);
 * - a word SemCor tags as a verb at least 2/3 of the time, with no noun phrase opened before it (determiner,
 *   possessive, adjective, number), may only become a word that can be a verb (made the family laugh ↛ laughter).
 * Word classes come from WordNet (see `wordClasses`), not from the tagger, which reads a verb in a noun slot as
 * a noun. Misspellings are not judged. Score: the share of swaps that fit.
 */
export function wordClass(): Constraint {
  return {
    name: 'wordClass',
    description: 'each swapped word fits its slot: a/an agreement, a noun or adjective after a determiner, a verb after "to" or for a mostly-verb word outside a noun phrase, an adjective after a linking verb',
    check: (pairs) => pairs.map(checkPair),
  };
}

function checkPair(pair: ScreenPair): ConstraintScore {
  const words = pair.perturbed.split(/\s+/).filter(Boolean).map((w) => splitAffixes(w).core.toLowerCase());
  const position = perturbedPositions(pair, tagsOf(pair.original).length);
  const tags = tagsOf(pair.perturbed);
  const findings: Finding[] = [];
  for (const s of wordSwaps(pair)) {
    const at = position[s.index];
    if (at === undefined || !isDictionaryWord(s.to)) continue;
    const before = words[at - 1];
    if (before === undefined) continue;
    const from = wordClasses(s.from);
    const to = wordClasses(s.to);
    if (before === 'a' || before === 'an') {
      const wasAn = takesAn(s.from);
      const nowAn = takesAn(s.to);
      // Judged only where the original's article fits by the same rule (a rule gap must not reject).
      if (wasAn !== undefined && nowAn !== undefined && wasAn === (before === 'an')) {
        findings.push({ ok: nowAn === wasAn, text: nowAn === wasAn ? `"${before} ${s.to}" keeps the article right` : `"${before} ${s.to}" needs "${nowAn ? 'an' : 'a'}"` });
      }
    }
    if (DETERMINERS.has(before) && to.size > 0) {
      const ok = to.has('n') || to.has('a');
      findings.push({ ok, text: ok ? `"${before} ${s.to}" can start a noun phrase` : `"${before} ${s.to}": ${s.to} is no noun or adjective (only ${[...to].map(name).join(', ')})` });
    } else if (before === 'to' && from.has('v') && to.size > 0) {
      const ok = to.has('v');
      findings.push({ ok, text: ok ? `"to ${s.to}" can be a verb like "to ${s.from}"` : `"to ${s.to}": ${s.from} can be a verb here, ${s.to} cannot (only ${[...to].map(name).join(', ')})` });
    } else if ((COPULAS.has(before) || (DEGREE.has(before) && COPULAS.has(words[at - 2] ?? ''))) && from.has('a') && to.size > 0) {
      const ok = to.has('a');
      findings.push({ ok, text: ok ? `"${before} ${s.to}" keeps an adjective after the linking verb` : `"${before} ${s.to}": ${s.from} is an adjective after a linking verb, ${s.to} cannot be one` });
    } else if (from.has('v') && to.size > 0 && !to.has('v') && !NOUN_PHRASE_CUE.test(tags[at - 1] ?? '') && posShare(s.from, 'v') >= MOSTLY_VERB) {
      // The tagger reads "made the whole family laugh" as a noun; SemCor says laugh is a verb 79% of the time and
      // nothing before it opens a noun phrase, so a substitute that cannot be a verb (laughter) may break the sentence.
      findings.push({ ok: false, text: `"${before} ${s.to}": ${s.from} is mostly a verb (${Math.round(100 * posShare(s.from, 'v'))}% of its SemCor tags) and no noun phrase is opened before it; ${s.to} cannot be a verb` });
    }
  }
  if (findings.length === 0) return { pass: true, score: null, reason: 'no swapped word sits after an article, determiner, "to" or linking verb' };
  const bad = findings.filter((f) => !f.ok);
  return {
    pass: bad.length === 0,
    score: (findings.length - bad.length) / findings.length,
    reason: (bad.length > 0 ? bad : findings).map((f) => f.text).join('; '),
  };
}

const name = (pos: WordNetPos) => ({ n: 'noun', v: 'verb', a: 'adjective', r: 'adverb' })[pos];
