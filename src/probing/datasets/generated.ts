import fc from 'fast-check';
import { SesameError } from '../../errors.js';
import { grammarSentence } from '../../grammar/sampler.js';
import type { AnnotatedSentence } from '../../grammar/types.js';
import { deriveSeed } from '../random.js';
import type { AttentionItem } from '../../attention/confusion.js';
import type { SelectionExample, TaskData } from '../task-types.js';
import { sesameGrammar } from './sesame-grammar.js';

export type GeneratedTask = 'aux' | 'subject' | 'nth';

export interface GenerateOptions {
  /** Training sentences (a dev split is later carved out of these). Default 1600. */
  train?: number;
  /** Test sentences, and sentences per generalization set. Default 400. */
  test?: number;
  gen?: number;
  seed?: number;
  /** For `nth`: the 1-based position of the target word. Default 3. */
  n?: number;
}

/** A sampled sentence as whitespace words, with each annotation's word indices (clitics joined, see below). */
interface Sentence {
  words: string[];
  marked: (name: string) => number[];
}

/**
 * `count` sentences from one or several start symbols of Sesame's grammar, sampled by the project's grammar
 * arbitrary from `seed` (so the same seed gives the same sentences). Sentences `accept` refuses go to `onSkip`
 * and are replaced from further seeded batches, at most 20 draws per sentence asked for.
 */
function sampleSentences(starts: string[], count: number, seed: number, accept: (s: Sentence) => boolean = () => true, onSkip = () => {}): Sentence[] {
  const grammar = sesameGrammar();
  const arbitraries = starts.map((start) => grammarSentence(grammar, { start }));
  const arbitrary = arbitraries.length === 1 ? arbitraries[0] : fc.oneof(...arbitraries);
  const out: Sentence[] = [];
  for (let batch = 0, drawn = 0; out.length < count && drawn < count * 20; batch++) {
    const numRuns = Math.min(count - out.length, count * 20 - drawn);
    drawn += numRuns;
    for (const derived of fc.sample(arbitrary, { seed: batch === 0 ? seed : deriveSeed(seed, `batch ${batch}`), numRuns })) {
      const s = joinClitics(derived);
      if (accept(s)) out.push(s); else onSkip();
    }
  }
  return out;
}

/**
 * Joins a clitic starting with an apostrophe (`'s`) to the word before it, the way people write possessives
 * ("the cat's dog"), and maps each annotation onto the joined words.
 */
function joinClitics(sentence: AnnotatedSentence): Sentence {
  const words: string[] = [];
  const indexOf: number[] = [];
  for (const word of sentence.words) {
    if (word.startsWith("'") && words.length > 0) words[words.length - 1] += word;
    else words.push(word);
    indexOf.push(words.length - 1);
  }
  return { words, marked: (name) => [...new Set((sentence.markers[name] ?? []).map((i) => indexOf[i]))] };
}

function withRole(start: string, role: string, count: number, seed: number): SelectionExample[] {
  return sampleSentences([start], count, seed).map((s) => {
    const [target] = s.marked(role);
    if (target === undefined) throw new Error(`grammar start ${start} produced no ${role} word`);
    return { words: s.words, target };
  });
}

/**
 * Train / test / generalization sets for the structural probing tasks from Sesame's own grammar:
 * - `aux`: main auxiliary; gen = a relative clause with its own auxiliary on the subject.
 * - `subject`: head noun of the subject; gen = compound (`farm dog`) and possessive (`the cat's old dog`) subjects.
 * - `nth`: the n-th word; gen = sentences from the other grammars (longer and differently built).
 */
export function generateSelectionTask(task: GeneratedTask, options: GenerateOptions = {}): TaskData<SelectionExample> {
  const trainSize = options.train ?? 1600, testSize = options.test ?? 400, genSize = options.gen ?? testSize;
  const seed = options.seed ?? 0;
  const seedOf = (split: string) => deriveSeed(seed, `${task}/${split}`);
  if (task === 'aux') {
    return {
      name: 'aux', shape: 'selection', skipped: {},
      train: withRole('AUX_TRAIN', 'AAux', trainSize, seedOf('train')),
      test: withRole('AUX_TRAIN', 'AAux', testSize, seedOf('test')),
      gen: { 'relative-clause': withRole('AUX_GEN', 'AAux', genSize, seedOf('gen')) },
    };
  }
  if (task === 'subject') {
    return {
      name: 'subject', shape: 'selection', skipped: {},
      train: withRole('SBJ_TRAIN', 'AGR', trainSize, seedOf('train')),
      test: withRole('SBJ_TRAIN', 'AGR', testSize, seedOf('test')),
      gen: {
        compound: withRole('SBJ_COMPOUND', 'AGR', genSize, seedOf('gen-compound')),
        possessive: withRole('SBJ_POSSESSIVE', 'AGR', genSize, seedOf('gen-possessive')),
      },
    };
  }
  if (task === 'nth') {
    const n = options.n ?? 3;
    if (!Number.isInteger(n) || n < 1) throw new SesameError(`--n must be a positive integer, got ${n}`);
    const skipped = { 'shorter than n': 0 };
    const fill = (starts: string[], count: number, split: string): SelectionExample[] =>
      sampleSentences(starts, count, seedOf(split), (s) => s.words.length >= n, () => skipped['shorter than n']++)
        .map((s) => ({ words: s.words, target: n - 1 }));
    const plain = ['AUX_TRAIN', 'SBJ_TRAIN'];
    return {
      name: 'nth', shape: 'selection', skipped,
      train: fill(plain, trainSize, 'train'),
      test: fill(plain, testSize, 'test'),
      gen: { 'other-constructions': fill(['AUX_GEN', 'SBJ_COMPOUND', 'SBJ_POSSESSIVE'], genSize, 'gen') },
    };
  }
  throw new SesameError(`unknown generated task "${task}"; use aux, subject or nth`);
}

const AGREEMENT = ['AGR_PP_SG_SG', 'AGR_PP_SG_PL', 'AGR_PP_PL_SG', 'AGR_PP_PL_PL', 'AGR_RC_SG_SG', 'AGR_RC_SG_PL', 'AGR_RC_PL_SG', 'AGR_RC_PL_PL'];
const REFLEXIVE = ['REFL_PP_MATCH', 'REFL_PP_MISMATCH', 'REFL_RC_MATCH', 'REFL_RC_MISMATCH'];

/**
 * Attention diagnostic items from Sesame's grammar: subject–verb agreement across a prepositional phrase or relative
 * clause (subject and distractor numbers crossed) and reflexives with a gender-matching or mismatching distractor.
 */
export function generateAttentionItems(options: { perCondition?: number; seed?: number } = {}): AttentionItem[] {
  const per = options.perCondition ?? 100;
  const items: AttentionItem[] = [];
  for (const start of [...AGREEMENT, ...REFLEXIVE]) {
    for (const s of sampleSentences([start], per, deriveSeed(options.seed ?? 0, start))) {
      items.push({
        text: s.words.join(' '),
        source: s.marked('SRC')[0],
        candidates: [s.marked('SUBJ'), s.marked('DIST')],
        condition: start.toLowerCase().replace(/_/g, '-'),
      });
    }
  }
  return items;
}
