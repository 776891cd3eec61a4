import { createRequire } from 'node:module';
import type { LabellingExample } from '../task-types.js';

interface BrillTagger {
  tag(words: string[]): { taggedWords: Array<{ token: string; tag: string }> };
}

let tagger: BrillTagger | undefined;

/** natural's Brill tagger with its English lexicon and rules (Penn Treebank tags), loaded once. */
function brillTagger(): BrillTagger {
  if (!tagger) {
    process.env.DOTENV_CONFIG_QUIET ??= 'true';
    const natural = createRequire(import.meta.url)('natural');
    const lexicon = new natural.Lexicon('EN', 'NN', 'NNP');
    tagger = new natural.BrillPOSTagger(lexicon, new natural.RuleSet('EN')) as BrillTagger;
  }
  return tagger;
}

/** Part-of-speech labelling examples: every whitespace word labelled with its Brill tag. */
export function tagSentences(sentences: string[][]): LabellingExample[] {
  const t = brillTagger();
  return sentences.map((words) => ({ words, labels: t.tag(words).taggedWords.map((w) => w.tag) }));
}
