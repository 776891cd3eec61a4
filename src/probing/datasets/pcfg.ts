import { SesameError } from '../../errors.js';
import type { Random } from '../random.js';

/**
 * A weighted context-free grammar in the Open Sesame file format: one rule per line, `weight LHS RHS…`; weights of a
 * left side are normalised into probabilities. A right-side symbol containing `/` is a terminal `word/TAG`; anything
 * else is a non-terminal. A `@ROLE` suffix on any symbol marks every word it yields with ROLE, which is how the
 * targets of the probing tasks (main auxiliary, subject head, agreement source and phrases) are annotated.
 * A rule with an empty right side yields nothing (optional material).
 */
export interface Grammar {
  rules: Map<string, Array<{ weight: number; rhs: string[] }>>;
}

export interface SampledWord {
  word: string;
  tag: string;
  roles: string[];
}

export function parseGrammar(source: string, name = 'grammar'): Grammar {
  const rules: Grammar['rules'] = new Map();
  source.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const [weightText, lhs, ...rhs] = line.split(/\s+/);
    const weight = Number(weightText);
    if (!lhs || !Number.isFinite(weight) || weight < 0) {
      throw new SesameError(`${name}:${i + 1}: expected "weight LHS RHS…", got "${raw.trim()}"`);
    }
    if (!rules.has(lhs)) rules.set(lhs, []);
    rules.get(lhs)!.push({ weight, rhs });
  });
  return { rules };
}

/** Samples one derivation of `start`; words come out in order with their tags and inherited roles. */
export function sampleGrammar(grammar: Grammar, start: string, random: Random, maxDepth = 40): SampledWord[] {
  const out: SampledWord[] = [];
  expand(grammar, start, random, [], out, 0, maxDepth);
  return out;
}

function expand(grammar: Grammar, symbol: string, random: Random, roles: string[], out: SampledWord[], depth: number, maxDepth: number): void {
  const [name, ...marks] = symbol.split('@');
  const withRoles = marks.length ? [...roles, ...marks] : roles;
  if (name.includes('/')) {
    const slash = name.lastIndexOf('/');
    out.push({ word: name.slice(0, slash), tag: name.slice(slash + 1), roles: withRoles });
    return;
  }
  const options = grammar.rules.get(name);
  if (!options) throw new SesameError(`grammar: no rule for "${name}"`);
  if (depth > maxDepth) throw new SesameError(`grammar: derivation of "${name}" deeper than ${maxDepth}; the grammar recurses without end`);
  const total = options.reduce((a, o) => a + o.weight, 0);
  let pick = random.next() * total;
  let chosen = options[options.length - 1];
  for (const o of options) {
    pick -= o.weight;
    if (pick < 0) { chosen = o; break; }
  }
  for (const s of chosen.rhs) expand(grammar, s, random, withRoles, out, depth + 1, maxDepth);
}

/**
 * Joins sampled words into whitespace words: a clitic terminal starting with an apostrophe (`'s`) is glued to the word
 * before it, the way people write possessives. Returns the words and, for each sampled word, its whitespace word index.
 */
export function toWhitespaceWords(sampled: SampledWord[]): { words: string[]; indexOf: number[] } {
  const words: string[] = [];
  const indexOf: number[] = [];
  for (const s of sampled) {
    if (s.word.startsWith("'") && words.length) {
      words[words.length - 1] += s.word;
    } else {
      words.push(s.word);
    }
    indexOf.push(words.length - 1);
  }
  return { words, indexOf };
}
