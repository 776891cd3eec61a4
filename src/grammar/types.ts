/**
 * A symbol on the right side of a rule. Nonterminals and words may carry `roles` (`NP@SUBJ`, `N@AGR@HEAD`,
 * `can/MAux@AAux`): every word the symbol yields is annotated with each role, in `AnnotatedSentence.markers`.
 * The property is absent, not empty, when the symbol has no role.
 */
export type GrammarSymbol =
  | { kind: 'nonterminal'; name: string; roles?: string[] }
  /** A word with its part-of-speech tag (`bee/N`; a bare lower-case symbol is a word tagged with itself). */
  | { kind: 'word'; word: string; tag: string; roles?: string[] }
  /** An annotation on the word before it (`/AGR`, or a bare capitalised symbol with no rules such as `AGR`). */
  | { kind: 'marker'; name: string };

export interface Rule {
  lhs: string;
  rhs: GrammarSymbol[];
  weight: number;
  /** Where the rule came from, for error messages: `file:line`. */
  source: string;
}

/** A weighted context-free grammar: rules by left side; the first rule's left side is the start symbol. */
export interface Grammar {
  start: string;
  rules: Map<string, Rule[]>;
  source: string;
}

/** A sentence with its tags and named word indices, as rewrites and probes consume it. */
export interface AnnotatedSentence {
  words: string[];
  tags: string[];
  /**
   * Word annotations by name, each a list of word indices in increasing order: a marker (`/AGR`, `AAux`, `ANT`, …)
   * adds the word it follows; a role on a right-side symbol (`NP@SUBJ`) adds every word that symbol yields. The two
   * share one namespace, so `N /AGR` and `N@AGR` annotate a one-word `N` alike.
   */
  markers: Record<string, number[]>;
  /**
   * Word roles: `subjectHead`, `mainAux`, `verb` (the main verb after the main auxiliary), `antecedent`,
   * and the ones rewrites add (`attractor`, `rcAux`, `rcNoun`, `ppNoun`, `possessor`, `modifier`).
   */
  roles: Record<string, number>;
  /**
   * Half-open word spans: `subject` (the whole subject noun phrase), `subjectNP` (determiner to head, Open Sesame's
   * subject span), `object` when there is one, and the noun phrases rewrites add (`attractor`, `ppNP`, `rcNP`).
   */
  spans: Record<string, [number, number]>;
}

export function sentenceText(sentence: AnnotatedSentence): string {
  return sentence.words.join(' ');
}
