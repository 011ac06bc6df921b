import * as esbuild from 'esbuild';
const r = await esbuild.build({
  entryPoints: ['src/main.tsx'], bundle: true, splitting: true, format: 'esm', outdir: '/tmp/esb', metafile: true, minify: true, write: false,
  jsx: 'automatic', loader: { '.css': 'empty', '.wasm': 'empty', '.png': 'empty', '.svg': 'empty' }, define: { 'import.meta.env.PROD': 'true', 'import.meta.env.DEV': 'false' },
  plugins: [{ name: 'q', setup(b) { b.onResolve({ filter: /\?/ }, (a) => ({ path: a.path, external: true })); } }],
  logLevel: 'error',
});
const I = r.metafile.inputs;
// BFS over static imports from main, record parent
const parent = { 'src/main.tsx': null }; const q = ['src/main.tsx'];
while (q.length) { const f = q.shift(); for (const i of I[f]?.imports ?? []) if (i.kind === 'import-statement' && !(i.path in parent)) { parent[i.path] = f; q.push(i.path); } }
for (const t of process.argv.slice(2)) { const k = Object.keys(parent).find((p) => p.includes(t)); if (!k) { console.log(t, 'not static'); continue; } const chain = []; for (let x = k; x; x = parent[x]) chain.push(x); console.log(chain.reverse().join(' → ')); }
