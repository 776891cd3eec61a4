import type { Command } from '../command.js';
import { attack } from './attack.js';
import { attention } from './attention.js';
import { compare } from './compare.js';
import { demo } from './demo.js';
import { inspect } from './inspect.js';
import { merge } from './merge.js';
import { probe } from './probe.js';
import { report } from './report.js';
import { run } from './run.js';

/** Every `sesame` sub-command, in the order `sesame --help` lists them. */
export const commands: Command[] = [run, compare, merge, demo, inspect, report, probe, attention, attack];
