// Figure `history_import`: a 50,000-run history (issue "Real files at real volumes"). Through the app's real
// file input: the import's wall time, the page's longest main-thread task meanwhile, and the time to a usable
// lab (Train laid out) after a reload with that history. Each has a same-run reference: the import against a
// bare JSON.parse of the same file on the page (the floor of any import), the reload against a reload of the
// same page with an empty history.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { manyRunsFile } from '../scripts/lib/runs-file.mjs';
import { watchPage } from '../scripts/lib/watch-page.mjs';

const RUNS = 50_000;
const RELOADS = 3;

export async function historyImport({ browser, base, emit, note, round }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fitlab-bench-history-'));
  const file = path.join(dir, 'runs.json');
  const text = manyRunsFile(RUNS);
  writeFileSync(file, text);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(watchPage);
  const reopen = async () => {
    const reloads = [];
    for (let i = 0; i < RELOADS; i++) {
      await page.reload({ waitUntil: 'commit' });
      await page.waitForFunction(() => window.__trainStartAt !== undefined, undefined, { timeout: 60_000 });
      await page.waitForSelector('[data-testid="run-history"][data-loaded="true"]', { timeout: 120_000 });
      reloads.push(
        await page.evaluate(() => ({
          ready: window.__trainStartAt,
          listed: performance.now(),
          longest: window.__longTasks.reduce((m, t) => Math.max(m, t.duration), 0),
        })),
      );
    }
    const median = (key) => reloads.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(RELOADS / 2)];
    return { ready: median('ready'), listed: median('listed'), longest: Math.max(...reloads.map((r) => r.longest)) };
  };
  try {
    // The History view: the list is part of what a reopen must lay out.
    await page.goto(`${base}?view=history`);
    await page.waitForSelector('[data-testid="run-history"][data-loaded="true"]');
    const empty = await reopen();

    // Reference: parsing the same text on the page, nothing else.
    const parseMs = await page.evaluate(async (t) => {
      const t0 = performance.now();
      JSON.parse(t);
      return performance.now() - t0;
    }, text);

    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('history-import').setInputFiles(file);
    await page.waitForSelector('[data-testid="history-message"][data-kind]', { timeout: 600_000 });
    const t1 = await page.evaluate(() => performance.now());
    const message = (await page.getByTestId('history-message').innerText()).replace(/\s*×$/, '');
    const tasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= t0);
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    note(
      `history: ${RUNS} runs (${(text.length / 2 ** 20).toFixed(0)} MB) imported in ${((t1 - t0) / 1000).toFixed(1)} s, longest task ${longest.toFixed(0)} ms: ${message}`,
    );
    emit({
      figure: 'history_import',
      measure: 'import_ms',
      runs: RUNS,
      file_bytes: text.length,
      ratio: round((t1 - t0) / parseMs, 2),
      ratio_is: 'import wall time ÷ one JSON.parse of the same file on the page',
      fitlab: round(t1 - t0, 0),
      reference: round(parseMs, 0),
      longest_main_thread_task_ms: round(longest, 1),
      main_thread_tasks_over_50ms: tasks.length,
      outcome: message,
      counted:
        'file chosen in the real input → the history message appears (worker reads, checks, stores in chunks; page merges the summaries)',
    });

    const full = await reopen();
    note(
      `history: reopen ${full.ready.toFixed(0)} ms to Train, ${full.listed.toFixed(0)} ms to the whole list, longest task ${full.longest.toFixed(0)} ms, with ${RUNS} runs; ${empty.ready.toFixed(0)} ms empty`,
    );
    emit({
      figure: 'history_import',
      measure: 'reopen_ms',
      runs: RUNS,
      ratio: round(full.ready / empty.ready, 2),
      ratio_is: `reopen with ${RUNS} runs ÷ reopen with none`,
      fitlab: round(full.ready, 0),
      reference: round(empty.ready, 0),
      list_loaded_ms: round(full.listed, 0),
      longest_main_thread_task_ms: round(full.longest, 1),
      reloads: RELOADS,
      counted:
        'reload of the History view → Train laid out (navigation start to a nonzero box), median of the reloads; list_loaded_ms: to the whole list shown (data-loaded); longest task over the reloads',
    });
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
