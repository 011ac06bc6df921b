import * as tf from '@tensorflow/tfjs';
// Registers SeededDropout, so a model using it serialises under a name tf.loadLayersModel knows.
import '../model/seeded-dropout';
import { quantizeInt8, toFloat16 } from './quantize';
import type { ModelArtifacts, WeightPrecision } from './types';

/** A weightsManifest entry as tfjs-converter writes it; tfjs-core ignores `original_dtype`. */
type ManifestEntry = Omit<tf.io.WeightsManifestEntry, 'quantization'> & {
  quantization?: { dtype: 'float16' | 'uint8'; min?: number; scale?: number; original_dtype?: string };
};

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * The model in TF.js layers format: model.json (topology and a weightsManifest naming
 * `${fileStem}.weights.bin`) and that file's bytes. float16 and int8 store every float32 weight the way
 * tfjs-converter's --quantize_float16 / --quantize_uint8 do (`quantization: { dtype: 'float16' }` or
 * `{ dtype: 'uint8', min, scale }`), so tf.loadLayersModel reads them back, dequantised to float32.
 */
export async function modelArtifacts(
  model: tf.LayersModel,
  precision: WeightPrecision,
  fileStem = 'fitlab-model',
): Promise<ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts) throw new Error('The model was not saved.');
  const { specs, bytes } = encodeWeights(artifacts.weightSpecs ?? [], joinBuffers(artifacts.weightData), precision);
  // The fields and order of tf.io.browserDownloads' model.json, with the weights file named after the stem.
  const modelJson: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`${fileStem}.weights.bin`], weights: specs }],
  };
  if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  return { precision, modelJson: JSON.stringify(modelJson), weights: bytes, fileStem };
}

function joinBuffers(data: tf.io.WeightData | undefined): Uint8Array {
  if (data == null) return new Uint8Array(0);
  const parts = (Array.isArray(data) ? data : [data]).map((b) => new Uint8Array(b));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Re-encodes TF.js's float32 weight bytes at `precision`, spec by spec, in the same order. */
function encodeWeights(
  specs: tf.io.WeightsManifestEntry[],
  data: Uint8Array,
  precision: WeightPrecision,
): { specs: ManifestEntry[]; bytes: Uint8Array<ArrayBuffer> } {
  const outSpecs: ManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const width = BYTES_PER_VALUE[spec.dtype];
    if (width === undefined || spec.quantization) throw new Error(`Weight ${spec.name}: cannot export dtype ${spec.dtype}.`);
    // slice(), not a view: a fresh buffer is aligned for Float32Array whatever came before.
    const raw = data.slice(offset, offset + size * width);
    offset += size * width;
    if (spec.dtype !== 'float32' || precision === 'float32') {
      outSpecs.push({ name: spec.name, shape: spec.shape, dtype: spec.dtype });
      chunks.push(raw);
    } else if (precision === 'float16') {
      outSpecs.push({
        name: spec.name,
        shape: spec.shape,
        dtype: spec.dtype,
        quantization: { dtype: 'float16', original_dtype: 'float32' },
      });
      chunks.push(new Uint8Array(toFloat16(new Float32Array(raw.buffer)).buffer));
    } else {
      const { q, min, scale } = quantizeInt8(new Float32Array(raw.buffer));
      outSpecs.push({
        name: spec.name,
        shape: spec.shape,
        dtype: spec.dtype,
        quantization: { dtype: 'uint8', min, scale, original_dtype: 'float32' },
      });
      chunks.push(q);
    }
  }
  if (offset !== data.length) throw new Error(`The weight data has ${data.length} bytes, the specs describe ${offset}.`);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { specs: outSpecs, bytes };
}
