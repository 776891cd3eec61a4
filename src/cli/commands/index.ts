import type { Command } from '../command.js';

/** Every `sesame` sub-command, in the order `sesame --help` lists them. */
export const commands: Command[] = [];
