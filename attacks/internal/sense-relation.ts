import { baseForms } from './polarity.js';
import type { WordNetPos } from './pos.js';
import { wordNetFiles } from './wordnet.js';
import type { Synset, WordNetFilePos } from './wordnet-files.js';

const FILES: Record<WordNetPos, WordNetFilePos> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

/**
 * How WordNet links a substitute to the word it replaces, through the senses a reader would take:
 * - `synonym`: a shared synset;
 * - `similar`: adjectives one similar-to link apart, a satellite and its head (beautiful → gorgeous);
 * - `sibling`: two satellites of one head adjective (funny → hilarious, but also horrible → terrifying: WordNet's
 *   clusters are wide, "alarming" holds both the horrible and the frightening satellites);
 * - `hypernym` / `hyponym`: the substitute is a more general / more specific kind (employee → worker, road → highway), ≤ 2 steps;
 * - `co-hyponym`: two kinds of the same thing (week/month, boot/shoe, cat/dog), neither a kind of the other;
 * - `unrelated`: none of these; `unknown`: WordNet lacks one of the words in this part of speech.
 */
export type SenseRelationKind = 'synonym' | 'similar' | 'sibling' | 'hypernym' | 'hyponym' | 'co-hyponym' | 'unrelated' | 'unknown';

export interface SenseRelation {
  kind: SenseRelationKind;
  /**
   * The share of each word's SemCor tags that fall on the senses making the link (the word's first sense counts
   * as 1 tag when SemCor never tagged it): how likely a reader takes each word in the linking sense.
   */
  originalShare: number;
  substituteShare: number;
  /** The synset words through which the link was found (for reasons). */
  via?: string;
}

interface Sense {
  offset: number;
  synset: Synset;
  /** Share of the word's SemCor tags on this sense. */
  share: number;
}

const sensesMemo = new Map<string, Sense[]>();

/** The senses of a word form (tried under its base forms: shoes → shoe, quickly → quick is not taken for adverbs). */
export function wordSenses(word: string, pos: WordNetPos): Sense[] {
  const key = `${pos}:${word.toLowerCase()}`;
  let found = sensesMemo.get(key);
  if (found) return found;
  const files = wordNetFiles();
  found = [];
  // Every lemma the form may come from (shoes: the noun "shoes", someone's situation, and the plural of "shoe").
  for (const form of pos === 'r' ? [word.toLowerCase()] : baseForms(word.toLowerCase())) {
    const { offsets } = files.senses(form, FILES[pos]);
    if (offsets.length === 0) continue;
    const counts = files.tagCounts(form, FILES[pos]);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    offsets.forEach((offset, i) => {
      const share = total > 0 ? (counts.get(offset) ?? 0) / total : i === 0 ? 1 : 0;
      const seen = found!.find((s) => s.offset === offset);
      if (seen) seen.share = Math.max(seen.share, share);
      else found!.push({ offset, synset: files.synset(offset, pos), share });
    });
  }
  sensesMemo.set(key, found);
  return found;
}

const HYPERNYM = new Set(['@', '@i']);

const ancestorsMemo = new Map<string, Map<number, number>>();

/** Synset offsets reachable upward in ≤ depth hypernym steps, with their distance (the synset itself at 0). */
function ancestors(synset: Synset, pos: WordNetPos, depth: number): Map<number, number> {
  const key = `${pos}:${synset.offset}:${depth}`;
  const memo = ancestorsMemo.get(key);
  if (memo) return memo;
  const found = walkUp(synset, pos, depth);
  ancestorsMemo.set(key, found);
  return found;
}

function walkUp(synset: Synset, pos: WordNetPos, depth: number): Map<number, number> {
  const files = wordNetFiles();
  const out = new Map<number, number>([[synset.offset, 0]]);
  let frontier: Synset[] = [synset];
  for (let d = 1; d <= depth; d++) {
    const next: Synset[] = [];
    for (const s of frontier) {
      for (const p of s.pointers) {
        if (!HYPERNYM.has(p.symbol) || out.has(p.offset)) continue;
        out.set(p.offset, d);
        next.push(files.synset(p.offset, pos));
      }
    }
    frontier = next;
  }
  return out;
}

/** One similar-to link apart: a satellite and its head. */
function directlySimilar(x: Synset, y: Synset): boolean {
  return x.pointers.some((p) => p.symbol === '&' && p.offset === y.offset) || y.pointers.some((p) => p.symbol === '&' && p.offset === x.offset);
}

/** Head synsets of an adjective synset: itself when a head, else the heads its similar-to pointers name. */
function adjectiveHeads(synset: Synset): Set<number> {
  const heads = new Set<number>();
  if (synset.type === 'a') heads.add(synset.offset);
  for (const p of synset.pointers) if (p.symbol === '&') heads.add(p.offset);
  return heads;
}

const ORDER: SenseRelationKind[] = ['synonym', 'similar', 'hyponym', 'hypernym', 'sibling', 'co-hyponym'];

const relationMemo = new Map<string, SenseRelation>();

