import assert from 'node:assert/strict';
import { float16ErrorBound, fromFloat16, toFloat16 } from '../../src/models/float16.js';
import { decodeHalf } from '../../src/models/half-cast.js';
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

  it('decodes every one of the 65536 bit patterns the same in the JS loop and in the onnxruntime Cast the disk cache uses', async () => {
    const every = Uint16Array.from({ length: 65536 }, (_, h) => h);
    const [js, native] = [fromFloat16(every), await decodeHalf(every)];
    assert.equal(native.length, 65536);
    const differing = [...every].filter((h) => !Object.is(js[h], native[h]) && !(Number.isNaN(js[h]) && Number.isNaN(native[h])));
    assert.deepEqual(differing, [], 'patterns decoded differently');
    assert.equal(js[0x3c00], 1);
    assert.equal(js[0x7bff], 65504);
    assert.equal(js[0x0001], 2 ** -24);
    assert.equal(js[0xfc00], -Infinity);
  });
});
