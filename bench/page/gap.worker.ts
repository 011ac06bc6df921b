import { peakGflops } from './flops';
import { gapRun, type GapInput, type GapVariant } from './gap';

/**
 * The `gap` diagnosis in a worker of its own (see gap.ts): one message, one answer. `threads` is set before
 * the WASM backend starts (tf.wasm.setThreadsCount works only then), so each thread count needs a new worker.
 */
interface GapRequest {
  input: GapInput;
  variants: GapVariant[];
  epochs: number;
  threads: number | null;
}

self.onmessage = async (e: MessageEvent<GapRequest>) => {
  const { input, variants, epochs, threads } = e.data;
  try {
    if (threads !== null) (await import('@tensorflow/tfjs-backend-wasm')).setThreadsCount(threads);
    const results = await gapRun(input, variants, epochs, 'worker');
    const peak = await peakGflops('wasm');
    self.postMessage({ results, peak });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
