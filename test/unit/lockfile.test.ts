import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * CI installs with `npm ci`, which refuses a lock that lacks an entry for any optional dependency (even one
 * for another platform). A mirror missing one platform build makes `npm install` drop it silently, so the
 * lock is checked here rather than discovered broken on a fresh clone.
 */
interface LockEntry {
  version?: string;
  resolved?: string;
  optionalDependencies?: Record<string, string>;
}
const lockText = readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8');
const lock = JSON.parse(lockText) as { packages: Record<string, LockEntry> };

/** Where node resolves `dep` from the package at `path`: its own node_modules, then each ancestor's. */
function resolves(path: string, dep: string): boolean {
  let base = path;
  for (;;) {
    if (lock.packages[`${base ? `${base}/` : ''}node_modules/${dep}`]) return true;
    if (!base) return false;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('records every optional dependency, so npm ci accepts it on a fresh clone', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolves(path, dep)) missing.push(`${path || '(root)'} → ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names no registry host', () => {
    expect(lockText).not.toMatch(/"resolved"\s*:/);
    expect(lockText).not.toMatch(/registry\.(npmjs|yarnpkg)|npmmirror|https?:\/\/[^"]*\/-\/[^"]*\.tgz/);
  });
});
