/** A symbol on the right side of a rule. */
export type GrammarSymbol =
  | { kind: 'nonterminal'; name: string }
  /** A word with its part-of-speech tag (`bee/N`; a bare lower-case symbol is a word tagged with itself). */
  | { kind: 'word'; word: string; tag: string }
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
  /** Grammar markers by name (`AGR`, `AAux`, `ANT`, …): the indices of the words they follow. */
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
