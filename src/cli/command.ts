import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import type { Precision } from '../models/types.js';

/** One `sesame <name>` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` with unknown flags and missing values turned into one-line usage errors
 * that name the command and its usage.
 */
export function parseCommandArgs<O extends Options>(command: Pick<Command, 'name' | 'usage'>, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new UsageError(`${reason}. Usage: ${command.usage}`);
  }
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
