import type { SesameModel } from '../../models/types.js';
import { bertScore } from '../../screen/constraints/bert-score.js';
import { defaultScreen } from '../../screen/default-screen.js';
import type { Constraint } from '../../screen/types.js';
import { isSesameError } from '../execute.js';
import type { TestContext } from '../types.js';

/**
 * The validity screen of a block's adversarial examples and INV counterexamples: the default lexical constraints, and
 * BERTScore with the block's pretrained model as encoder when the block has one (a fine-tune-only block gets the
 * lexical screen).
 */
export async function blockScreen(ctx: TestContext): Promise<Constraint[]> {
  let encoder: SesameModel | undefined;
  try {
    encoder = await ctx.pretrained();
  } catch (e) {
    // Not `instanceof UsageError`: a suite may load its own copy of errors.ts (tsx), so its class is another one.
    if (!isSesameError(e)) throw e;
  }
  return defaultScreen({ cacheDir: ctx.cacheDir, ...(encoder ? { extra: [bertScore({ encoder })] } : {}) });
}
