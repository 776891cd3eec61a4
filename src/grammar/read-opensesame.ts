import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Grammar, GrammarSymbol, Rule } from './types.js';

/**
 * Parses the Open Sesame grammar format: one rule per line, `weight  LHS  RHS…` (whitespace separated). Weights of
 * one left side are normalised into probabilities. In right sides, `word/Tag` is a tagged word, `/NAME` marks the
 * word before it, a symbol with rules is a nonterminal, and a symbol without rules is a word when it starts in
 * lower case or punctuation (`that`, `.`) and a marker when capitalised (`AGR` in the `-full` grammars).
 *
 * Sesame's extension: a word or nonterminal may end in `@ROLE` (or several, `N@AGR@HEAD`), which annotates every
 * word it yields with ROLE — `NP@SUBJ` marks the whole subject phrase, however it was derived. Open Sesame's
 * grammars never contain `@`, so they read as before.
 */
export function parseOpenSesameGrammar(text: string, source = 'grammar'): Grammar {
  const raw: Array<{ lhs: string; rhs: string[]; weight: number; source: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [weightText, lhs, ...rhs] = trimmed.split(/\s+/);
    const where = `${source}:${i + 1}`;
    const weight = Number(weightText);
    if (!Number.isFinite(weight) || weight < 0) throw new UsageError(`${where}: a rule must start with a non-negative weight, got "${weightText}"`);
    if (!lhs || rhs.length === 0) throw new UsageError(`${where}: a rule needs a left side and at least one right-side symbol`);
    raw.push({ lhs, rhs, weight, source: where });
  });
  if (raw.length === 0) throw new UsageError(`${source}: the grammar has no rules`);
  const heads = new Set(raw.map((r) => r.lhs));
  const rules = new Map<string, Rule[]>();
  for (const r of raw) {
    const rhs = r.rhs.map((token) => withRoles(token, heads, r.source));
    const list = rules.get(r.lhs) ?? [];
    list.push({ lhs: r.lhs, rhs, weight: r.weight, source: r.source });
    rules.set(r.lhs, list);
  }
  for (const [lhs, list] of rules) {
    if (list.every((r) => r.weight === 0)) throw new UsageError(`${list[0].source}: every rule of ${lhs} has weight 0`);
  }
  return { start: raw[0].lhs, rules, source };
}

function withRoles(token: string, heads: Set<string>, where: string): GrammarSymbol {
  const at = token.indexOf('@', 1);
  if (at < 0) return plainSymbol(token, heads);
  const roles = token.slice(at + 1).split('@');
  const symbol = plainSymbol(token.slice(0, at), heads);
  if (roles.some((role) => role === '')) throw new UsageError(`${where}: "${token}" has an empty role; write Symbol@ROLE`);
  if (symbol.kind === 'marker') {
    throw new UsageError(`${where}: "${token}" puts a role on a marker or on a symbol without rules; roles go on words and nonterminals`);
  }
  return { ...symbol, roles };
}

function plainSymbol(token: string, heads: Set<string>): GrammarSymbol {
  if (token.startsWith('/')) return { kind: 'marker', name: token.slice(1) };
  const slash = token.lastIndexOf('/');
  if (slash > 0) return { kind: 'word', word: token.slice(0, slash), tag: token.slice(slash + 1) };
  if (heads.has(token)) return { kind: 'nonterminal', name: token };
  return /^[A-Z]/.test(token) ? { kind: 'marker', name: token } : { kind: 'word', word: token, tag: token };
}

/** Reads an Open Sesame grammar file (`../shared/opensesame/grammars/gr.agr`, …). */
export function readOpenSesameGrammar(file: string): Grammar {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read grammar file ${file}: check the path`);
  }
  return parseOpenSesameGrammar(text, path.basename(file));
}
