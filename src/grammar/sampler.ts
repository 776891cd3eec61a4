import fc from 'fast-check';
import { leafOrShortest, shortestRules, toAnnotatedSentence, yieldLength, type DerivationNode, type ShortestRules } from './derivation.js';
import type { AnnotatedSentence, Grammar, Rule } from './types.js';

export interface GrammarSentenceOptions {
  /** Symbol to derive from. Default the grammar's start symbol (the first rule's left side). */
  start?: string;
  /** Past this many nested rules every nonterminal takes its shortest derivation. Default 40. */
  maxDepth?: number;
}

/** A sampled sentence with the derivation it came from. */
export interface Derived extends AnnotatedSentence {
  text: string;
  derivation: DerivationNode;
}

type NonterminalNode = Extract<DerivationNode, { kind: 'nonterminal' }>;

/**
 * Samples sentences from a weighted CFG with each rule's probability (weight over the weights of its left side).
 * Shrinking replaces a subtree by the shortest derivation of its symbol, or by a smaller subtree of the same
 * symbol inside it: counterexamples shrink toward shorter derivations.
 */
class DerivationArbitrary extends fc.Arbitrary<Derived> {
  private readonly shortest: ShortestRules;

  constructor(
    private readonly grammar: Grammar,
    private readonly start: string,
    private readonly maxDepth: number,
  ) {
    super();
    if (!grammar.rules.has(start)) throw new Error(`${grammar.source}: no rule has left side ${start}`);
    this.shortest = shortestRules(grammar);
  }

  generate(mrng: fc.Random): fc.Value<Derived> {
    const tree = this.expand(this.start, mrng, 0);
    return new fc.Value(derived(tree), tree);
  }

  canShrinkWithoutContext(value: unknown): value is Derived {
    return false;
  }

  shrink(_value: Derived, context: unknown): fc.Stream<fc.Value<Derived>> {
    if (context === undefined) return fc.Stream.nil();
    const tree = context as DerivationNode;
    const shortest = this.shortest;
    function* candidates(): Generator<fc.Value<Derived>> {
      for (const replaced of smallerTrees(tree, shortest)) yield new fc.Value(derived(replaced), replaced);
    }
    return new fc.Stream(candidates());
  }

  private expand(symbol: string, mrng: fc.Random, depth: number): NonterminalNode {
    const rules = this.grammar.rules.get(symbol)!;
    const rule = depth >= this.maxDepth ? this.shortest.rule.get(symbol)! : pick(rules, mrng);
    const children = rule.rhs.map((s): DerivationNode =>
      s.kind === 'nonterminal' ? this.expand(s.name, mrng, depth + 1) : leafOrShortest(s, this.shortest),
    );
    return { kind: 'nonterminal', symbol, rule, children };
  }
}

function pick(rules: Rule[], mrng: fc.Random): Rule {
  const total = rules.reduce((s, r) => s + r.weight, 0);
  let x = mrng.nextDouble() * total;
  for (const r of rules) {
    x -= r.weight;
    if (x < 0 && r.weight > 0) return r;
  }
  return rules.filter((r) => r.weight > 0).at(-1)!;
}

function derived(tree: DerivationNode): Derived {
  const sentence = toAnnotatedSentence(tree);
  return { ...sentence, text: sentence.words.join(' '), derivation: tree };
}

/** Every tree one step smaller than `tree`, biggest cuts first (outer subtrees before inner ones). */
function* smallerTrees(tree: DerivationNode, shortest: ShortestRules): Generator<DerivationNode> {
  if (tree.kind !== 'nonterminal') return;
  const size = yieldLength(tree);
  if (size > shortest.length.get(tree.symbol)!) {
    yield leafOrShortest({ kind: 'nonterminal', name: tree.symbol }, shortest);
    for (const inner of sameSymbolDescendants(tree, tree.symbol)) if (yieldLength(inner) < size) yield inner;
  }
  for (let i = 0; i < tree.children.length; i++) {
    for (const smaller of smallerTrees(tree.children[i], shortest)) {
      const children = [...tree.children];
      children[i] = smaller;
      yield { ...tree, children };
    }
  }
}

function* sameSymbolDescendants(node: NonterminalNode, symbol: string): Generator<DerivationNode> {
  for (const child of node.children) {
    if (child.kind !== 'nonterminal') continue;
    if (child.symbol === symbol) yield child;
    yield* sameSymbolDescendants(child, symbol);
  }
}

/** A fast-check arbitrary of sentences sampled from `grammar`, with tags, markers and word roles. */
export function grammarSentence(grammar: Grammar, options: GrammarSentenceOptions = {}): fc.Arbitrary<Derived> {
  return new DerivationArbitrary(grammar, options.start ?? grammar.start, options.maxDepth ?? 40);
}
