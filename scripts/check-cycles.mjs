// Fails when src/ has an import cycle (type-only imports included: a cycle of types is still a tangle of
// modules). Run by `npm run lint`. Resolves relative specifiers to .ts/.tsx files or index files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'src');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) files.push(p);
  }
};
walk(ROOT);

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]/g;
function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const p of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) if (existsSync(p) && statSync(p).isFile()) return p;
  return null;
}
const graph = new Map(
  files.map((f) => [
    f,
    [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => resolve(f, m[1])).filter((p) => p && /\.(ts|tsx)$/.test(p)),
  ]),
);

// Depth-first search; a back edge is a cycle.
const state = new Map();
const cycles = [];
const stack = [];
function visit(f) {
  state.set(f, 'open');
  stack.push(f);
  for (const g of graph.get(f) ?? []) {
    if (state.get(g) === 'open') cycles.push(stack.slice(stack.indexOf(g)).concat(g));
    else if (!state.has(g)) visit(g);
  }
  stack.pop();
  state.set(f, 'done');
}
for (const f of files) if (!state.has(f)) visit(f);
const rel = (p) => path.relative(path.dirname(ROOT), p);
for (const c of cycles) console.error(`import cycle: ${c.map(rel).join(' → ')}`);
if (cycles.length) process.exit(1);
console.log(`no import cycle in src/ (${files.length} modules)`);
