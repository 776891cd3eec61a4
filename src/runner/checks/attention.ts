import { assertAttentionConfusion, type AttentionConfusionOptions } from '../../assertions/attention-confusion.js';
import { assertAttentionShift, type AttentionShiftOptions } from '../../assertions/attention-shift.js';
import { requireFraction, requireLayerRange, requireNonNegative } from '../../assertions/thresholds.js';
import { UsageError } from '../../errors.js';
import { compareAttention } from '../../attention/compare-attention.js';
import type { AttentionItem } from '../../attention/confusion.js';
import { generateAttentionItems } from '../../probing/datasets/generated.js';
import type { AttentionResult } from '../../report/types.js';
import type { Check, TestContext } from '../types.js';
import { modelPairIds, pairKey } from './model-pair.js';
import { withOverrides } from './thresholds.js';

export type ItemSource = 'generated' | AttentionItem[] | ((ctx: TestContext) => AttentionItem[] | Promise<AttentionItem[]>);

export interface AttentionData {
  /** Items to run both models on: Sesame's generated agreement/reflexive items (default), a list, or a function making them (it may `ctx.skip`). */
  items?: ItemSource;
  /** Name shown in the report (default `attention`). */
  name?: string;
  /** Generated items per condition. Default 25. */
  perCondition?: number;
}

async function resolveItems(data: AttentionData, ctx: TestContext): Promise<AttentionItem[]> {
  const source = data.items ?? 'generated';
  if (source === 'generated') return generateAttentionItems({ perCondition: data.perCondition ?? 25, seed: ctx.runSeed });
  return typeof source === 'function' ? source(ctx) : source;
}

/** One attention comparison per run for the same models and items, however many tests judge it. */
async function compared(data: AttentionData, ctx: TestContext): Promise<AttentionResult> {
  const [pretrained, finetuned] = [await ctx.pretrained(), await ctx.finetuned()];
  const items = await resolveItems(data, ctx);
  const name = data.name ?? 'attention';
  const key = ['attention', name, items.length, items[0]?.text ?? '', pairKey(pretrained, finetuned)].join('|');
  return ctx.memo(key, async () => ({ ...(await compareAttention(pretrained, finetuned, items, { name })), models: modelPairIds(pretrained, finetuned) }));
}

/** Per-head attention shift between pretrained and fine-tuned (Jensen–Shannon divergence) below a bound. */
export function attentionShift(options: AttentionShiftOptions & AttentionData): Check {
  requireFraction('maxJsd', options.maxJsd);
  if (options.layers) requireLayerRange('layers', options.layers);
  return {
    kind: 'attention',
    description: `every head's attention shift ≤ ${options.maxJsd} bits`,
    async run(ctx) {
      const result = await compared(options, ctx);
      const judged = assertAttentionShift(result, withOverrides(options, ctx.thresholds, ['maxJsd']));
      return { ...judged, result: { kind: 'attention', value: result } };
    },
  };
}

/** Open Sesame's attention confusion (−log2 p(correct phrase)) below a value. */
export function attentionConfusion(options: AttentionConfusionOptions & AttentionData): Check {
  if ((options.maxConfusion === undefined) === (options.maxIncrease === undefined)) {
    throw new UsageError('attentionConfusion needs exactly one of maxConfusion (bits) or maxIncrease (bits above the pretrained model)');
  }
  if (options.maxConfusion !== undefined) requireNonNegative('maxConfusion', options.maxConfusion);
  if (options.maxIncrease !== undefined) requireNonNegative('maxIncrease', options.maxIncrease);
  if (options.layers) requireLayerRange('layers', options.layers);
  return {
    kind: 'attention',
    description:
      options.maxIncrease !== undefined
        ? `fine-tuned attention confusion ≤ pretrained + ${options.maxIncrease} bits`
        : `${options.model ?? 'finetuned'} attention confusion ≤ ${options.maxConfusion} bits`,
    async run(ctx) {
      const result = await compared(options, ctx);
      const judged = assertAttentionConfusion(result, withOverrides(options, ctx.thresholds, ['maxConfusion', 'maxIncrease']));
      return { ...judged, result: { kind: 'attention', value: result } };
    },
  };
}
