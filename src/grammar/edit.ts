import type { WordEdit } from '../report/types.js';
import type { AnnotatedSentence } from './types.js';

/**
 * An annotated sentence under edit: every insertion shifts the markers, roles and spans after it, so indices stay
 * right, and the word-level edit record is kept against the original sentence's indices.
 */
export class SentenceEditor {
  readonly words: string[];
  readonly tags: string[];
  readonly markers: Record<string, number[]>;
  readonly roles: Record<string, number>;
  readonly spans: Record<string, [number, number]>;
  readonly edits: WordEdit[] = [];
  /** Current position of each original word (insertions move them right). */
  private readonly position: number[];

  constructor(readonly original: AnnotatedSentence) {
    this.words = [...original.words];
    this.tags = [...original.tags];
    this.markers = Object.fromEntries(Object.entries(original.markers).map(([k, v]) => [k, [...v]]));
    this.roles = { ...original.roles };
    this.spans = Object.fromEntries(Object.entries(original.spans).map(([k, [s, e]]) => [k, [s, e] as [number, number]]));
    this.position = original.words.map((_, i) => i);
  }

  /** Current index of original word `i`. */
  at(originalIndex: number): number {
    return this.position[originalIndex];
  }

  /**
   * Inserts words before the word now at `index` (`index === words.length` appends). A span that contains the
   * insertion point strictly inside it grows; the spans named in `attachTo` also grow when they end exactly there
   * (a modifier attached after the phrase).
   */
  insert(index: number, words: string[], tags: string[], attachTo: readonly string[] = []): void {
    const n = words.length;
    const originalIndex = this.position.findIndex((p) => p >= index);
    this.words.splice(index, 0, ...words);
    this.tags.splice(index, 0, ...tags);
    const shift = (i: number) => (i >= index ? i + n : i);
    for (let k = 0; k < this.position.length; k++) this.position[k] = shift(this.position[k]);
    for (const list of Object.values(this.markers)) list.forEach((v, k) => (list[k] = shift(v)));
    for (const role of Object.keys(this.roles)) this.roles[role] = shift(this.roles[role]);
    for (const [name, span] of Object.entries(this.spans)) {
      const [s, e] = span;
      span[0] = s >= index ? s + n : s;
      span[1] = e > index || (attachTo.includes(name) && e === index && s < index) ? e + n : e;
    }
    const at = originalIndex === -1 ? this.original.words.length : originalIndex;
    for (const word of words) this.edits.push({ index: at, from: '', to: word });
  }

  /** Replaces the word that was original word `originalIndex`. */
  replace(originalIndex: number, word: string, tag?: string): void {
    const i = this.position[originalIndex];
    this.edits.push({ index: originalIndex, from: this.original.words[originalIndex], to: word });
    this.words[i] = word;
    if (tag !== undefined) this.tags[i] = tag;
  }

  result(): AnnotatedSentence {
    return { words: this.words, tags: this.tags, markers: this.markers, roles: this.roles, spans: this.spans };
  }
}
