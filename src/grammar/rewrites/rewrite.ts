import fc from 'fast-check';
import type { WordEdit } from '../../report/types.js';
import { SentenceEditor } from '../edit.js';
import { DEFAULT_LEXICON, type RewriteLexicon } from '../lexicon.js';
import type { AnnotatedSentence } from '../types.js';

export interface Rewritten {
  applicable: true;
  rule: string;
  original: AnnotatedSentence;
  sentence: AnnotatedSentence;
  text: string;
  edits: WordEdit[];
  /** Whether subject–verb agreement holds after the rewrite (number flips can break it on purpose). */
  grammatical: boolean;
}

export interface RewriteNotApplicable {
  applicable: false;
  rule: string;
  original: AnnotatedSentence;
  text: string;
  reason: string;
}

export type RewriteResult = Rewritten | RewriteNotApplicable;

export interface RewriteOptions {
  /** Words to insert. Default a built-in lexicon; `lexiconFromGrammar(grammar)` reuses a grammar's own words. */
  lexicon?: RewriteLexicon;
}

export function lexiconOf(options: RewriteOptions): RewriteLexicon {
  return options.lexicon ?? DEFAULT_LEXICON;
}

export function notApplicable(rule: string, original: AnnotatedSentence, reason: string): fc.Arbitrary<RewriteResult> {
  return fc.constant({ applicable: false, rule, original, text: original.words.join(' '), reason });
}

/** Runs an edit on a fresh editor and packages the result. */
export function rewritten(rule: string, original: AnnotatedSentence, edit: (e: SentenceEditor) => void, grammatical = true): Rewritten {
  const editor = new SentenceEditor(original);
  edit(editor);
  const sentence = editor.result();
  return { applicable: true, rule, original, sentence, text: sentence.words.join(' '), edits: editor.edits, grammatical };
}

/** Checks the roles a rule needs, or says which one is missing. */
export function missingRole(sentence: AnnotatedSentence, roles: string[]): string | null {
  const missing = roles.filter((r) => sentence.roles[r] === undefined);
  return missing.length > 0 ? `the sentence has no ${missing.join(' or ')} annotation` : null;
}

export const pickFrom = <T>(items: readonly T[]) => fc.constantFrom(...items);
