import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { fromFloat16 } from './float16.js';

const { onnx } = onnxProto;

/** Turns float16 bits into float32 values (exactly: every float16 value is a float32 value). */
export type HalfDecoder = (bits: Uint16Array) => Promise<Float32Array>;

/** Below this many values one JS loop is quicker than a call into onnxruntime. */
const NATIVE_FROM = 16_384;

/**
 * A decoder that hands large arrays to onnxruntime's Cast kernel (vectorised: about 5× faster than the JS loop on
 * the disk cache's read path, where decoding is most of a cached re-run's time) and small ones to `fromFloat16`.
 * Falls back to `fromFloat16` for good if this onnxruntime build cannot run the one-node graph.
 */
export function createHalfDecoder(): HalfDecoder {
  let session: Promise<ort.InferenceSession | null> | undefined;
  return async (bits) => {
    if (bits.length < NATIVE_FROM) return fromFloat16(bits);
    session ??= ort.InferenceSession.create(castGraph(), { intraOpNumThreads: 1 }).catch(() => null);
    const cast = await session;
    if (!cast) return fromFloat16(bits);
    const input = new ort.Tensor('float16', bits, [bits.length]);
    const { values } = await cast.run({ bits: input });
    return values.data as Float32Array;
  };
}

/** One decoder for the process: every model's cache shares its onnxruntime session. */
export const decodeHalf: HalfDecoder = createHalfDecoder();

/** `values = Cast<float>(bits)` over a 1-D float16 input of any length. */
function castGraph(): Uint8Array {
  const { FLOAT16, FLOAT } = onnx.TensorProto.DataType;
  const vector = (name: string, elemType: number) => ({ name, type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'n' }] } } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 14 }],
    graph: {
      name: 'float16-to-float32',
      node: [{ opType: 'Cast', input: ['bits'], output: ['values'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] }],
      input: [vector('bits', FLOAT16)],
      output: [vector('values', FLOAT)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
