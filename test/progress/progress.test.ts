import assert from 'node:assert/strict';
import { activeProgress, createProgress, progressEnabled, progressLine, progressTo, quietProgress, useProgress } from '../../src/progress.js';

/** A fake stderr: what was written, and whether it claims to be a terminal. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 120, write: (text: string) => writes.push(text) };
}

/** A clock the test moves by hand. */
function fakeClock() {
  let t = 0;
  return { now: () => t, tick: (ms: number) => void (t += ms) };
}

describe('progress', () => {
  it('draws only on a terminal, never under --json, TERM=dumb or CI', () => {
    assert.equal(progressEnabled(fakeStream(true), { env: {} }), true);
    assert.equal(progressEnabled(fakeStream(false), { env: {} }), false);
    assert.equal(progressEnabled(fakeStream(true), { json: true, env: {} }), false);
    assert.equal(progressEnabled(fakeStream(true), { env: { TERM: 'dumb' } }), false);
    assert.equal(progressEnabled(fakeStream(true), { env: { CI: 'true' } }), false);
  });

  it('formats a line with label, bar, count, unit and elapsed seconds', () => {
    assert.equal(progressLine('probing aux', 3, 12, 2500, 'layers'), '  probing aux [#####...............] 3/12 layers, 2.5 s');
    assert.equal(progressLine('x', 0, 0, 0), '  x [....................] 0/0, 0.0 s');
  });

  it('writes nothing to a stream that is not a terminal', () => {
    const stream = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgress({ stream, env: {}, now: clock.now });
    const step = progress.step('extracting', 10, 'sentences');
    clock.tick(5000);
    step.advance(5);
    step.end();
    assert.equal(progress.enabled, false);
    assert.deepEqual(stream.writes, []);
  });

  it('stays silent for the first second, then redraws one line and clears it at the end', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress({ stream, env: {}, now: clock.now, intervalMs: 0 });
    const step = progress.step('extracting', 10, 'sentences');
    clock.tick(500);
    step.advance(2);
    assert.deepEqual(stream.writes, [], 'a step under a second prints nothing');
    clock.tick(1000);
    step.advance(3);
    assert.deepEqual(stream.writes, ['\r\u001b[2K  extracting [##########..........] 5/10 sentences, 1.5 s']);
    step.end();
    assert.equal(stream.writes.at(-1), '\r\u001b[2K');
  });

  it('draws the innermost step, and its parent again when it ends', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress({ stream, env: {}, now: clock.now, delayMs: 0, intervalMs: 0 });
    const outer = progress.step('probing', 13, 'layers');
    outer.advance();
    const inner = progress.step('computing', 100, 'sentences');
    inner.advance(40);
    assert.match(stream.writes.at(-1)!, /computing .* 40\/100 sentences/);
    inner.end();
    assert.match(stream.writes.at(-1)!, /probing .* 1\/13 layers/);
    progress.stop();
    assert.equal(stream.writes.at(-1), '\r\u001b[2K');
  });

  it('hands the innermost step to a bar someone else draws (the test runner)', () => {
    const seen: Array<[number, number]> = [];
    const progress = progressTo((done, total) => seen.push([done, total]));
    const outer = progress.step('probing', 4);
    const inner = progress.step('computing', 10);
    inner.advance(10);
    inner.end();
    outer.advance();
    assert.deepEqual(seen, [[10, 10], [0, 4], [1, 4]]);
  });

  it('the process-wide progress is the one last set, and setting it hands back the previous one', () => {
    const mine = createProgress({ stream: fakeStream(true), env: {} });
    const previous = useProgress(mine);
    try {
      assert.equal(activeProgress(), mine);
      assert.equal(useProgress(quietProgress), mine);
      assert.equal(activeProgress().enabled, false);
    } finally {
      useProgress(previous);
    }
  });
});
