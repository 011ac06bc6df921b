import * as tf from '@tensorflow/tfjs';
import type { Settings } from '../core/preset/schema';

/**
 * Starts the backend the settings ask for. 'auto' means WebGL (the product's target); it returns null
 * when WebGL cannot start here, so the caller can fall back (main thread, then cpu) and say so.
 */
export async function startBackend(pref: Settings['backend']): Promise<string | null> {
  const wanted = pref === 'cpu' ? 'cpu' : 'webgl';
  if (tf.getBackend() === wanted) return wanted;
  try {
    if (await tf.setBackend(wanted)) {
      await tf.ready();
      // A context can be created yet unusable (e.g. blocklisted); one tiny op proves it works.
      const probe = tf.tensor1d([1, 2]).square().sum();
      const ok = (await probe.data())[0] === 5;
      probe.dispose();
      if (ok) return wanted;
    }
  } catch {
    // Fall through: the caller reports the fallback.
  }
  return null;
}

export async function startCpuBackend(): Promise<string> {
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
