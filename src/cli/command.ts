import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { threadCountProblem } from '../models/index.js';
import type { Device, Precision } from '../models/types.js';
import { didYouMean } from '../suggest.js';

/** One flag of a command: how it parses and the line `--help` prints for it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder after the flag in help, e.g. `n` → `--seed <n>`. */
  value?: string;
  /** What it does, one line. */
  description: string;
  /** Default shown in help ("(default: 0)"); the command applies it. Omitted when there is none. */
  default?: string;
  required?: boolean;
}

/** One `sesame <name>` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Full command lines that work from the repository (or a project with the same files). */
  examples: string[];
  /** Extra help paragraphs (input file formats), each a list of lines. */
  notes?: Array<{ title: string; lines: string[] }>;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed values of a command's options, typed from its specs. */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
};

function flagText(name: string, o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
}

/** `sesame <command> --help`: usage, one line per option with its default, examples, and any input formats. */
export function commandHelp(command: Command): string {
  const entries = [...Object.entries(command.options).map(([name, o]) => [flagText(name, o), o] as const), ['-h, --help', { type: 'boolean', description: 'show this help' } as OptionSpec] as const];
  const width = Math.min(30, Math.max(...entries.map(([flag]) => flag.length)));
  const lines = entries.map(([flag, o]) => {
    const tail = o.required ? ' (required)' : o.default !== undefined ? ` (default: ${o.default})` : '';
    const pad = flag.length > width ? `\n  ${' '.repeat(width)}` : ' '.repeat(width - flag.length);
    return `  ${flag}${pad}  ${o.description}${tail}`;
  });
  const out = [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...lines];
  if (command.examples.length) out.push('', command.examples.length === 1 ? 'Example:' : 'Examples:', ...command.examples.map((e) => `  ${e}`));
  for (const note of command.notes ?? []) out.push('', `${note.title}:`, ...note.lines.map((l) => `  ${l}`));
  return out.join('\n');
}

/**
 * `util.parseArgs` over the command's option specs, with unknown flags ("did you mean") and missing
 * values turned into one-line usage errors that name the command.
 */
export function parseCommandArgs<O extends Record<string, OptionSpec>>(command: { name: string; options: O }, argv: string[]): { values: OptionValues<O>; positionals: string[] } {
  const options: Options = Object.fromEntries(
    Object.entries(command.options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as OptionValues<O>, positionals };
  } catch (err) {
    const message = (err as Error).message;
    const unknown = message.match(/^Unknown option '(-{1,2})([^'=]+)'/);
    const help = `(sesame ${command.name} --help lists every option)`;
    if (unknown) {
      const [, dashes, name] = unknown;
      const known = Object.keys(command.options);
      return fail(`unknown option ${dashes}${name}${didYouMean(name, known, (n) => `--${n}`)} ${help}`);
    }
    return fail(`${message.split('\n')[0].replace(/\.$/, '')} ${help}`);
  }
}

function fail(message: string): never {
  throw new UsageError(message);
}

/** The `--precision` flag: fp32 (the default) or q8, else a usage error naming the flag. */
export function precisionFlag(value: string | undefined): Precision {
  const precision = value ?? 'fp32';
  if (precision !== 'fp32' && precision !== 'q8') throw new UsageError(`--precision must be fp32 or q8, got "${precision}"`);
  return precision;
}

/** Parses a flag value as a number within bounds, or throws a usage error naming the flag. */
export function numberFlag(flag: string, value: string | undefined, fallback: number, min = -Infinity, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be a number between ${min} and ${max}, got "${value}"`);
  }
  return n;
}

/** The `--device` flag: cpu (the default) or cuda, else a usage error naming the flag. */
export function deviceFlag(value: string | undefined): Device | undefined {
  if (value === undefined) return undefined;
  if (value !== 'cpu' && value !== 'cuda') throw new UsageError(`--device must be cpu or cuda, got "${value}"`);
  return value;
}

/** The `--threads` flag: a whole number of intra-op threads per model (0 = onnxruntime's default), else a usage error naming the flag. */
export function threadsFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : value;
  const problem = threadCountProblem(n, `"${value}"`);
  if (problem) throw new UsageError(`--threads ${problem}`);
  return n as number;
}

/** Options several commands share, with the same words everywhere. */
export const COMMON = {
  precision: { type: 'string', value: 'fp32|q8', description: 'model precision: fp32, or q8 for onnx/model_quantized.onnx', default: 'fp32' },
  device: { type: 'string', value: 'cpu|cuda', description: "where forward passes run: cpu, or cuda (onnxruntime-node's CUDA execution provider, installed separately)", default: 'cpu' },
  threads: { type: 'string', value: 'n', description: "CPU threads per forward pass of each model (onnxruntime's intra-op threads); 0 = onnxruntime's own default", default: 'one per physical core' },
  noCache: { type: 'boolean', description: 'neither read nor write the output cache (.sesame-cache/)' },
  json: { type: 'boolean', description: 'print JSON instead of the table' },
  seed: { type: 'string', value: 'n', description: 'random seed (same seed, same result)', default: '0' },
} satisfies Record<string, OptionSpec>;
