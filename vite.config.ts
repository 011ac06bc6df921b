import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is a static SPA: `vite build` writes dist/, which any static host can serve.
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
