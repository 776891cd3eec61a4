/**
 * Child process of the attack bench: converts GloVe into an empty cache root (`convert`) or loads it from there
 * (`load`), and prints one JSON line: wall and CPU milliseconds, resident memory after, and peak resident memory.
 * Run apart so the numbers hold only the vectors, not the bench's models. Usage: vectors-probe.ts convert|load <root>
 */
import { gloveVectors } from '../attacks/internal/vectors/candidate-vectors.js';

const [mode, root] = process.argv.slice(2);
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const start = performance.now();
const notices: string[] = [];
const vectors = gloveVectors(root, (m) => notices.push(m)).counterFitted();
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpu0);
if ((mode === 'load') !== (notices.length === 0)) throw new Error(`${mode}: unexpected notices ${JSON.stringify(notices)}`);
console.log(JSON.stringify({
  mode,
  words: vectors.size,
  ms,
  cpuMs: (cpu.user + cpu.system) / 1000,
  rssMiB: process.memoryUsage().rss / 2 ** 20,
  rssGrowthMiB: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
}));
