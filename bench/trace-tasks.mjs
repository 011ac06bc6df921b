// Long-task attribution for the `main_thread` and `startup` figures (BENCH_TRACE=dir npm run bench -- main_thread):
// a Chrome trace of the page's renderer is recorded, and every main-thread task over 50 ms is broken down by
// what ran inside it (script per file and entry function, style, layout, paint, GC, compile), so the figure's
// long tasks can be traced to a chart redraw, a render, a chunk's evaluation. Notes only; no figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Trace categories: task boundaries, the timeline's events (with script URLs), V8 compile and GC. */
const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
].join(',');
const LONG_MS = 50;
/** Script entry events (their first frame's file and function name the script part of a task). */
const SCRIPT_EVENTS = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.compile',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'RunMicrotasks',
  'v8.evaluateModule',
  'FireIdleCallback',
]);
const RENDER_EVENTS = {
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'prepaint',
  Paint: 'paint',
  Layerize: 'layerize',
  MajorGC: 'gc',
  MinorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  ParseHTML: 'parse-html',
  'v8.compileModule': 'compile',
  'v8.compile': 'compile',
  'V8.CompileCode': 'compile',
  'v8.parseOnBackground': 'compile',
};

/** Starts recording the page's trace when BENCH_TRACE names a folder; returns a stop function (no-op otherwise). */
export async function traceLongTasks(browser, page, name, note) {
  const dir = process.env.BENCH_TRACE;
  if (!dir) return async () => undefined;
  mkdirSync(dir, { recursive: true });
  await browser.startTracing(page, { categories: CATEGORIES.split(',') });
  // The page marks its t0 with performance.mark(mark); tasks before it are not listed.
  return async (mark) => {
    const buffer = await browser.stopTracing();
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, buffer);
    const trace = JSON.parse(buffer.toString());
    const events = trace.traceEvents ?? trace;
    const fromUs = events.find((e) => e.name === mark && String(e.cat).includes('user_timing'))?.ts ?? 0;
    const tasks = longTasks(trace, fromUs);
    // Wall time on a shared machine includes waiting for a core; the thread's own CPU time does not.
    const cpuLong = tasks.filter((t) => t.cpuMs !== null && t.cpuMs > LONG_MS);
    note(
      `trace ${file}: ${tasks.length} main-thread tasks over ${LONG_MS} ms of wall time, ${cpuLong.length} over ${LONG_MS} ms of the thread's CPU time (longest ${Math.max(0, ...tasks.map((t) => t.cpuMs ?? 0))} ms)`,
    );
    for (const t of tasks) note(`  +${t.atMs} ms, ${t.ms} ms (cpu ${t.cpuMs}): ${t.parts.join(', ')}`);
    return tasks;
  };
}

/** Every main-thread task over 50 ms, each with its time split by what ran in it. */
export function longTasks(trace, fromUs = 0) {
  const events = trace.traceEvents ?? trace;
  const main = mainThread(events);
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const tasks = mine.filter((e) => e.name === 'RunTask' && e.dur >= LONG_MS * 1000 && e.ts >= fromUs);
  const t0 = fromUs || (tasks[0]?.ts ?? 0);
  const samples = cpuSamples(events, main);
  return tasks.map((task) => {
    const inside = mine.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e !== task);
    const parts = new Map();
    const add = (key, us) => parts.set(key, (parts.get(key) ?? 0) + us);
    // Only the outermost script event counts (a FunctionCall inside a TimerFire is the same time).
    let scriptEnd = -1;
    for (const e of inside) {
      if (SCRIPT_EVENTS.has(e.name) && e.ts >= scriptEnd) {
        scriptEnd = e.ts + e.dur;
        const d = e.args?.data ?? {};
        const frame = d.stackTrace?.[0] ?? d;
        const file = (d.url || frame.url || '').split('/').pop().split('?')[0];
        add(
          `js ${e.name}${file ? ` ${file}` : ''}${d.functionName || frame.functionName ? ` ${d.functionName || frame.functionName}` : ''}${d.type ? ` (${d.type})` : ''}`,
          e.dur,
        );
      }
      if (RENDER_EVENTS[e.name]) add(RENDER_EVENTS[e.name], e.dur);
    }
    const listed = [...parts].sort((a, b) => b[1] - a[1]).filter(([, us]) => us >= 2000);
    const hot = hotFunctions(samples, task.ts, task.ts + task.dur);
    return {
      atMs: Math.round((task.ts - t0) / 1000),
      ms: Math.round(task.dur / 1000),
      cpuMs: task.tdur === undefined ? null : Math.round(task.tdur / 1000),
      parts: [...listed.map(([k, us]) => `${k} ${Math.round(us / 1000)}`), ...(hot ? [`\n      ${hot}`] : [])],
    };
  });
}

/** The renderer's main thread (CrRendererMain) of the page that ran the most. */
function mainThread(events) {
  const named = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = null;
  let bestUs = -1;
  for (const t of named) {
    const us = events.reduce((s, e) => (e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask' ? s + (e.dur ?? 0) : s), 0);
    if (us > bestUs) [best, bestUs] = [t, us];
  }
  if (!best) throw new Error('The trace has no renderer main thread (CrRendererMain).');
  return { pid: best.pid, tid: best.tid };
}

/** The main thread's CPU profile samples: { ts, stack (function names, leaf first) }. */
function cpuSamples(events, main) {
  const profileIds = new Set(events.filter((e) => e.name === 'Profile' && e.pid === main.pid && e.tid === main.tid).map((e) => e.id));
  const nodes = new Map();
  const out = [];
  const starts = new Map(events.filter((e) => e.name === 'Profile' && profileIds.has(e.id)).map((e) => [e.id, e.args.data.startTime]));
  const clock = new Map();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !profileIds.has(e.id)) continue;
    const p = e.args.data.cpuProfile ?? {};
    for (const n of p.nodes ?? [])
      nodes.set(`${e.id}:${n.id}`, {
        name: n.callFrame.functionName || `(${(n.callFrame.url ?? '').split('/').pop() || 'anon'})`,
        parent: n.parent,
      });
    let t = clock.get(e.id) ?? starts.get(e.id) ?? 0;
    (p.samples ?? []).forEach((id, i) => {
      t += e.args.data.timeDeltas[i];
      out.push({ ts: t, leaf: `${e.id}:${id}`, pid: e.id });
    });
    clock.set(e.id, t);
  }
  return out.map((s) => {
    const stack = [];
    for (let k = s.leaf, guard = 0; k && nodes.has(k) && guard < 200; guard++) {
      const n = nodes.get(k);
      stack.push(n.name);
      k = n.parent ? `${s.pid}:${n.parent}` : null;
    }
    return { ts: s.ts, stack };
  });
}

/** The functions most samples of [from, to] were in (inclusive, top 14) and ran themselves (self, top 6). */
function hotFunctions(samples, from, to) {
  const inside = samples.filter((s) => s.ts >= from && s.ts <= to);
  if (!inside.length) return '';
  const incl = new Map();
  const self = new Map();
  for (const s of inside) {
    for (const f of new Set(s.stack)) incl.set(f, (incl.get(f) ?? 0) + 1);
    self.set(s.stack[0], (self.get(s.stack[0]) ?? 0) + 1);
  }
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([f, c]) => `${f} ${Math.round((100 * c) / inside.length)}%`)
      .join(' · ');
  return `incl: ${top(incl, 24)}\n      self: ${top(self, 8)}`;
}
