/**
 * TF.js for the augmentation strip on the main thread, loaded on first use so it
 * stays out of the first page's JavaScript. Previews are tiny, so the cpu backend is enough and leaves
 * the GPU to training.
 */
let loading: Promise<typeof import('@tensorflow/tfjs')> | null = null;

export function previewTf(): Promise<typeof import('@tensorflow/tfjs')> {
  loading ??= import('@tensorflow/tfjs').then(async (tf) => {
    if (!tf.getBackend() || tf.getBackend() === 'webgl') await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  });
  return loading;
}
