import { SesameError } from '../errors.js';
import { activeProgress, createProgress, useProgress } from '../progress.js';
import { didYouMean } from '../suggest.js';
import { commandHelp } from './command.js';
import { commands } from './commands/index.js';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['Usage: sesame <command> [options]', '', 'Commands:', ...lines, '', 'Run `sesame <command> --help` for its options.'].join('\n');
}

/** Runs one CLI call and returns its exit code; user errors become one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`sesame: unknown command "${name}"${didYouMean(name, commands.map((c) => c.name))} (commands: ${commands.map((c) => c.name).join(', ')})`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(command));
    return 0;
  }
  // long steps (extraction, probe layers, attacks) draw one line on stderr when it is a terminal and --json is off
  useProgress(createProgress({ stream: process.stderr, json: rest.includes('--json') }));
  try {
    return await command.run(rest);
  } catch (err) {
    activeProgress().stop();
    if (err instanceof SesameError) {
      console.error(`sesame ${name}: ${err.message}`);
      return err.exitCode;
    }
    if (process.env.SESAME_DEBUG) throw err;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    console.error(`sesame ${name}: internal error: ${message} (set SESAME_DEBUG=1 for the stack trace)`);
    return 3;
  }
}
