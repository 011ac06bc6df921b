import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { readZip } from '../../src/core/import/zip';
import { openApp, openExportMenu, showView, trainToEnd, useBrowser } from './browser';

// Issue 15: a real run in the app, exported for PyTorch from the Export menu; the zip holds the project and
// Debian's PyTorch scores the browser's weights as the browser did.
const browser = useBrowser();
const baseUrl = inject('baseUrl');
const exec = promisify(execFile);

describe('Export for PyTorch', () => {
  it('downloads a zip whose train.py --evaluate gives the browser test accuracy; the live run has the button in the history', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=gaussian&classes=3&n=240&hidden=8&epochs=3&seed=5&backend=wasm');
    expect(await trainToEnd(page, 60_000)).toBe('done');
    await openExportMenu(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pytorch').click()]);
    expect(download.suggestedFilename()).toMatch(/^fitlab-pytorch-gaussian-5\.zip$/);
    const entries = await readZip(new Uint8Array(await readFile((await download.path())!)));
    expect(entries.map((e) => e.path).sort()).toEqual([
      'README.md',
      'data.npz',
      'requirements.txt',
      'run.json',
      'train.ipynb',
      'train.py',
      'weights.npz',
    ]);
    const run = JSON.parse(new TextDecoder().decode(entries.find((e) => e.path === 'run.json')!.bytes));
    expect(run.settings.dataset).toBe('gaussian');
    expect(run.history).toHaveLength(3);

    const dir = await mkdtemp(join(tmpdir(), 'fitlab-e2e-torch-'));
    try {
      for (const e of entries) await writeFile(join(dir, e.path), e.bytes);
      const { stdout } = await exec('/usr/bin/python3', ['train.py', '--evaluate'], {
        cwd: dir,
        env: { ...process.env, OMP_NUM_THREADS: '1' },
      });
      const line = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(line.test_accuracy).toBe(run.test.accuracy);
      expect(Math.abs(line.test_loss - run.test.loss) / run.test.loss).toBeLessThan(1e-4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    await showView(page, 'history');
    await expect.poll(() => page.getByTestId('run-export-pytorch').count(), { timeout: 10_000 }).toBe(1);
    expect(errors).toEqual([]);
  });
});
