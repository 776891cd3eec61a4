import { expect } from 'chai';
import { linearKernel } from '../../src/probing/linear-kernel.js';
import { createRandom } from '../../src/probing/random.js';

/** Plain double-precision loops: what the WebAssembly kernels must compute. */
function reference(features: Float32Array, rows: number, dim: number, out: number, weights: number[], bias: number[], dz: number[]) {
  const z: number[] = [], grad = new Array<number>(out * dim).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < out; c++) {
      let s = bias[c];
      for (let d = 0; d < dim; d++) s += weights[c * dim + d] * features[r * dim + d];
      z.push(s);
      for (let d = 0; d < dim; d++) grad[c * dim + d] += dz[r * out + c] * features[r * dim + d];
    }
  }
  return { z, grad };
}

describe('linear probe kernels (WebAssembly SIMD)', () => {
  for (const [rows, dim, out] of [[1, 1, 1], [37, 7, 3], [200, 128, 1], [50, 130, 5]]) {
    it(`scores and gradient equal plain loops to 1e-12 (${rows} rows × ${dim} features, ${out} outputs; pad columns stay 0)`, () => {
      const random = createRandom(rows * 1000 + dim);
      const features = Float32Array.from({ length: rows * dim }, () => random.normal() * 3);
      const weights = Array.from({ length: out * dim }, () => random.normal());
      const bias = Array.from({ length: out }, () => random.normal());
      // Some zero dz entries: the kernel skips them, the result must not change.
      const dz = Array.from({ length: rows * out }, (_, i) => (i % 3 === 0 ? 0 : random.normal()));
      const expected = reference(features, rows, dim, out, weights, bias, dz);
      const kernel = linearKernel(features, rows, dim, out);
      expect(kernel.stride % 4).to.equal(0);
      for (let c = 0; c < out; c++) for (let d = 0; d < dim; d++) kernel.weights[c * kernel.stride + d] = weights[c * dim + d];
      kernel.bias.set(bias);
      kernel.scores();
      expected.z.forEach((v, i) => expect(kernel.z[i]).to.be.closeTo(v, 1e-12 * (1 + Math.abs(v))));
      kernel.z.set(dz);
      kernel.grad.fill(0);
      kernel.gradient();
      for (let c = 0; c < out; c++) {
        for (let d = 0; d < kernel.stride; d++) {
          const v = d < dim ? expected.grad[c * dim + d] : 0;
          expect(kernel.grad[c * kernel.stride + d]).to.be.closeTo(v, 1e-12 * (1 + Math.abs(v)));
        }
      }
    });
  }
});
