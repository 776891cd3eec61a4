import type { WordEdit } from '../report/types.js';
import { applyEdits, splitAffixes, type ParsedSentence } from '../../attacks/internal/words.js';

/** The current state of an attacked sentence: which original words were replaced, by what. */
export class WorkingSentence {
  constructor(
    readonly original: ParsedSentence,
    readonly replaced: ReadonlyMap<number, string> = new Map(),
  ) {}

  /** A copy with original word `index` given a new core (its punctuation kept). */
  withCore(index: number, core: string): WorkingSentence {
    const { prefix, suffix } = splitAffixes(this.original.tokens[index].text);
    const next = new Map(this.replaced);
    next.set(index, prefix + core + suffix);
    return new WorkingSentence(this.original, next);
  }

  /** A copy with original word `index` deleted (for deletion-based word importance). */
  without(index: number): WorkingSentence {
    const next = new Map(this.replaced);
    next.set(index, '');
    return new WorkingSentence(this.original, next);
  }

  edits(): WordEdit[] {
    return [...this.replaced.entries()].sort(([a], [b]) => a - b).map(([index, to]) => ({ index, from: this.original.tokens[index].text, to }));
  }

  private rendered?: string;

  text(): string {
    this.rendered ??= applyEdits(this.original, this.edits());
    return this.rendered;
  }

  /** Cores of every token as they now read (deleted words read as ''). */
  cores(): string[] {
    return this.original.tokens.map((t, i) => splitAffixes(this.replaced.get(i) ?? t.text).core);
  }
}
