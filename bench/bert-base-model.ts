/**
 * The bert-base-size bench model, made on demand and never committed: a BERT classifier of bert-base shape
 * (12 layers × 12 heads × 768, 3072 inner, 512 positions) with seeded random weights, the fixture tokenizer
 * (vocabulary 8000, so about 92 M parameters instead of bert-base's 110 M) and the fixtures' file layout.
 * Built once by bench/make-bert-base.py into `.sesame-cache/bench/bert-base-random/` (git-ignored; override the
 * folder with SESAME_BENCH_DIR, the interpreter with SESAME_PYTHON, default Debian's /usr/bin/python3 with python3-torch).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.resolve(here, '..', 'fixtures', 'models', 'tiny-bert-sentiment');

export function benchDir(): string {
  return process.env.SESAME_BENCH_DIR ?? path.resolve(here, '..', '.sesame-cache', 'bench');
}

/**
 * The model directory, building it first when it is missing (about 30 s, 370 MB on disk). Another seed gives a second
 * model of the same shape with other random weights: the "fine-tuned" side of a bert-base-size pair.
 */
export function ensureBertBase(seed = 0): string {
  const dir = path.join(benchDir(), `bert-base-random-seed${seed}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt']) {
    fs.copyFileSync(path.join(FIXTURE, file), path.join(dir, file));
  }
  const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'config.json'), 'utf8'));
  const config = { ...fixture, hidden_size: 768, num_attention_heads: 12, num_hidden_layers: 12, intermediate_size: 3072, max_position_embeddings: 512 };
  fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  if (fs.existsSync(path.join(dir, 'onnx', 'model.onnx'))) return dir;
  const python = process.env.SESAME_PYTHON ?? '/usr/bin/python3';
  console.error(`building the bert-base-size bench model in ${dir} (once; ${python} with torch)…`);
  const r = spawnSync(python, [path.join(here, 'make-bert-base.py'), dir, '--vocab', String(config.vocab_size), '--seed', String(seed)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    console.error(`bench: cannot build the bert-base-size model with ${python} (exit ${r.status ?? r.error?.message}); install Debian's python3-torch and python3-onnx, or set SESAME_PYTHON`);
    process.exit(2);
  }
  return dir;
}
