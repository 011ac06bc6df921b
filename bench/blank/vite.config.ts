import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The blank React page for the startup figure: the app's build settings (vite.config.ts), nothing else. */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  base: './',
  publicDir: false,
  build: { target: 'es2022', outDir: here('../.dist/blank'), emptyOutDir: true, reportCompressedSize: false },
  logLevel: 'warn',
});
