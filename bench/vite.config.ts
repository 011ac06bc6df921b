import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The bench page (bench/page/), built like the app (ES workers, es2022) so the training worker is
 * bundled the app's way; the app's public/ is its public dir, so the datasets load from data/ as in the
 * app. Output in bench/.dist/page (ignored by git).
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./page'),
  base: './',
  publicDir: here('../public'),
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: here('./.dist/page'), emptyOutDir: true, chunkSizeWarningLimit: 8000, reportCompressedSize: false },
  logLevel: 'warn',
});
