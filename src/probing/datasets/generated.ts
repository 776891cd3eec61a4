import { SesameError } from '../../errors.js';
import { createRandom, deriveSeed, type Random } from '../random.js';
import type { AttentionItem } from '../../attention/confusion.js';
import type { SelectionExample, TaskData } from '../task-types.js';
import { parseGrammar, sampleGrammar, toWhitespaceWords, type Grammar, type SampledWord } from './pcfg.js';
import { SESAME_GRAMMAR } from './sesame-grammar.js';

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

let grammar: Grammar | null = null;
function sesameGrammar(): Grammar {
  grammar ??= parseGrammar(SESAME_GRAMMAR, 'sesame-grammar');
  return grammar;
}

function sentence(start: string, random: Random): { words: string[]; sampled: SampledWord[]; indexOf: number[] } {
  const sampled = sampleGrammar(sesameGrammar(), start, random);
  return { sampled, ...toWhitespaceWords(sampled) };
}

function withRole(start: string, role: string, random: Random): SelectionExample {
  const s = sentence(start, random);
  const at = s.sampled.findIndex((w) => w.roles.includes(role));
  if (at < 0) throw new Error(`grammar start ${start} produced no ${role} word`);
  return { words: s.words, target: s.indexOf[at] };
}

function many<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
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
  const random = (split: string) => createRandom(deriveSeed(seed, `${task}/${split}`));
  if (task === 'aux') {
    const tr = random('train'), te = random('test'), ge = random('gen');
    return {
      name: 'aux', shape: 'selection', skipped: {},
      train: many(trainSize, () => withRole('AUX_TRAIN', 'AUX', tr)),
      test: many(testSize, () => withRole('AUX_TRAIN', 'AUX', te)),
      gen: { 'relative-clause': many(genSize, () => withRole('AUX_GEN', 'AUX', ge)) },
    };
  }
  if (task === 'subject') {
    const tr = random('train'), te = random('test'), gc = random('gen-compound'), gp = random('gen-possessive');
    return {
      name: 'subject', shape: 'selection', skipped: {},
      train: many(trainSize, () => withRole('SBJ_TRAIN', 'HEAD', tr)),
      test: many(testSize, () => withRole('SBJ_TRAIN', 'HEAD', te)),
      gen: {
        compound: many(genSize, () => withRole('SBJ_COMPOUND', 'HEAD', gc)),
        possessive: many(genSize, () => withRole('SBJ_POSSESSIVE', 'HEAD', gp)),
      },
    };
  }
  if (task === 'nth') {
    const n = options.n ?? 3;
    if (!Number.isInteger(n) || n < 1) throw new SesameError(`--n must be a positive integer, got ${n}`);
    const pick = (starts: string[], r: Random) => (): SelectionExample | null => {
      const s = sentence(starts[r.int(starts.length)], r);
      return s.words.length >= n ? { words: s.words, target: n - 1 } : null;
    };
    const skipped = { 'shorter than n': 0 };
    const fill = (count: number, make: () => SelectionExample | null) => {
      const out: SelectionExample[] = [];
      for (let tries = 0; out.length < count && tries < count * 20; tries++) {
        const e = make();
        if (e) out.push(e); else skipped['shorter than n']++;
      }
      return out;
    };
    const plain = ['AUX_TRAIN', 'SBJ_TRAIN'];
    return {
      name: 'nth', shape: 'selection', skipped,
      train: fill(trainSize, pick(plain, random('train'))),
      test: fill(testSize, pick(plain, random('test'))),
      gen: { 'other-constructions': fill(genSize, pick(['AUX_GEN', 'SBJ_COMPOUND', 'SBJ_POSSESSIVE'], random('gen'))) },
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
    const random = createRandom(deriveSeed(options.seed ?? 0, start));
    for (let i = 0; i < per; i++) {
      const s = sentence(start, random);
      const indices = (role: string) => [...new Set(s.sampled.flatMap((w, k) => (w.roles.includes(role) ? [s.indexOf[k]] : [])))];
      items.push({
        text: s.words.join(' '),
        source: indices('SRC')[0],
        candidates: [indices('SUBJ'), indices('DIST')],
        condition: start.toLowerCase().replace(/_/g, '-'),
      });
    }
  }
  return items;
}
