import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SesameError } from '../errors.js';
import type { Precision } from './types.js';

/** The files of one model, checked to exist. */
export interface ModelFiles {
  dir: string;
  config: string;
  tokenizer: string;
  onnx: string;
}

const ONNX_FILE: Record<Precision, string> = { fp32: 'onnx/model.onnx', q8: 'onnx/model_quantized.onnx' };
const NEEDED = 'config.json, tokenizer.json and onnx/model.onnx';
const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

/**
 * Finds a model's files from a local directory, or (only when remote loading is allowed) downloads a hub id's
 * files into the user cache first.
 */
export async function resolveModelFiles(idOrPath: string, precision: Precision, allowRemote: boolean): Promise<ModelFiles> {
  if (typeof idOrPath !== 'string' || idOrPath.trim() === '') {
    throw new SesameError(`model path is empty; pass a local model directory with ${NEEDED}`);
  }
  if (!(precision in ONNX_FILE)) {
    throw new SesameError(`precision "${precision}" is not supported; use fp32 or q8`);
  }
  const local = path.resolve(idOrPath);
  let dir: string;
  if (fs.existsSync(local)) {
    if (!fs.statSync(local).isDirectory()) {
      throw new SesameError(`model path ${idOrPath} is a file, not a directory; pass the model directory that holds ${NEEDED}`);
    }
    dir = local;
  } else if (looksLikeHubId(idOrPath)) {
    if (!allowRemote) {
      throw new SesameError(
        `model "${idOrPath}" is not a local directory and Sesame works offline by default; pass the path of a local model directory ` +
          `(with ${NEEDED}), or allow remote loading (allowRemote: true, --allow-remote)`,
      );
    }
    dir = await downloadFromHub(idOrPath, precision);
  } else {
    throw new SesameError(`model directory ${idOrPath} does not exist; pass the path of a local model directory with ${NEEDED}`);
  }
  const files: ModelFiles = {
    dir,
    config: path.join(dir, 'config.json'),
    tokenizer: path.join(dir, 'tokenizer.json'),
    onnx: path.join(dir, ONNX_FILE[precision]),
  };
  for (const name of ['config', 'tokenizer'] as const) {
    if (!fs.existsSync(files[name])) {
      throw new SesameError(`model directory ${idOrPath} has no ${path.basename(files[name])}; a model directory needs ${NEEDED}`);
    }
  }
  if (!fs.existsSync(files.onnx)) {
    const quantizedOnly = precision === 'fp32' && fs.existsSync(path.join(dir, ONNX_FILE.q8));
    const hint =
      precision === 'q8'
        ? 'use precision fp32, or add the quantized export'
        : quantizedOnly
          ? `it has ${ONNX_FILE.q8}: pass --precision q8 (precision: 'q8' in a suite or sesame.config) to use it`
          : 'export the model to ONNX (optimum-cli export onnx, or the transformers.js conversion script)';
    throw new SesameError(`model directory ${idOrPath} has no ${ONNX_FILE[precision]} (needed for precision ${precision}); ${hint}`);
  }
  return files;
}

function looksLikeHubId(id: string): boolean {
  return HUB_ID.test(id) && !id.startsWith('.') && !id.includes(path.sep + path.sep);
}

/** Downloads the files a Sesame model needs from the Hugging Face hub into `~/.cache/sesame/hub/<id>` (atomic writes). */
async function downloadFromHub(id: string, precision: Precision): Promise<string> {
  const endpoint = process.env.HF_ENDPOINT ?? 'https://huggingface.co';
  const dir = path.join(process.env.SESAME_HUB_CACHE ?? path.join(os.homedir(), '.cache', 'sesame', 'hub'), id);
  const wanted = ['config.json', 'tokenizer.json', 'tokenizer_config.json', ONNX_FILE[precision]];
  for (const file of wanted) {
    const target = path.join(dir, file);
    if (fs.existsSync(target)) continue;
    let response: Response;
    try {
      response = await fetch(`${endpoint}/${id}/resolve/main/${file}`);
    } catch (err) {
      throw new SesameError(`cannot download ${file} of "${id}" from ${endpoint} (${(err as Error).message}); check the network or pass a local model directory`);
    }
    if (!response.ok) {
      if (file === 'tokenizer_config.json') continue;
      throw new SesameError(`cannot download ${file} of "${id}" from ${endpoint} (HTTP ${response.status}); check the model id or pass a local model directory`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, Buffer.from(await response.arrayBuffer()));
    fs.renameSync(temp, target);
  }
  return dir;
}
