import { main } from '../../src/cli/main.js';

/**
 * Runs the CLI in this process (no tsx start-up per call), capturing what it prints: `stdout`, `stderr` (console.error:
 * the one-line errors) and `steps` (what goes straight to process.stderr: the run's step lines). With `cwd`, in that
 * folder (commands read their config and write their reports relative to it).
 */
export async function inProcess(argv: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string; steps: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let steps = '';
  const { log, error } = console;
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  const home = process.cwd();
  process.stdout.write = ((chunk: string) => (out.push(String(chunk).replace(/\n$/, '')), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((steps += String(chunk)), true)) as typeof process.stderr.write;
  console.log = (...a: unknown[]) => out.push(a.join(' '));
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(argv);
    return { code, stdout: out.join('\n'), stderr: err.join('\n'), steps };
  } finally {
    process.chdir(home);
    Object.assign(console, { log, error });
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}
