import assert from 'node:assert/strict';
import { float16ErrorBound, fromFloat16, toFloat16 } from '../../src/models/float16.js';
import { seededRandom } from '../../src/attack/random.js';

const roundTrip = (values: number[]) => Array.from(fromFloat16(toFloat16(Float32Array.from(values))!));

describe('model core: float16 storage of the disk cache', () => {
  it('keeps every value within max(2^-11·|x|, 2^-25) of the original, over magnitudes from 1e-9 to 6e4', () => {
    const next = seededRandom(3);
    const values = Float32Array.from({ length: 200_000 }, () => (next() < 0.5 ? -1 : 1) * 10 ** (-9 + next() * 13.8));
    const back = fromFloat16(toFloat16(values)!);
    let worst = 0;
    for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(back[i] - values[i]) / float16ErrorBound(values[i]));
    assert.ok(worst <= 1, `the worst error is ${worst.toFixed(3)}× the documented bound`);
    assert.ok(worst > 0.9, `the bound is tight (worst ${worst.toFixed(3)}×), so the test would see a rounding bug`);
  });

  it('returns values float16 can hold exactly, and rounds halfway cases to even', () => {
    assert.deepEqual(roundTrip([0, 1, -2, 0.5, 65504, 2 ** -24, -(2 ** -14), 1 + 2 ** -10]), [0, 1, -2, 0.5, 65504, 2 ** -24, -(2 ** -14), 1 + 2 ** -10]);
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1); 1 + 3·2^-11 goes up to 1 + 2^-9
    assert.deepEqual(roundTrip([1 + 2 ** -11, 1 + 3 * 2 ** -11, 2 ** -25, 3 * 2 ** -25]), [1, 1 + 2 ** -9, 0, 2 ** -23]);
    assert.deepEqual(roundTrip([Infinity, -Infinity]), [Infinity, -Infinity]);
    assert.ok(Number.isNaN(roundTrip([NaN])[0]));
  });

  it('refuses a tensor with a value beyond float16 range, so it is stored in full precision', () => {
    assert.equal(toFloat16(Float32Array.from([1, 65520])), null, '65520 would round to infinity');
    assert.equal(toFloat16(Float32Array.from([-1e6])), null);
    assert.notEqual(toFloat16(Float32Array.from([65519])), null, '65519 still rounds down to 65504');
  });

  it('decodes every one of the 65536 bit patterns to the value IEEE 754 defines, and encodes each back to itself', () => {
    const every = Uint16Array.from({ length: 65536 }, (_, h) => h);
    const decoded = fromFloat16(every);
    const expected = (h: number) => {
      const sign = h & 0x8000 ? -1 : 1;
      const e = (h >>> 10) & 0x1f;
      const m = h & 0x3ff;
      return e === 0 ? sign * m * 2 ** -24 : e === 31 ? (m ? NaN : sign * Infinity) : sign * (1 + m / 1024) * 2 ** (e - 15);
    };
    const wrong = [...every].filter((h) => !Object.is(decoded[h], expected(h)) && !(Number.isNaN(decoded[h]) && Number.isNaN(expected(h))));
    assert.deepEqual(wrong, [], 'patterns decoded wrongly');
    const finite = every.filter((h) => ((h >>> 10) & 0x1f) !== 31);
    assert.deepEqual(toFloat16(fromFloat16(finite)), finite, 'every finite float16 value is encoded to its own bits');
  });
});
