import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, so the WASM backend can train on
 * several threads. Every file the app loads is its own, so requiring CORP costs nothing. Static hosts
 * need the same two headers (README: "Hosting").
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Writes dist/precache.json: every file of the build and a version hashed from their contents. The
 * service worker (public/sw.js) caches exactly these, so the app reloads offline after a first visit.
 */
function precacheManifest(): Plugin {
  let outDir = 'dist';
  return {
    name: 'fitlab-precache',
    apply: 'build',
    configResolved: (c) => void (outDir = c.build.outDir),
    closeBundle() {
      const skip = new Set(['sw.js', 'precache.json', 'screenshot.png']);
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, e.name);
          if (e.isDirectory()) walk(path);
          else if (!skip.has(e.name) && !e.name.endsWith('.map') && !e.name.endsWith('.md'))
            files.push(relative(outDir, path).split('\\').join('/'));
        }
      };
      walk(outDir);
      files.sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const manifest = { version: hash.digest('hex').slice(0, 16), files: files.map((f) => `./${f}`) };
      writeFileSync(join(outDir, 'precache.json'), JSON.stringify(manifest, null, 1));
    },
  };
}

// The app is a static SPA: `vite build` writes dist/, which any static host can serve.
export default defineConfig({
  plugins: [react(), precacheManifest()],
  base: './',
  worker: { format: 'es' },
  // FITLAB_NO_MINIFY=1 keeps function names, so a profile (bench/trace-tasks.mjs) names what ran.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, ...(process.env.FITLAB_NO_MINIFY ? { minify: false } : {}) },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
