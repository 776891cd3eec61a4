import type fc from 'fast-check';
import type { WordEdit } from '../src/report/types.js';
import { matchCase, parseSentence, splitAffixes } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult, type Site } from './perturbation.js';

export interface ContractionOptions extends AmountOptions {
  /** Expand contractions, contract expansions, or either. Default `both`. */
  direction?: 'expand' | 'contract' | 'both';
}

/** Contraction → expansion. Ambiguous ones ('s, 'd) take their most frequent reading. */
const EXPANSIONS: Record<string, string> = {
  "don't": 'do not', "doesn't": 'does not', "didn't": 'did not', "isn't": 'is not', "aren't": 'are not', "wasn't": 'was not',
  "weren't": 'were not', "hasn't": 'has not', "haven't": 'have not', "hadn't": 'had not', "can't": 'cannot', "couldn't": 'could not',
  "won't": 'will not', "wouldn't": 'would not', "shouldn't": 'should not', "mustn't": 'must not', "i'm": 'i am', "i've": 'i have',
  "i'll": 'i will', "i'd": 'i would', "you're": 'you are', "you've": 'you have', "you'll": 'you will', "we're": 'we are',
  "we've": 'we have', "we'll": 'we will', "they're": 'they are', "they've": 'they have', "they'll": 'they will',
  "it's": 'it is', "that's": 'that is', "there's": 'there is', "he's": 'he is', "she's": 'she is', "what's": 'what is',
  "let's": 'let us', "he'll": 'he will', "she'll": 'she will', "it'll": 'it will',
};

const CONTRACTIONS: Record<string, string> = Object.fromEntries(
  Object.entries(EXPANSIONS).map(([c, e]) => [e, c]).concat([['can not', "can't"]]),
);

const norm = (s: string) => s.toLowerCase().replace(/’/g, "'");

function expandSite(tokens: string[], i: number): Site | null {
  const { prefix, core, suffix } = splitAffixes(tokens[i]);
  const expansion = EXPANSIONS[norm(core)];
  if (!expansion) return null;
  const fixed = expansion.replace(/\bi\b/g, 'I');
  return { alternatives: [[{ index: i, from: tokens[i], to: prefix + matchCase(core, fixed) + suffix }]] };
}

function contractSite(tokens: string[], i: number): Site | null {
  if (i + 1 >= tokens.length) return null;
  const first = splitAffixes(tokens[i]);
  const second = splitAffixes(tokens[i + 1]);
  if (first.suffix || second.prefix) return null;
  const key = `${norm(first.core)} ${norm(second.core)}`;
  const single = norm(first.core) === 'cannot' ? "can't" : undefined;
  if (single) return { alternatives: [[{ index: i, from: tokens[i], to: first.prefix + matchCase(first.core, single) + first.suffix }]] };
  const contracted = CONTRACTIONS[key];
  if (!contracted) return null;
  const fixed = contracted.replace(/^i'/, "I'");
  const edits: WordEdit[] = [
    { index: i, from: tokens[i], to: first.prefix + matchCase(first.core, fixed) + second.suffix },
    { index: i + 1, from: tokens[i + 1], to: '' },
  ];
  return { alternatives: [edits] };
}

/** Contractions expanded (don't → do not) and expansions contracted (it is → it's): meaning unchanged. */
export function contractions(sentence: string, options: ContractionOptions = {}): fc.Arbitrary<PerturbationResult> {
  const direction = options.direction ?? 'both';
  const parsed = parseSentence(sentence);
  const tokens = parsed.tokens.map((t) => t.text);
  const sites: Site[] = [];
  const used = new Set<number>();
  tokens.forEach((_, i) => {
    if (used.has(i)) return;
    const site = (direction !== 'contract' ? expandSite(tokens, i) : null) ?? (direction !== 'expand' ? contractSite(tokens, i) : null);
    if (site) {
      sites.push(site);
      for (const e of site.alternatives[0]) used.add(e.index);
    }
  });
  return sitesArbitrary('contractions', parsed, sites, options, `no contraction to ${direction === 'both' ? 'expand or contract' : direction}`);
}
