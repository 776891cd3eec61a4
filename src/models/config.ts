import { SesameError } from '../errors.js';
import type { ModelInfo } from './types.js';

/** The facts Sesame needs from a Hugging Face `config.json`, whatever the model family calls them. */
export type ConfigFacts = Pick<
  ModelInfo,
  'modelType' | 'architecture' | 'numLayers' | 'numHeads' | 'hiddenSize' | 'maxPositions' | 'vocabSize' | 'labels'
>;

type Json = Record<string, unknown>;

function pickNumber(config: Json, keys: string[], file: string, what: string): number {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  throw new SesameError(`${file} has no ${what} (looked for ${keys.join(', ')}); use the config.json that came with the model`);
}

/** Position-embedding slots reserved before the first real position (RoBERTa-style models offset by padding_idx + 1). */
function reservedPositions(config: Json): number {
  const type = String(config.model_type ?? '');
  const offsetFamilies = ['roberta', 'xlm-roberta', 'camembert', 'longformer', 'data2vec-text', 'xmod', 'mpnet'];
  if (!offsetFamilies.includes(type)) return 0;
  const pad = typeof config.pad_token_id === 'number' ? config.pad_token_id : 1;
  return pad + 1;
}

/** Label names by index from `id2label`; null when the model has no classification head (or only the default LABEL_i names of a non-classifier). */
function labelNames(config: Json, architecture: string): string[] | null {
  if (!/ForSequenceClassification$/.test(architecture)) return null;
  const id2label = config.id2label as Record<string, string> | undefined;
  if (!id2label || typeof id2label !== 'object') return null;
  const entries = Object.entries(id2label).map(([k, v]) => [Number(k), String(v)] as const);
  if (entries.length === 0 || entries.some(([k]) => !Number.isInteger(k))) return null;
  const labels: string[] = [];
  for (const [k, v] of entries) labels[k] = v;
  return Array.from(labels, (v, i) => v ?? `LABEL_${i}`);
}

export function readConfigFacts(config: Json, file: string): ConfigFacts {
  const architectures = config.architectures;
  const architecture = Array.isArray(architectures) && architectures.length ? String(architectures[0]) : String(config.model_type ?? 'unknown');
  return {
    modelType: String(config.model_type ?? 'unknown'),
    architecture,
    numLayers: pickNumber(config, ['num_hidden_layers', 'n_layers', 'num_layers', 'n_layer'], file, 'layer count'),
    numHeads: pickNumber(config, ['num_attention_heads', 'n_heads', 'n_head'], file, 'attention head count'),
    hiddenSize: pickNumber(config, ['hidden_size', 'dim', 'd_model', 'n_embd'], file, 'hidden size'),
    maxPositions: pickNumber(config, ['max_position_embeddings', 'n_positions'], file, 'maximum positions') - reservedPositions(config),
    vocabSize: pickNumber(config, ['vocab_size'], file, 'vocabulary size'),
    labels: labelNames(config, architecture),
  };
}

/**
 * Families whose transformers model puts the output of the final norm (GPT-2's `ln_f`, Llama's `norm`), not the raw
 * residual stream, last in `hidden_states`. Every other family's last hidden state is its last layer's output: the
 * post-LN encoders (BERT, DistilBERT, DeBERTa, …) have no final norm, and ModernBERT keeps `final_norm` out.
 */
const FINAL_NORM_IN_LAST_HIDDEN = new Set([
  'gpt2', 'gpt_neo', 'gptj', 'gpt_neox', 'gpt_bigcode', 'llama', 'mistral', 'mixtral', 'qwen2', 'qwen2_moe', 'qwen3',
  'phi', 'phi3', 'gemma', 'gemma2', 'opt', 'bloom', 'falcon', 'stablelm', 'starcoder2', 'olmo', 'cohere',
]);

/** Whether the last hidden state of this `model_type` is taken after the final norm (see FINAL_NORM_IN_LAST_HIDDEN). */
export function lastHiddenAfterFinalNorm(modelType: string): boolean {
  return FINAL_NORM_IN_LAST_HIDDEN.has(modelType);
}
