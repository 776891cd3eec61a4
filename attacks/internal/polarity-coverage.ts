import { readFileSync } from 'node:fs';
import path from 'node:path';
import { judgedEdits, readJudgedSet } from '../../src/attack/judged-set.js';
import { baseForms, lexicons, spreadPolarity } from './polarity.js';
import { tagTokens } from './pos.js';
import { parseSentence, splitAffixes } from './words.js';

export interface CoverageRow {
  words: string;
  total: number;
  /** Cumulative share of the words rated after each source is added. */
  steps: Array<{ name: string; share: number }>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Which cumulative stage first rates a word: 0 AFINN/Pattern, 1 + VADER, 2 + base forms, 3 + WordNet, 4 none. */
function stage(word: string): number {
  const { afinn, vader, pattern } = lexicons();
  const w = word.toLowerCase();
  if (afinn.has(w) || pattern.has(w)) return 0;
  if (vader.has(w)) return 1;
  if (baseForms(w).some((f) => afinn.has(f) || vader.has(f) || pattern.has(f))) return 2;
  if (baseForms(w).some((f) => spreadPolarity(f) !== undefined)) return 3;
  return 4;
}

function row(name: string, words: Iterable<string>): CoverageRow {
  const distinct = [...new Set([...words].map((w) => w.toLowerCase()))];
  const stages = distinct.map(stage);
  const names = ['AFINN + Pattern', '+ VADER', '+ base forms', '+ WordNet spread'];
  return { words: name, total: distinct.length, steps: names.map((n, k) => ({ name: n, share: stages.filter((s) => s <= k).length / distinct.length })) };
}

/** Distinct adjectives, verbs and adverbs (Brill tags) of the sentences of a JSONL data set. */
function contentWords(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(path.join(ROOT, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const parsed = parseSentence((JSON.parse(line) as { text: string }).text);
    tagTokens(parsed).forEach((tag, i) => {
      const core = splitAffixes(parsed.tokens[i].text).core;
      if (/^(JJ|VB|RB)/.test(tag) && /^[a-z]+$/i.test(core)) out.push(core);
    });
  }
  return out;
}

/**
 * Coverage over the adjectives, verbs and adverbs of the fixture review sets, and over the words the judged
 * adversarial examples swap (both sides), sentiment fine-tune only.
 */
export function polarityCoverage(): CoverageRow[] {
  const reviews = ['fixtures/data/sentiment-attack.jsonl', 'fixtures/data/sentiment-judging.jsonl'].flatMap(contentWords);
  const judged = readJudgedSet(path.join(ROOT, 'fixtures', 'data', 'judged-adversarial.jsonl')).filter((j) => j.model === 'tiny-bert-sentiment' && j.recipe !== 'deepwordbug');
  const swapped = judged.flatMap((j) => judgedEdits(j).flatMap((e) => [splitAffixes(e.from).core, splitAffixes(e.to).core])).filter((w) => /^[a-z]+$/i.test(w));
  return [row('review adjectives/verbs/adverbs (sentiment sets)', reviews), row('words swapped by textfooler/pwws (judged set)', swapped)];
}

/**
 * How right WordNet spreading is, held out: for each AFINN-rated polar word (|p| ≥ 0.1) that WordNet can spread to,
 * the polarity spread from its neighbours alone (the word's own rating is never used) against AFINN's sign.
 */
export function spreadAgreement(): { words: number; sameSign: number; oppositeSign: number; neutral: number } {
  const { afinn } = lexicons();
  const out = { words: 0, sameSign: 0, oppositeSign: 0, neutral: 0 };
  for (const [word, p] of afinn) {
    if (!/^[a-z]+$/.test(word) || Math.abs(p) < 0.1) continue;
    const spread = spreadPolarity(word);
    if (!spread) continue;
    out.words++;
    if (Math.abs(spread.polarity) < 0.1) out.neutral++;
    else if (Math.sign(spread.polarity) === Math.sign(p)) out.sameSign++;
    else out.oppositeSign++;
  }
  return out;
}
