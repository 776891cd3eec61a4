import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { main } from '../../src/cli/main.js';
import { serializeReport, validateReport, writeReports } from '../../src/report/index.js';
import { buildFixtureReport } from './fixture.js';

/** Runs the CLI in-process and captures what it prints. */
async function sesame(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('writeReports and `sesame report`', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sesame-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes report.json, report.html and report.md and leaves no temp files', () => {
    const report = buildFixtureReport({ samples: 4 });
    const files = writeReports(report, path.join(dir, 'run'));
    expect(files.map((f) => path.basename(f))).to.deep.equal(['report.json', 'report.html', 'report.md']);
    expect(readdirSync(path.join(dir, 'run')).sort()).to.deep.equal(['report.html', 'report.json', 'report.md']);
    const stored = validateReport(JSON.parse(readFileSync(files[0], 'utf8')));
    expect({ ...stored, attention: [] }).to.deep.equal({ ...report, attention: [] });
    expect(stored.attention[0].samples[2].finetuned[3][1][4][2]).to.equal(Math.round(report.attention[0].samples[2].finetuned[3][1][4][2] * 1e4) / 1e4);
    expect(stored.attention[0].jsd).to.deep.equal(report.attention[0].jsd);
    expect(readFileSync(files[1], 'utf8')).to.match(/^<!DOCTYPE html>/);
    expect(readFileSync(files[2], 'utf8')).to.match(/^## ❌ Sesame/);
  });

  it('stores report.json indented, one matrix row per line, head-view weights at 4 decimals', () => {
    const report = buildFixtureReport({ samples: 1 });
    const text = serializeReport(report);
    const lines = text.split('\n');
    expect(lines[0]).to.equal('{');
    expect(lines[1]).to.equal('  "schemaVersion": 1,');
    const row = report.attention[0].samples[0].pretrained[0][0][0];
    expect(lines).to.include(`                ${JSON.stringify(row.map((w) => Math.round(w * 1e4) / 1e4))},`);
    expect(lines).to.include(`      "ci95": ${JSON.stringify(report.robustness[0].ci95)},`);
    expect(JSON.parse(text).run).to.deep.equal(report.run);
  });

  it('writes nothing for an invalid report and says what is wrong in one line', () => {
    const report = buildFixtureReport({ samples: 1 });
    writeFileSync(path.join(dir, 'report.json'), 'old');
    (report.summary as any).passed = -1;
    expect(() => writeReports(report, dir)).to.throw(/is not a valid Sesame report: \/summary\/passed must be >= 0$/);
    expect(readdirSync(dir)).to.deep.equal(['report.json']);
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).to.equal('old');
  });

  it('regenerates HTML and Markdown from a stored report.json', async () => {
    const json = path.join(dir, 'stored.json');
    writeFileSync(json, JSON.stringify(buildFixtureReport({ samples: 2 })));
    const { code, out } = await sesame('report', json);
    expect(code).to.equal(0);
    expect(out).to.match(/^wrote .*stored\.html \(\d+\.\d\d MB\) and .*stored\.md$/);
    expect(readFileSync(path.join(dir, 'stored.md'), 'utf8')).to.include('`stored.html`');
    const custom = await sesame('report', json, '--html', path.join(dir, 'out', 'a.html'), '--md', path.join(dir, 'md', 'b.md'));
    expect(custom.code).to.equal(0);
    expect(existsSync(path.join(dir, 'out', 'a.html'))).to.equal(true);
    expect(readFileSync(path.join(dir, 'md', 'b.md'), 'utf8')).to.include('`../out/a.html`');
  });

  it('exits 2 with one line naming the input for a missing, non-JSON or invalid file', async () => {
    const missing = await sesame('report', path.join(dir, 'nope.json'));
    expect(missing.code).to.equal(2);
    expect(missing.err).to.match(/^sesame report: .*nope\.json does not exist; pass the report\.json/);
    writeFileSync(path.join(dir, 'broken.json'), '{"schemaVersion":');
    const broken = await sesame('report', path.join(dir, 'broken.json'));
    expect(broken.code).to.equal(2);
    expect(broken.err).to.match(/broken\.json is not JSON \(/);
    const report = buildFixtureReport({ samples: 1 }) as any;
    report.models.finetuned.precision = 'fp16';
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(report));
    const bad = await sesame('report', path.join(dir, 'bad.json'));
    expect(bad.code).to.equal(2);
    expect(bad.err).to.equal(`sesame report: ${path.join(dir, 'bad.json')} is not a valid Sesame report: /models/finetuned/precision must be one of "fp32", "q8"`);
    const usage = await sesame('report');
    expect(usage.code).to.equal(2);
    expect(usage.err).to.include('Usage: sesame report <report.json> [--html file] [--md file]');
    for (const r of [missing, broken, bad, usage]) expect(r.err.split('\n')).to.have.length(1);
    expect(readdirSync(dir).sort()).to.deep.equal(['bad.json', 'broken.json']);
  });
});
