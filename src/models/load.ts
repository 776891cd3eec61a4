import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SesameError } from '../errors.js';
import { DEFAULT_MAX_DISK_BYTES, OutputCache } from './cache.js';
import { lastHiddenAfterFinalNorm, readConfigFacts } from './config.js';
import { analyseGraph, appendGraphOutputs, decodeModel, readEmbeddingMatrix, readWithRoom, type GraphAnatomy } from './graph.js';
import { LoadedModel } from './model.js';
import { DEVICES, ForwardSession, type StackedNames } from './session.js';
import { resolveModelFiles } from './source.js';
import { defaultThreads, threadCountProblem } from './threads.js';
import { ModelTokenizer } from './tokenizer.js';
import type { LoadOptions, ModelInfo, SesameModel } from './types.js';

/**
 * Loads a transformers.js / Hugging Face model directory (or, when allowed, a hub id) with every layer's hidden
 * states and every head's attention exposed: the ONNX graph is edited so one forward pass returns them all (each
 * layer alone, or all layers of a kind stacked).
 */
/** Where computed results are cached when no `cacheDir` is given: `.sesame-cache/` in the working directory. */
export function defaultCacheDir(): string {
  return path.resolve('.sesame-cache');
}

export async function loadModel(idOrPath: string, options: LoadOptions = {}): Promise<SesameModel> {
  const precision = options.precision ?? 'fp32';
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SesameError(`batch size ${batchSize} is not a positive integer; pass batchSize: 1 or more`);
  }
  const threadsProblem = options.threads === undefined ? undefined : threadCountProblem(options.threads);
  if (threadsProblem) throw new SesameError(`threads ${threadsProblem}`);
  const device = options.device ?? 'cpu';
  if (!DEVICES.includes(device)) throw new SesameError(`device ${JSON.stringify(device)} is not known; pass device: 'cpu' or 'cuda'`);
  const cacheMaxBytes = diskCacheCap(options.cacheMaxBytes);
  const cachePrecision = options.cachePrecision ?? 'fp32';
  if (cachePrecision !== 'fp16' && cachePrecision !== 'fp32') {
    throw new SesameError(`cache precision ${JSON.stringify(cachePrecision)} is not known; pass cachePrecision: 'fp16' or 'fp32'`);
  }
  const files = await resolveModelFiles(idOrPath, precision, options.allowRemote ?? false);

  const configBytes = fs.readFileSync(files.config);
  let configJson: Record<string, unknown>;
  try {
    configJson = JSON.parse(configBytes.toString('utf8'));
  } catch (err) {
    throw new SesameError(`${files.config} is not valid JSON (${(err as Error).message.split('\n')[0]}); re-download the model files`);
  }
  const facts = readConfigFacts(configJson, files.config);
  const threads = options.threads ?? defaultThreads();
  const tokenizerBytes = fs.readFileSync(files.tokenizer);
  // decoder classifiers are often fine-tuned with pad = eos and no pad token of their own
  const padId = [configJson.pad_token_id, configJson.eos_token_id].find((id): id is number => typeof id === 'number');
  const tokenizer = ModelTokenizer.fromDirectory(files.dir, facts.maxPositions, padId);

  const { anatomy, edited, unedited, contentHash } = readGraph(files.onnx, facts, tokenizerBytes, configBytes);
  // a released session comes back from the file, which must still be the model that was loaded
  // (the anatomy is known by now: the bytes need only their hash checked and the outputs added, no second analysis)
  const reread = () => {
    const bytes = readWithRoom(files.onnx, ROOM);
    if (contentHashOf(bytes, tokenizerBytes, configBytes) !== contentHash) throw new SesameError(`${files.onnx} changed since the model was loaded; load it again`);
    return withLayerOutputs(bytes, anatomy);
  };
  const session = await ForwardSession.create(edited, anatomy, { numHeads: facts.numHeads, padId: tokenizer.padId, threads, device, stacked: STACKED, uneditedGraph: unedited }, files.onnx, reread);
  const causal = await session.isCausal(tokenizer.encode('the probe sentence has seven words here'));
  if (causal && facts.labels) session.readLogitsAtLastToken(facts.labels.length);

  const info: ModelInfo = {
    id: idOrPath,
    path: files.dir,
    ...facts,
    causal,
    maxPositions: tokenizer.maxPositions,
    precision,
    batchSize: anatomy.batchDependent ? 1 : batchSize,
    threads,
    device,
    contentHash,
  };
  const cacheRoot = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const cache = new OutputCache({
    root: cacheRoot === false ? null : path.resolve(cacheRoot),
    modelKey: contentHash,
    maxMemoryBytes: options.memoryCacheBytes,
    maxDiskBytes: cacheMaxBytes,
    precision: cachePrecision,
  });
  const site = anatomy.wordEmbedding;
  const onnxFile = files.onnx;
  return new LoadedModel({
    info,
    tokenizer,
    session,
    cache,
    warn: options.onWarning ?? ((message) => process.stderr.write(`sesame: warning: ${message}\n`)),
    // re-read on demand so a loaded model does not keep the ONNX bytes alive
    readEmbeddings: () => readEmbeddingMatrix(decodeModel(fs.readFileSync(onnxFile), onnxFile), site),
  });
}

