import * as tf from '@tensorflow/tfjs';
// Registers SeededDropout, so models Fitlab exported (which may use it) load by name.
import '../core/model/seeded-dropout';
import { userMessage } from '../core/errors/user-message';

/** At most this many files (model.json and its weight shards) and bytes make one saved model. */
const MAX_FILES = 20;
const MAX_BYTES = 200 * 2 ** 20;

/**
 * A model saved in TF.js layers format (model.json and its .bin weights, as Fitlab's download writes them),
 * loaded from the user's files for evaluation. Errors say which file is missing or wrong.
 */
export async function loadSavedModel(files: File[]): Promise<tf.LayersModel> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const bins = files.filter((f) => !f.name.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) {
    throw new Error(
      `${jsons.length ? 'Choose only one' : 'Choose the model’s'} .json file together with its .bin weights file (both from the same download).`,
    );
  }
  if (files.length > MAX_FILES || files.reduce((s, f) => s + f.size, 0) > MAX_BYTES) {
    throw new Error(`A saved model here is at most ${MAX_FILES} files and ${MAX_BYTES / 2 ** 20} MB.`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(await jsons[0].text());
  } catch {
    throw new Error(`'${jsons[0].name}' is not a model file: it is not valid JSON.`);
  }
  const m = manifest as { modelTopology?: unknown; weightsManifest?: { paths?: unknown }[] };
  if (typeof m !== 'object' || m === null || !m.modelTopology || !Array.isArray(m.weightsManifest)) {
    throw new Error(`'${jsons[0].name}' is not a TF.js layers model (no modelTopology or weightsManifest).`);
  }
  const wanted = m.weightsManifest.flatMap((g) => (Array.isArray(g.paths) ? g.paths.map(String) : []));
  const missing = wanted.filter((p) => !bins.some((b) => b.name === p.split('/').pop()));
  if (missing.length)
    throw new Error(`The weights file ${missing.map((p) => `'${p}'`).join(', ')} is missing: choose it together with '${jsons[0].name}'.`);
  try {
    return await tf.loadLayersModel(tf.io.browserFiles([jsons[0], ...bins]));
  } catch (err) {
    throw new Error(`The model could not be loaded: ${userMessage(err, 'training')}`, { cause: err });
  }
}

/** Why a loaded model cannot be evaluated on this data, or null: its input and output must fit the dataset. */
export function savedModelMismatch(model: tf.LayersModel, shape: number[], outputs: number): string | null {
  const input = model.inputs[0]?.shape.slice(1) ?? [];
  const output = model.outputs[0]?.shape.slice(1) ?? [];
  if (input.length !== shape.length || input.some((d, i) => d !== shape[i])) {
    return `The saved model takes inputs of shape ${input.join('×')}, but this dataset’s samples are ${shape.join('×')}: pick the dataset it was trained on.`;
  }
  if (output.length !== 1 || output[0] !== outputs) {
    return `The saved model has ${output.join('×')} outputs, but this dataset needs ${outputs}: pick the dataset it was trained on.`;
  }
  return null;
}