/**
 * The closest WordNet link between `original` and `substitute` as `pos`, over every pair of senses, preferring the
 * closer kind and, within a kind, the pair whose weaker share is largest. Nouns and verbs are walked up to
 * `depth` hypernym steps (default 2) each way.
 */
export function senseRelation(original: string, substitute: string, pos: WordNetPos, depth = 2): SenseRelation {
  // An attack asks about the same word and candidate for every sentence it tries: answer once.
  const key = `${pos}:${depth}:${original.toLowerCase()}:${substitute.toLowerCase()}`;
  let found = relationMemo.get(key);
  if (!found) {
    if (relationMemo.size > 50_000) relationMemo.clear();
    found = computeRelation(original, substitute, pos, depth);
    relationMemo.set(key, found);
  }
  return found;
}

function computeRelation(original: string, substitute: string, pos: WordNetPos, depth: number): SenseRelation {
  const direct = relate(wordSenses(original, pos), wordSenses(substitute, pos), pos, depth);
  if (pos !== 'r' || direct.kind === 'synonym') return direct;
  // Adverbs have no hierarchy: compare the adjectives they pertain to (beautifully → beautiful, superbly → superb).
  const viaAdjectives = relate(pertainyms(original), pertainyms(substitute), 'a', depth);
  return viaAdjectives.kind === 'synonym' || viaAdjectives.kind === 'similar' ? { ...viaAdjectives, kind: 'similar' } : direct;
}

/** The adjective senses an adverb's senses pertain to (WordNet's `\\` pointers), each with its adverb sense's share. */
function pertainyms(adverb: string): Sense[] {
  const files = wordNetFiles();
  const out: Sense[] = [];
  for (const sense of wordSenses(adverb, 'r')) {
    for (const p of sense.synset.pointers) {
      if (p.symbol !== '\\' || out.some((s) => s.offset === p.offset)) continue;
      out.push({ offset: p.offset, synset: files.synset(p.offset, p.pos), share: sense.share });
    }
  }
  return out;
}

function relate(a: Sense[], b: Sense[], pos: WordNetPos, depth: number): SenseRelation {
  if (a.length === 0 || b.length === 0) return { kind: 'unknown', originalShare: 0, substituteShare: 0 };
  let best: SenseRelation = { kind: 'unrelated', originalShare: 0, substituteShare: 0 };
  const better = (kind: SenseRelationKind, x: Sense, y: Sense) => {
    const rank = ORDER.indexOf(kind);
    const bestRank = best.kind === 'unrelated' ? ORDER.length : ORDER.indexOf(best.kind);
    const weak = Math.min(x.share, y.share);
    if (rank < bestRank || (rank === bestRank && weak > Math.min(best.originalShare, best.substituteShare))) {
      best = { kind, originalShare: x.share, substituteShare: y.share, via: `${x.synset.words.slice(0, 3).join(', ')} / ${y.synset.words.slice(0, 3).join(', ')}` };
    }
  };
  const hierarchical = pos === 'n' || pos === 'v';
  const upB = hierarchical ? b.map((y) => ancestors(y.synset, pos, depth)) : [];
  for (const x of a) {
    const up = hierarchical ? ancestors(x.synset, pos, depth) : undefined;
    for (const [k, y] of b.entries()) {
      if (x.offset === y.offset) {
        better('synonym', x, y);
        continue;
      }
      if (pos === 'a') {
        if (directlySimilar(x.synset, y.synset)) better('similar', x, y);
        else if ([...adjectiveHeads(y.synset)].some((h) => adjectiveHeads(x.synset).has(h))) better('sibling', x, y);
        continue;
      }
      if (!up) continue;
      const upY = upB[k];
      if (up.has(y.offset)) better('hypernym', x, y);
      else if (upY.has(x.offset)) better('hyponym', x, y);
      else if ([...up.keys()].some((o) => o !== x.offset && upY.has(o))) better('co-hyponym', x, y);
    }
  }
  return best;
}

const POS_SHARE_MEMO = new Map<string, number>();

/**
 * The share of a word form's SemCor tags (over its base forms, every part of speech) that fall on `pos`: how often
 * the word is used as, say, a verb (laugh: 64 of 81 tags). NaN when SemCor never tagged it.
 */
export function posShare(word: string, pos: WordNetPos): number {
  const key = `${pos}:${word.toLowerCase()}`;
  const memo = POS_SHARE_MEMO.get(key);
  if (memo !== undefined) return memo;
  const files = wordNetFiles();
  const totals: Record<WordNetPos, number> = { n: 0, v: 0, a: 0, r: 0 };
  for (const p of Object.keys(FILES) as WordNetPos[]) {
    for (const form of baseForms(word.toLowerCase())) totals[p] = Math.max(totals[p], [...files.tagCounts(form, FILES[p]).values()].reduce((a, b) => a + b, 0));
  }
  const all = totals.n + totals.v + totals.a + totals.r;
  const share = all === 0 ? Number.NaN : totals[pos] / all;
  POS_SHARE_MEMO.set(key, share);
  return share;
}
