import type { AnnotatedSentence, Grammar, Rule } from './types.js';

/** A derivation tree: nonterminal nodes with the rule they used, down to words and markers. */
export type DerivationNode =
  | { kind: 'nonterminal'; symbol: string; rule: Rule; children: DerivationNode[] }
  | { kind: 'word'; word: string; tag: string }
  | { kind: 'marker'; name: string };

/** The shortest derivation length (in words) of each nonterminal and the rule that achieves it. */
export interface ShortestRules {
  length: Map<string, number>;
  rule: Map<string, Rule>;
}

export function shortestRules(grammar: Grammar): ShortestRules {
  const length = new Map<string, number>();
  const depth = new Map<string, number>();
  const rule = new Map<string, Rule>();
  const symbolLength = (s: Rule['rhs'][number]) => (s.kind === 'word' ? 1 : s.kind === 'marker' ? 0 : length.get(s.name) ?? Infinity);
  const symbolDepth = (s: Rule['rhs'][number]) => (s.kind === 'nonterminal' ? depth.get(s.name) ?? Infinity : 0);
  // Fixed point on (length, depth): the depth tie-break keeps the shortest derivation free of cycles.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [lhs, rules] of grammar.rules) {
      for (const r of rules) {
        if (r.weight === 0) continue;
        const len = r.rhs.reduce((sum, s) => sum + symbolLength(s), 0);
        const dep = 1 + Math.max(0, ...r.rhs.map(symbolDepth));
        const best = length.get(lhs) ?? Infinity;
        if (len < best || (len === best && dep < (depth.get(lhs) ?? Infinity))) {
          length.set(lhs, len);
          depth.set(lhs, dep);
          rule.set(lhs, r);
          changed = true;
        }
      }
    }
  }
  for (const lhs of grammar.rules.keys()) {
    if (!Number.isFinite(length.get(lhs) ?? Infinity)) throw new Error(`${grammar.source}: ${lhs} never derives a finite sentence`);
  }
  return { length, rule };
}

export function shortestDerivation(symbol: string, shortest: ShortestRules): DerivationNode {
  const rule = shortest.rule.get(symbol)!;
  return { kind: 'nonterminal', symbol, rule, children: rule.rhs.map((s) => leafOrShortest(s, shortest)) };
}

export function leafOrShortest(s: Rule['rhs'][number], shortest: ShortestRules): DerivationNode {
  if (s.kind === 'word') return { kind: 'word', word: s.word, tag: s.tag };
  if (s.kind === 'marker') return { kind: 'marker', name: s.name };
  return shortestDerivation(s.name, shortest);
}

export function yieldLength(node: DerivationNode): number {
  if (node.kind === 'word') return 1;
  if (node.kind === 'marker') return 0;
  return node.children.reduce((sum, c) => sum + yieldLength(c), 0);
}

const ROLE_OF_MARKER: Record<string, string> = { AGR: 'subjectHead', AAux: 'mainAux', ANT: 'antecedent' };
const AUX_TAG = /^(MAux|Aux|AuxSg|AuxPl)$/;
const NOUN_TAG = /^(N|MN|NS|N_sg|N_pl|N_M|N_F)$/;
const VERB_TAG = /^(VI|VT|VS|VD)$/;

interface Spanned {
  node: Extract<DerivationNode, { kind: 'nonterminal' }>;
  parent?: string;
  depth: number;
  start: number;
  end: number;
}

/** Flattens a derivation into an annotated sentence: words, tags, markers, and the roles rewrites and probes need. */
export function toAnnotatedSentence(root: DerivationNode): AnnotatedSentence {
  const words: string[] = [];
  const tags: string[] = [];
  const markers: Record<string, number[]> = {};
  const nodes: Spanned[] = [];
  const annotated = new Map<string, Set<number>>();
  // `inherited`: the roles of every symbol above this node (`NP@SUBJ` over `N`), each given to every word below.
  const walk = (node: DerivationNode, inherited: readonly string[], parent?: string, ruleDepth = 0) => {
    if (node.kind === 'word') {
      for (const role of inherited) {
        if (!annotated.has(role)) annotated.set(role, new Set());
        annotated.get(role)!.add(words.length);
      }
      words.push(node.word);
      tags.push(node.tag);
    } else if (node.kind === 'marker') {
      (markers[node.name] ??= []).push(words.length - 1);
    } else {
      const entry: Spanned = { node, parent, depth: ruleDepth, start: words.length, end: words.length };
      nodes.push(entry);
      // Children are the rule's right side in order, so each child's roles are on its right-side symbol.
      node.children.forEach((child, i) => {
        const symbol = node.rule.rhs[i];
        const roles = symbol.kind !== 'marker' && symbol.roles ? [...inherited, ...symbol.roles] : inherited;
        walk(child, roles, node.symbol, ruleDepth + 1);
      });
      entry.end = words.length;
    }
  };
  walk(root, []);
  for (const [role, indices] of annotated) {
    markers[role] = [...new Set([...(markers[role] ?? []), ...indices])].sort((a, b) => a - b);
  }

  const roles: Record<string, number> = {};
  const spans: Record<string, [number, number]> = {};
  for (const [name, indices] of Object.entries(markers)) {
    if (ROLE_OF_MARKER[name] && indices.length > 0) roles[ROLE_OF_MARKER[name]] = indices[0];
  }
  // The main clause's subject: breadth-first, the first NP-like child of an S node.
  const byDepth = [...nodes].sort((a, b) => a.depth - b.depth || a.start - b.start);
  const subject = byDepth.find((n) => /^NP/.test(n.node.symbol) && n.parent === 'S');
  if (subject) {
    spans.subject = [subject.start, subject.end];
    if (roles.subjectHead === undefined) {
      let head: number | undefined;
      for (let i = subject.start; i < subject.end && !/^(Prep|Rel)$/.test(tags[i]); i++) if (NOUN_TAG.test(tags[i])) head = i;
      if (head !== undefined) roles.subjectHead = head;
    }
    // The subject's own noun phrase without post-modifiers: Open Sesame's "subject span" (e.g. `0 1` for "the cat").
    if (roles.subjectHead !== undefined && roles.subjectHead >= subject.start && roles.subjectHead < subject.end) {
      spans.subjectNP = [subject.start, roles.subjectHead + 1];
    }
    if (roles.mainAux === undefined) {
      const aux = tags.findIndex((t, i) => i >= subject.end && AUX_TAG.test(t));
      if (aux >= 0) roles.mainAux = aux;
    }
  }
  if (roles.mainAux === undefined) {
    const maux = tags.indexOf('MAux');
    if (maux >= 0) roles.mainAux = maux;
  }
  if (roles.mainAux !== undefined) {
    const verb = tags.findIndex((t, i) => i > roles.mainAux && VERB_TAG.test(t));
    if (verb >= 0) {
      roles.verb = verb;
      const object = nodes.find((n) => /^NP/.test(n.node.symbol) && n.start === verb + 1);
      if (object) spans.object = [object.start, object.end];
    }
  }
  return { words, tags, markers, roles, spans };
}
