import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandHelp, parseCommandArgs } from '../../src/cli/command.js';
import { commands } from '../../src/cli/commands/index.js';
import { validateConfig } from '../../src/config/index.js';
import { closest } from '../../src/suggest.js';
import { readableToken } from '../../src/report/format.js';
import { inProcess } from './helpers.js';
import { cli } from '../runner/helpers.js';
import { buildFixtureReport } from '../report/fixture.js';

describe('CLI help and "did you mean"', () => {
  it('every command’s --help has one line per option (with its default where it has one) and a runnable example', () => {
    for (const command of commands) {
      const help = commandHelp(command);
      for (const [name, spec] of Object.entries(command.options)) {
        const line = help.split('\n').find((l) => new RegExp(`^  (-\\w, )?--${name}( <|\\s)`).test(l));
        assert.ok(line, `${command.name} --${name} has a help line`);
        assert.ok(line.includes(spec.description), `${command.name} --${name} says what it does`);
        if (spec.default !== undefined) assert.ok(line.endsWith(`(default: ${spec.default})`), `${command.name} --${name} shows its default: ${line}`);
      }
      assert.match(help, new RegExp(`Examples?:\\n  sesame ${command.name}( |$)`, 'm'), command.name);
    }
  });

  it('documents the JSONL formats of probe, attention and attack in their help', () => {
    const help = (name: string) => commandHelp(commands.find((c) => c.name === name)!);
    assert.match(help('probe'), /"target": 2/);
    assert.match(help('probe'), /"labels": \[/);
    assert.match(help('attention'), /"source": 5, "candidates"/);
    assert.match(help('attack'), /"text": "a fine film", "label": "positive"/);
  });

  it('an unknown option is one line naming the closest known one', () => {
    const run = commands.find((c) => c.name === 'run')!;
    assert.throws(() => parseCommandArgs(run, ['--seeed', '3']), { message: 'unknown option --seeed; did you mean --seed? (sesame run --help lists every option)' });
    assert.throws(() => parseCommandArgs(run, ['--basline', 'x']), /did you mean --baseline\?/);
    assert.throws(() => parseCommandArgs(run, ['--zzzzzz']), { message: 'unknown option --zzzzzz (sesame run --help lists every option)' });
    assert.equal(closest('nocache', ['no-cache', 'json']), 'no-cache');
    assert.equal(closest('q', ['precision', 'json']), undefined);
  });

  it('through the real binary: --seeed exits 2 with a suggestion; in process: an unknown command too, --help exits 0', async () => {
    const flag = cli(['run', '--seeed', '3']);
    assert.equal(flag.code, 2);
    assert.equal(flag.stderr.trim(), 'sesame run: unknown option --seeed; did you mean --seed? (sesame run --help lists every option)');
    const command = await inProcess(['atack']);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /^sesame: unknown command "atack"; did you mean "attack"\?/);
    const help = await inProcess(['probe', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^ {2}--train <n> +training sentences \(default: 1600\)$/m);
  });

  it('probe --n or --unit with a task other than nth is an error, not ignored', async () => {
    const r = await inProcess(['probe', '--pretrained', 'a', '--finetuned', 'b', '--task', 'aux', '--n', '4']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'sesame probe: --n only applies to --task nth (it picks which token that task labels), not to --task aux');
  });

  it('config: an unknown field, tolerance metric or threshold option is named with a suggestion', () => {
    assert.throws(() => validateConfig({ tolerence: {} }, 'sesame.config.json'), /unknown field "tolerence"; did you mean "tolerances"\?/);
    assert.throws(() => validateConfig({ tolerances: { passrate: 0.1 } }, 'c.json'), /"tolerances\.passrate" is not a metric Sesame's checks report; did you mean "passRate"\?/);
    assert.throws(() => validateConfig({ tolerances: { maxJSDiv: 0.1 } }, 'c.json'), /not a metric/);
    assert.doesNotThrow(() => validateConfig({ tolerances: { passRate: 0.1, 'finetuned.L3': 0.05 } }, 'c.json'));
    assert.throws(() => validateConfig({ thresholds: { 'a › b': { minPassrate: 0.9 } } }, 'c.json'), /"minPassrate" is not a threshold option; did you mean "minPassRate"\?/);
  });

  it('compare --tolerance on a metric neither report measures is an error with a suggestion', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sesame-compare-'));
    // A whole report as `sesame run` writes it (compare reads more than the metrics).
    const report = buildFixtureReport({ samples: 1 });
    for (const f of ['a.json', 'b.json']) writeFileSync(path.join(dir, f), JSON.stringify(report));
    const r = await inProcess(['compare', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--tolerance', 'succesRate=0.1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.trim(), /^sesame compare: --tolerance succesRate: neither report measures a metric "succesRate"; did you mean "successRate"\? \(measured: .*successRate.*\)$/);
    const ok = await inProcess(['compare', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--tolerance', 'successRate=0.1']);
    assert.equal(ok.code, 0, ok.stderr);
    // A report missing required fields is named as such (exit 2), not an internal error.
    writeFileSync(path.join(dir, 'bare.json'), JSON.stringify({ schemaVersion: 1, tests: [] }));
    const bare = await inProcess(['compare', path.join(dir, 'bare.json'), path.join(dir, 'b.json')]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /bare\.json is not a valid Sesame report: /);
  });

  it('inspect numbers heads from 1 (as the report), shows byte-level BPE tokens with a visible word-start mark and says the model is causal', async function () {
    this.timeout(60_000);
    assert.deepEqual(['ĠThe', '▁movie', '##ing', 'Ċ', '[CLS]'].map(readableToken), ['␣The', '␣movie', '##ing', '↵', '[CLS]']);
    const gpt2 = 'fixtures/models/tiny-gpt2-sentiment';
    const r = await inProcess(['inspect', gpt2, '--text', 'The movie was wonderful.', '--no-cache']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Tokens {6}The ␣movie ␣was ␣wonderful \. {2}\(5\)$/m);
    assert.doesNotMatch(r.stdout, /Ġ/);
    assert.match(r.stdout, /^ {2}from +head 1 +head 2 +head 3 +head 4$/m);
    assert.match(r.stdout, /^Attention {3}causal \(decoder-only: every token attends only to itself and the tokens on its left; the classifier is read at the last token\)$/m);
    const json = await inProcess(['inspect', gpt2, '--text', 'The movie was wonderful.', '--json', '--no-cache']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).causal, true);
    // the GPT-2 fixture's last layer really is causal: the first token attends to nothing but itself
    assert.deepEqual(JSON.parse(json.stdout).attention.data.at(-1)[0][0].slice(1), [0, 0, 0, 0]);
  });
});
