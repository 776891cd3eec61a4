/**
 * Why full introspection costs what it costs (issue 14, item 3): raw onnxruntime on the fixture sentiment model, one
 * variable at a time, at batches of 1 and 8 over 256 short review sentences, with Sesame's session options:
 *   plain            the unedited graph, logits fetched and dropped (the model-sizes bench's plain side)
 *   edited, logits   Sesame's edited graph (25 more graph outputs, stacking switched off), logits only: predict's floor
 *   14 outputs kept  every layer's hidden state and attention map as its own output, each pass's results kept until
 *                    the 256 sentences are done, as a caller of full introspection keeps them
 *   3 outputs kept   the same tensors as one stacked output per kind (what Sesame fetches)
 * Each scenario runs in short chunks interleaved with the others; the table gives the lower quartile and the median
 * CPU time per chunk relative to plain (on a shared machine the lower quartile is the least disturbed number).
 *
 *   npm run bench -- onnx-outputs
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { Tokenizer } from '@huggingface/tokenizers';
import { analyseGraph, appendGraphOutputs, decodeModel, readWithRoom } from '../src/models/graph.js';
import { sessionOptions } from '../src/models/session.js';
import { defaultThreads } from '../src/models/threads.js';
import { load1, paddedFeeds, reviewSentences, table } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.resolve(here, '..', 'fixtures', 'models', 'tiny-bert-sentiment');
const FILE = path.join(DIR, 'onnx', 'model.onnx');
const CHUNKS = 40;
const CHUNK_SENTENCES = 32;

const config = JSON.parse(fs.readFileSync(path.join(DIR, 'config.json'), 'utf8'));
const bytes = readWithRoom(FILE, 1 << 20);
const graph = decodeModel(bytes, FILE);
const anatomy = analyseGraph(graph, { numLayers: config.num_hidden_layers, vocabSize: config.vocab_size });
const STACK = { hidden: 'sesame/hidden_states', attention: 'sesame/attentions' };
const SWITCH = { hidden: 'sesame/stack_hidden_states', attention: 'sesame/stack_attentions' };
const edited = appendGraphOutputs(bytes, anatomy.originalOutputs, [...anatomy.hiddenStateOutputs, ...anatomy.attentionOutputs], [
  { name: STACK.hidden, switch: SWITCH.hidden, inputs: anatomy.hiddenStateOutputs },
  { name: STACK.attention, switch: SWITCH.attention, inputs: anatomy.attentionOutputs },
]);
const threads = defaultThreads();
const options = sessionOptions('cpu', threads);
const plain = await ort.InferenceSession.create(fs.readFileSync(FILE), options);
const session = await ort.InferenceSession.create(edited, options);

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
const tokenizer = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
const sorted = reviewSentences(256).map((t) => tokenizer.encode(t).ids as number[]).sort((a, b) => a.length - b.length);
const flag = (on: boolean) => new ort.Tensor('bool', new Uint8Array([on ? 1 : 0]), []);

/** The padded batches of the sorted sentences, as feeds (with the switches for the edited graph). */
function batches(size: number, stack: boolean): Array<Record<string, ort.Tensor>> {
  const out: Array<Record<string, ort.Tensor>> = [];
  for (let start = 0; start < sorted.length; start += size) {
    out.push({ ...paddedFeeds(ort.Tensor, sorted.slice(start, start + size)), [SWITCH.hidden]: flag(stack), [SWITCH.attention]: flag(stack) });
  }
  return out;
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];
const perLayer = ['logits', ...new Set([...anatomy.hiddenStateOutputs, ...anatomy.attentionOutputs])];

console.log(`ONNX outputs: fixture 6×4×128, ${threads} threads, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
const started = process.cpuUsage();
const rows: Array<Array<string | number>> = [];
for (const size of [1, 8]) {
  const off = batches(size, false);
  const on = batches(size, true);
  const withoutFeeds = off.map(({ input_ids, attention_mask, token_type_ids }) => ({ input_ids, attention_mask, token_type_ids }));
  // each scenario walks through the batches chunk by chunk; a kept scenario holds its results until it has seen all 256
  const scenario = (run: (at: number) => Promise<unknown>, keep: boolean) => {
    let at = 0;
    let kept: unknown[] = [];
    return async () => {
      for (let i = 0; i < Math.max(1, CHUNK_SENTENCES / size); i++, at = (at + 1) % off.length) {
        const result = await run(at);
        if (keep) kept.push(result);
        if (at === off.length - 1) kept = [];
      }
    };
  };
  const scenarios: Array<[string, () => Promise<void>]> = [
    ['plain', scenario((at) => plain.run(withoutFeeds[at]), false)],
    ['edited, logits', scenario((at) => session.run(off[at], ['logits']), false)],
    ['14 outputs kept', scenario((at) => session.run(off[at], perLayer), true)],
    ['3 outputs kept', scenario((at) => session.run(on[at], ['logits', STACK.hidden, STACK.attention]), true)],
  ];
  const cpu = new Map<string, number[]>(scenarios.map(([name]) => [name, []]));
  const loadBefore = load1();
  for (let c = -2; c < CHUNKS; c++) {
    for (const [name, run] of c % 2 ? [...scenarios].reverse() : scenarios) {
      const begin = process.cpuUsage();
      await run();
      const used = process.cpuUsage(begin);
      if (c >= 0) cpu.get(name)!.push(used.user + used.system);
    }
  }
  const base = cpu.get('plain')!;
  for (const [name] of scenarios) {
    const values = cpu.get(name)!;
    rows.push([size, name, (quantile(values, 0.25) / CHUNK_SENTENCES).toFixed(0), (quantile(values, 0.25) / quantile(base, 0.25)).toFixed(2), (quantile(values, 0.5) / quantile(base, 0.5)).toFixed(2), `${loadBefore}–${load1()}`]);
  }
}
console.log(table([['batch', 'scenario', 'µs CPU / sentence (q25)', '÷ plain (q25)', '÷ plain (median)', 'load avg'], ...rows]));
const used = process.cpuUsage(started);
console.log(`whole bench: CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
await Promise.all([plain.release(), session.release()]);
