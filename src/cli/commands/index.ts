import type { Command } from '../command.js';
import { run } from './run.js';

/** Every `sesame` sub-command, in the order `sesame --help` lists them. */
export const commands: Command[] = [run];
