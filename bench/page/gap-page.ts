import { peakGflops } from './flops';
import { gapRun, type GapInput, type GapResult, type GapVariant } from './gap';
import { loadSplits } from './data';

export interface GapProfile {
  results: GapResult[];
  /** The 1024² matmul peak (GFLOP/s) where the variants ran, same thread count. */
  peak: { gflops: number; threads: number };
}

export interface GapOptions {
  variants: GapVariant[];
  epochs: number;
  where: 'page' | 'worker';
  /** WASM threads, set before the backend starts (in the page, only if it has not started yet); null keeps TF.js's default. */
  threads?: number | null;
  /** Overrides the query's batch size (a diagnosis line; the presets keep theirs). */
  batchSize?: number;
}

/** The `gap` diagnosis of one query (see gap.ts), on this page's main thread or in a fresh worker. */
export async function gapProfile(query: string, opts: GapOptions): Promise<GapProfile> {
  const { settings, shape, numClasses, train } = await loadSplits(query);
  const input: GapInput = { settings: { ...settings, batchSize: opts.batchSize ?? settings.batchSize }, shape, numClasses, train };
  if (opts.where === 'page') {
    // Takes effect only before the page's WASM backend starts (a fresh page).
    if (opts.threads) (await import('@tensorflow/tfjs-backend-wasm')).setThreadsCount(opts.threads);
    const results = await gapRun(input, opts.variants, opts.epochs, 'page');
    return { results, peak: await peakGflops('wasm') };
  }
  const worker = new Worker(new URL('./gap.worker.ts', import.meta.url), { type: 'module' });
  try {
    const answer = await new Promise<GapProfile & { error?: string }>((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => resolve({ error: e.message, results: [], peak: { gflops: NaN, threads: 0 } });
      worker.postMessage({ input, variants: opts.variants, epochs: opts.epochs, threads: opts.threads ?? null });
    });
    if (answer.error) throw new Error(`gap worker: ${answer.error}`);
    return answer;
  } finally {
    worker.terminate();
  }
}
