import { main } from '../../src/cli/main.js';

/** Runs the CLI in this process (no tsx start-up per call), capturing what it prints. */
export async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => (out.push(String(chunk).replace(/\n$/, '')), true)) as typeof process.stdout.write;
  console.log = (...a: unknown[]) => out.push(a.join(' '));
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  try {
    const code = await main(argv);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    Object.assign(console, { log, error });
    process.stdout.write = write;
  }
}
