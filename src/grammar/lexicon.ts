import { pluralNoun, singularNoun } from '../../attacks/internal/inflection.js';
import type { Grammar } from './types.js';

/** Words rewrites insert, by category. Nouns come in both numbers so attractors and flips can choose one. */
export interface RewriteLexicon {
  determiners: string[];
  singularNouns: string[];
  pluralNouns: string[];
  /** Noun adjuncts for compound subjects ("school teacher"). */
  modifiers: string[];
  relativizers: string[];
  /** Auxiliaries without number (modals): they agree with any subject. */
  modals: string[];
  intransitiveVerbs: string[];
  transitiveVerbs: string[];
  prepositions: string[];
}

export const DEFAULT_LEXICON: RewriteLexicon = {
  determiners: ['the', 'my', 'your', 'our', 'their', 'this'],
  singularNouns: ['teacher', 'doctor', 'farmer', 'pilot', 'student', 'author', 'singer', 'painter', 'sailor', 'baker'],
  pluralNouns: ['teachers', 'doctors', 'farmers', 'pilots', 'students', 'authors', 'singers', 'painters', 'sailors', 'bakers'],
  modifiers: ['school', 'city', 'night', 'music', 'garden', 'river', 'village', 'museum'],
  relativizers: ['who', 'that'],
  modals: ['can', 'will', 'would', 'could', 'should'],
  intransitiveVerbs: ['laugh', 'wait', 'sleep', 'smile', 'leave', 'rest'],
  transitiveVerbs: ['see', 'help', 'know', 'admire', 'follow', 'visit'],
  prepositions: ['near', 'behind', 'with', 'beside', 'above', 'around'],
};

function wordsTagged(grammar: Grammar, pattern: RegExp): string[] {
  const out = new Set<string>();
  for (const rules of grammar.rules.values()) {
    for (const r of rules) for (const s of r.rhs) if (s.kind === 'word' && pattern.test(s.tag)) out.add(s.word);
  }
  return [...out];
}

export function isPluralNoun(noun: string, tag = ''): boolean {
  if (tag === 'N_pl') return true;
  if (tag === 'N_sg') return false;
  return singularNoun(noun) !== noun && pluralNoun(singularNoun(noun)) === noun;
}

/** A lexicon from a grammar's own terminals (Open Sesame's animals, modals, verbs), falling back to the default per category. */
export function lexiconFromGrammar(grammar: Grammar): RewriteLexicon {
  const nouns = wordsTagged(grammar, /^(N|N_sg|N_pl)$/);
  const or = (words: string[], fallback: string[]) => (words.length > 0 ? words : fallback);
  return {
    determiners: or(wordsTagged(grammar, /^Det$/), DEFAULT_LEXICON.determiners),
    singularNouns: or(nouns.filter((n) => !isPluralNoun(n) && pluralNoun(n) !== n), DEFAULT_LEXICON.singularNouns),
    pluralNouns: or(nouns.filter((n) => isPluralNoun(n)), DEFAULT_LEXICON.pluralNouns),
    modifiers: DEFAULT_LEXICON.modifiers,
    relativizers: or(wordsTagged(grammar, /^Rel$/), DEFAULT_LEXICON.relativizers),
    modals: or(wordsTagged(grammar, /^(Aux|MAux)$/).filter((w) => !/^(do|does|did|is|are|was|were|has|have)$/.test(w)), DEFAULT_LEXICON.modals),
    intransitiveVerbs: or(wordsTagged(grammar, /^VI$/), DEFAULT_LEXICON.intransitiveVerbs),
    transitiveVerbs: or(wordsTagged(grammar, /^VT$/), DEFAULT_LEXICON.transitiveVerbs),
    prepositions: or(wordsTagged(grammar, /^Prep$/), DEFAULT_LEXICON.prepositions),
  };
}