/**
 * The graph's anatomy, its bytes with every hidden state and attention map added to the outputs, and the model's
 * content hash. In a function of its own so the decoded tree is garbage once the session is made (and the bytes too, but
 * for a small model, whose other sessions are made from them on first use).
 */
function readGraph(file: string, facts: ReturnType<typeof readConfigFacts>, tokenizerBytes: Buffer, configBytes: Buffer) {
  const onnxBytes = readWithRoom(file, ROOM);
  const graph = decodeModel(onnxBytes, file);
  const anatomy = analyseGraph(graph, {
    numLayers: facts.numLayers,
    vocabSize: facts.vocabSize,
    lastHiddenAfterFinalNorm: lastHiddenAfterFinalNorm(facts.modelType),
  });
  const edited = withLayerOutputs(onnxBytes, anatomy);
  // the file's own bytes, still intact before the appended tail, for a small model's other sessions
  return { anatomy, edited, unedited: onnxBytes, contentHash: contentHashOf(onnxBytes, tokenizerBytes, configBytes) };
}

/** Room behind the read ONNX bytes for the added outputs' names (a few KiB even for large models): no second copy. */
const ROOM = 1 << 20;

/** The graph's bytes with every hidden state and attention map added to its outputs, one by one and stacked. */
function withLayerOutputs(onnxBytes: Uint8Array, anatomy: GraphAnatomy): Uint8Array {
  return appendGraphOutputs(onnxBytes, anatomy.originalOutputs, [...anatomy.hiddenStateOutputs, ...anatomy.attentionOutputs], [
    { name: STACKED.hiddenStates.output, switch: STACKED.hiddenStates.switch, inputs: anatomy.hiddenStateOutputs },
    { name: STACKED.attentions.output, switch: STACKED.attentions.switch, inputs: anatomy.attentionOutputs },
  ]);
}

function contentHashOf(onnxBytes: Uint8Array, tokenizerBytes: Buffer, configBytes: Buffer): string {
  return crypto.createHash('sha256').update(onnxBytes).update(tokenizerBytes).update(configBytes).digest('hex');
}

/** Names of the stacked outputs and their switch inputs added to every graph (graph.ts `StackedOutput`). */
const STACKED: StackedNames = {
  hiddenStates: { output: 'sesame/hidden_states', switch: 'sesame/stack_hidden_states' },
  attentions: { output: 'sesame/attentions', switch: 'sesame/stack_attentions' },
};

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** The disk cache cap: the option, else SESAME_CACHE_MAX_BYTES (`1073741824`, `500M`, `2GiB`), else 2 GiB. */
export function diskCacheCap(option: number | undefined, env: string | undefined = process.env.SESAME_CACHE_MAX_BYTES): number {
  if (option !== undefined) {
    if (!Number.isInteger(option) || option < 0) {
      throw new SesameError(`cacheMaxBytes ${option} is not a whole number of bytes; pass 0 or more (e.g. 1073741824 for 1 GiB)`);
    }
    return option;
  }
  if (env === undefined || env.trim() === '') return DEFAULT_MAX_DISK_BYTES;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(env);
  if (!match) {
    throw new SesameError(`SESAME_CACHE_MAX_BYTES=${JSON.stringify(env)} is not a size; set it to bytes or a size like 500M or 2G`);
  }
  return Math.floor(Number(match[1]) * SIZE_UNITS[match[2].toLowerCase()]);
}
