import { classificationReport } from '../metrics';
import { encodeSettings, formatValue } from '../preset/codec';
import { SCHEMA, SETTING_NAMES, defaultSettings, type FieldSpec, type Settings } from '../preset/schema';
import { detectOverfitting, overfitMessage } from '../teach/overfit';
import type { AnyTestResult, RegressionTestResult, TestResult } from '../train/test-result';
import type { EpochRecord } from '../train/types';
import { sanitizeSvg } from './sanitize-svg';

/**
 * A run as one standalone, printable HTML page: settings, learning curves (inline SVG drawn here), the
 * confusion matrix, key metrics and the overfitting detector's verdict. No scripts and no external
 * resources, so it opens anywhere, offline, and prints on one page. Every string that comes from data or
 * the user (class names, titles) goes through escapeHtml.
 */

/** Okabe–Ito colours, safe for the common colour-vision deficiencies; validation is also dashed. */
export const TRAIN_COLOUR = '#0072B2';
export const VAL_COLOUR = '#E69F00';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML element content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface RunReportInput {
  settings: Settings;
  epochs: readonly EpochRecord[];
  /** The held-out evaluation; null when the run ended before it. */
  test: AnyTestResult | null;
  /** Class names (defaults to the test result's). */
  classNames?: readonly string[];
  backend?: string | null;
  /** When the run was made (ISO string or any text): shown as given. */
  createdAt: string;
  /** Page heading; default "Fitlab run report". */
  title?: string;
  /** Training samples, for the overfitting verdict's wording. */
  trainSamples?: number;
  /** Extra charts from the app (SVG markup), sanitised (see sanitizeSvg) and shown after the built-in ones. */
  charts?: readonly { title: string; svg: string }[];
}

// ---------------------------------------------------------------- numbers

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fmt(v: number, digits = 3): string {
  if (!isNum(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 1) return v.toFixed(Math.max(0, digits - 1));
  return v.toFixed(digits);
}

/** Up to 3 significant digits, for axis ticks. */
function tick(v: number): string {
  if (v === 0) return '0';
  return Number(v.toPrecision(3)).toString();
}

// ---------------------------------------------------------------- charts

interface Series {
  name: string;
  colour: string;
  dashed: boolean;
  values: readonly (number | null | undefined)[];
}

interface ChartOptions {
  title: string;
  yLabel: string;
  /** Force the y range to include these (e.g. 0 and 1 for accuracy). */
  yInclude?: number[];
  /** Epoch to mark with a dotted vertical line, and its label. */
  mark?: { epoch: number; label: string } | null;
  width?: number;
  height?: number;
}

let chartId = 0;

/**
 * A line chart of per-epoch series as inline SVG: axes with a few ticks, one polyline per run of finite
 * values (a NaN breaks the line), a legend that names each line and shows its dash, and a <title> for
 * screen readers.
 */
export function lineChartSvg(epochs: readonly number[], series: readonly Series[], o: ChartOptions): string {
  const W = o.width ?? 360;
  const H = o.height ?? 210;
  const m = { left: 44, right: 10, top: 16, bottom: 44 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const id = `chart-${++chartId}`;
  const finite = series.flatMap((s) => s.values.filter(isNum));
  const head = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}"><title id="${id}">${escapeHtml(o.title)}</title>`;
  if (epochs.length === 0 || finite.length === 0) {
    return `${head}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="muted">No data</text></svg>`;
  }
  let lo = Math.min(...finite, ...(o.yInclude ?? []));
  let hi = Math.max(...finite, ...(o.yInclude ?? []));
  if (hi - lo < 1e-9) {
    hi += 0.5;
    lo -= 0.5;
  }
  const e0 = epochs[0];
  const e1 = epochs[epochs.length - 1];
  const x = (e: number) => m.left + (e1 === e0 ? pw / 2 : ((e - e0) / (e1 - e0)) * pw);
  const y = (v: number) => m.top + (1 - (v - lo) / (hi - lo)) * ph;
  const parts: string[] = [head];
  // Axes and ticks.
  parts.push(
    `<g class="axis"><line x1="${m.left}" y1="${m.top + ph}" x2="${m.left + pw}" y2="${m.top + ph}"/><line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + ph}"/>`,
  );
  for (const v of [lo, (lo + hi) / 2, hi]) {
    parts.push(
      `<line x1="${m.left - 3}" y1="${y(v).toFixed(1)}" x2="${m.left}" y2="${y(v).toFixed(1)}"/><text x="${m.left - 5}" y="${(y(v) + 3).toFixed(1)}" text-anchor="end">${tick(v)}</text>`,
    );
  }
  const xTicks = [...new Set([e0, Math.round((e0 + e1) / 2), e1])];
  for (const e of xTicks) {
    parts.push(
      `<line x1="${x(e).toFixed(1)}" y1="${m.top + ph}" x2="${x(e).toFixed(1)}" y2="${m.top + ph + 3}"/><text x="${x(e).toFixed(1)}" y="${m.top + ph + 13}" text-anchor="middle">${e}</text>`,
    );
  }
  parts.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 25}" text-anchor="middle">epoch</text>`);
  parts.push(
    `<text x="10" y="${m.top + ph / 2}" text-anchor="middle" transform="rotate(-90 10 ${m.top + ph / 2})">${escapeHtml(o.yLabel)}</text></g>`,
  );
  if (o.mark && o.mark.epoch >= e0 && o.mark.epoch <= e1) {
    const mx = x(o.mark.epoch).toFixed(1);
    parts.push(
      `<g class="mark"><line x1="${mx}" y1="${m.top}" x2="${mx}" y2="${m.top + ph}" stroke-dasharray="2 3"/><text x="${mx}" y="${m.top - 3}" text-anchor="middle">${escapeHtml(o.mark.label)}</text></g>`,
    );
  }
  // Lines, broken at non-finite values; a lone point gets a dot so it is visible.
  for (const s of series) {
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (isNum(v) && i < epochs.length) runs[runs.length - 1].push(`${x(epochs[i]).toFixed(1)},${y(v).toFixed(1)}`);
      else if (runs[runs.length - 1].length) runs.push([]);
    });
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    for (const run of runs) {
      if (run.length > 1)
        parts.push(
          `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${dash} points="${run.join(' ')}"><title>${escapeHtml(s.name)}</title></polyline>`,
        );
      else if (run.length === 1) {
        const [cx, cy] = run[0].split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${s.colour}"/>`);
      }
    }
  }
  // Legend under the plot, left to right: a line sample with the series' dash, then its name.
  let lx = m.left;
  for (const s of series) {
    const ly = H - 6;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<g class="legend"><line x1="${lx}" y1="${ly - 3}" x2="${lx + 22}" y2="${ly - 3}" stroke="${s.colour}" stroke-width="2"${dash}/><text x="${lx + 26}" y="${ly}">${escapeHtml(s.name)}</text></g>`,
    );
    lx += 40 + s.name.length * 5.5;
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Train vs validation loss, and accuracy (R² for regression), as two SVG charts. */
export function learningCurveSvgs(
  epochs: readonly EpochRecord[],
  opts: { regression?: boolean; bestEpoch?: number | null } = {},
): { loss: string; score: string } {
  const xs = epochs.map((r) => r.epoch);
  const mark = opts.bestEpoch ? { epoch: opts.bestEpoch, label: `best ${opts.bestEpoch}` } : null;
  const scoreName = opts.regression ? 'R²' : 'accuracy';
  return {
    loss: lineChartSvg(
      xs,
      [
        { name: 'training loss', colour: TRAIN_COLOUR, dashed: false, values: epochs.map((r) => r.loss) },
        { name: 'validation loss', colour: VAL_COLOUR, dashed: true, values: epochs.map((r) => r.val_loss) },
      ],
      { title: 'Loss per epoch: training (solid) and validation (dashed)', yLabel: 'loss', yInclude: [0], mark },
    ),
    score: lineChartSvg(
      xs,
      [
        { name: `training ${scoreName}`, colour: TRAIN_COLOUR, dashed: false, values: epochs.map((r) => r.acc) },
        { name: `validation ${scoreName}`, colour: VAL_COLOUR, dashed: true, values: epochs.map((r) => r.val_acc) },
      ],
      {
        title: `${opts.regression ? 'R²' : 'Accuracy'} per epoch: training (solid) and validation (dashed)`,
        yLabel: scoreName,
        yInclude: opts.regression ? [1] : [0, 1],
        mark,
      },
    ),
  };
}

// ---------------------------------------------------------------- tables

function settingsTables(settings: Settings): string {
  const defaults = defaultSettings();
  const rows = SETTING_NAMES.map((name) => {
    const spec = SCHEMA[name] as FieldSpec;
    const value = formatValue(spec, settings[name]);
    const changed = value !== formatValue(spec, defaults[name]);
    const shown = spec.kind === 'bool' ? (settings[name] ? 'on' : 'off') : value === '' ? 'none' : value;
    return `<tr${changed ? ' class="changed"' : ''}><th scope="row">${changed ? '<span class="dot" aria-label="changed">●</span> ' : ''}${escapeHtml(spec.label)}</th><td>${escapeHtml(shown)}</td></tr>`;
  });
  const per = Math.ceil(rows.length / 3);
  const tables = [0, 1, 2].map(
    (i) =>
      `<table class="settings"><thead><tr><th scope="col">Setting</th><th scope="col">Value</th></tr></thead><tbody>${rows.slice(i * per, (i + 1) * per).join('')}</tbody></table>`,
  );
  return `<div class="settings-grid">${tables.join('')}</div>`;
}

/**
 * Confusion matrix as a table; each cell is shaded by its share of the row (the true class). With more
 * than four classes or long names, columns are headed by the class number (the rows say which is which)
 * so ten classes fit beside the per-class table on a printed page.
 */
export function confusionTable(matrix: readonly (readonly number[])[], classNames: readonly string[]): string {
  const k = matrix.length;
  const name = (i: number) => escapeHtml(classNames[i] ?? `class ${i}`);
  const numbered = k > 4 || classNames.some((c) => c.length > 8);
  const colHead = (j: number) => (numbered ? `<th scope="col" title="${name(j)}">${j}</th>` : `<th scope="col">${name(j)}</th>`);
  const rowHead = (i: number) => `<th scope="row">${numbered ? `<span class="idx">${i}</span> ` : ''}${name(i)}</th>`;
  const head = `<tr><th scope="col" class="corner">true ↓ / predicted →</th>${Array.from({ length: k }, (_, j) => colHead(j)).join('')}</tr>`;
  const body = matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const cells = row.map((count, j) => {
      const share = total ? count / total : 0;
      const alpha = Math.round(share * 85) / 100;
      const style = `background:rgba(0,114,178,${alpha});color:${alpha > 0.45 ? '#fff' : '#000'}`;
      const cls = i === j ? ' class="diag"' : '';
      return `<td${cls} style="${style}" title="${name(i)} predicted as ${name(j)}: ${count}">${count}</td>`;
    });
    return `<tr>${rowHead(i)}${cells.join('')}</tr>`;
  });
  const caption = `Confusion matrix (test set): rows are the true class, columns the prediction${numbered ? ' (numbered as the rows)' : ''}; shading is the share of the row, the diagonal (outlined) is right.`;
  return `<table class="confusion"><caption>${caption}</caption><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

/** Key numbers as one compact two-row table: names above, values below. */
function keyTable(items: [string, string][]): string {
  return `<table class="key"><thead><tr>${items.map(([k]) => `<th scope="col">${escapeHtml(k)}</th>`).join('')}</tr></thead><tbody><tr>${items.map(([, v]) => `<td>${escapeHtml(v)}</td>`).join('')}</tr></tbody></table>`;
}

function classificationSection(t: TestResult, classNames: readonly string[]): { metrics: string; detail: string } {
  const k = classNames.length;
  const report = t.count > 0 ? classificationReport(t.labels, t.predictions, k) : null;
  const metrics = keyTable([
    ['Test accuracy', fmt(t.accuracy)],
    ['Macro F1', report ? fmt(report.macro.f1) : '—'],
    ['Weighted F1', report ? fmt(report.weighted.f1) : '—'],
    ['Test loss', fmt(t.loss)],
    ['Test samples', String(t.count)],
  ]);
  const perClass = report
    ? `<table class="per-class"><caption>Per class (test set)</caption><thead><tr><th scope="col">Class</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">F1</th><th scope="col">Support</th></tr></thead><tbody>${report.perClass
        .map(
          (c, i) =>
            `<tr><th scope="row">${escapeHtml(classNames[i] ?? `class ${i}`)}</th><td>${fmt(c.precision)}</td><td>${fmt(c.recall)}</td><td>${fmt(c.f1)}</td><td>${c.support}</td></tr>`,
        )
        .join(
          '',
        )}<tr class="avg"><th scope="row">macro avg</th><td>${fmt(report.macro.precision)}</td><td>${fmt(report.macro.recall)}</td><td>${fmt(report.macro.f1)}</td><td>${t.count}</td></tr><tr class="avg"><th scope="row">weighted avg</th><td>${fmt(report.weighted.precision)}</td><td>${fmt(report.weighted.recall)}</td><td>${fmt(report.weighted.f1)}</td><td>${t.count}</td></tr></tbody></table>`
    : '';
  return { metrics, detail: `<div class="row">${confusionTable(t.confusionMatrix, classNames)}${perClass}</div>` };
}

function regressionSection(t: RegressionTestResult): string {
  const m = t.metrics;
  return keyTable([
    ['R²', fmt(m.r2)],
    ['MAE', fmt(m.mae)],
    ['MSE', fmt(m.mse)],
    ['RMSE', fmt(m.rmse)],
    ['Test samples', String(t.count)],
  ]);
}

// ---------------------------------------------------------------- page

const CSS = `
*{box-sizing:border-box}
body{font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;margin:16px auto;max-width:1000px;padding:0 12px}
h1{font-size:18px;margin:0 0 2px}h2{font-size:13px;margin:10px 0 4px;border-bottom:1px solid #ccc}
.meta{color:#444;margin:0 0 6px}.muted{fill:#666;color:#666}
.verdict{border:1px solid #999;border-left:5px solid #0072B2;padding:4px 8px;margin:6px 0}
.verdict.warning{border-left-color:#D55E00}.verdict p{margin:2px 0}
.row{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
.row>.chart{flex:1 1 300px;max-width:480px}
table{border-collapse:collapse;font-size:11px}th,td{padding:2px 5px;text-align:left}
td{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding-bottom:2px;max-width:420px}
.key th{font-weight:400;color:#444;padding-right:14px}.key td{font-weight:700;text-align:left;font-size:13px}
.settings-grid{display:flex;gap:8px}.settings{flex:1}.settings th{font-weight:400}.settings td{text-align:left}
.settings tr:nth-child(even){background:#f4f4f4}.settings tr.changed,.settings tr.changed th{font-weight:700;background:#fff3d6}
.dot{color:#D55E00}.idx{color:#555;font-weight:400}
.confusion th,.confusion td{border:1px solid #bbb;text-align:center;min-width:24px}.confusion tbody th{text-align:left}
.confusion .diag{font-weight:700;outline:2px solid #111;outline-offset:-2px}.confusion .corner{font-weight:400;font-size:9px}
.per-class th,.per-class td{border-bottom:1px solid #ddd}.per-class .avg{font-style:italic}
.chart{max-width:100%;height:auto}.chart text{font-size:10px;fill:#222}.chart .axis line{stroke:#444}.chart .mark line{stroke:#666}
figure{margin:0}figcaption{font-weight:600}
.query{font-family:ui-monospace,monospace;font-size:10px;word-break:break-all;color:#333}
footer{margin-top:8px;color:#666;font-size:10px}
@page{size:A4;margin:10mm}
@media print{
  body{margin:0;max-width:none;padding:0;font-size:9px}
  h1{font-size:15px}h2{font-size:11px;margin:6px 0 3px;break-after:avoid}
  table{font-size:8.5px}th,td{padding:1px 3px}caption{font-size:9px}.key td{font-size:10px}
  .row{gap:6px;flex-wrap:nowrap}.row>.chart{flex:1 1 0;width:49%;max-width:none}
  .row,table,svg,.verdict{break-inside:avoid}
  .settings tr.changed{text-decoration:underline}
  .confusion td,.settings tr{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}`;

/** The whole report page. */
export function renderRunReport(input: RunReportInput): string {
  const s = input.settings;
  const t = input.test;
  const regression = t?.task === 'regression';
  const classNames = input.classNames ?? (t?.task === 'classification' ? t.classNames : []);
  const numClasses = !regression && classNames.length >= 2 ? classNames.length : undefined;
  const verdict = detectOverfitting(input.epochs, { numClasses });
  const message = overfitMessage(verdict, { trainSamples: input.trainSamples ?? (s.trainSize > 0 ? s.trainSize : undefined) });
  const curves = learningCurveSvgs(input.epochs, { regression, bestEpoch: verdict.bestEpoch });
  const title = input.title ?? 'Fitlab run report';
  const model =
    s.model === 'cnn'
      ? `CNN (${formatValue(SCHEMA.conv as FieldSpec, s.conv)} | ${s.dense.join(',') || 'no'} dense)`
      : `MLP (${s.hidden.join(',') || 'no hidden layers'})`;

  let results = '<p class="muted">No test result: the run ended before the held-out evaluation.</p>';
  let detail = '';
  if (t?.task === 'classification') {
    const c = classificationSection(t, classNames);
    results = c.metrics;
    detail = c.detail;
  } else if (t?.task === 'regression') {
    results = regressionSection(t);
  }

  const extra = (input.charts ?? [])
    .map((c) => {
      const svg = sanitizeSvg(c.svg);
      return svg ? `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${svg}</figure>` : '';
    })
    .join('');

  const last = input.epochs.at(-1);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${escapeHtml(s.dataset)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Dataset <strong>${escapeHtml(s.dataset)}</strong> · model ${escapeHtml(model)} · ${input.epochs.length} epoch${input.epochs.length === 1 ? '' : 's'}${last ? ` · final loss ${fmt(last.loss)} / val ${fmt(last.val_loss)}` : ''} · backend ${escapeHtml(input.backend ?? 'unknown')} · ${escapeHtml(input.createdAt)}</p>
</header>
<section class="verdict${message.tone === 'warning' ? ' warning' : ''}" aria-label="Overfitting check">
<p><strong>${escapeHtml(message.text)}</strong></p>
<p>${escapeHtml(message.advice)}</p>
</section>
<h2>Results</h2>
${results}
<h2>Learning curves</h2>
<div class="row">${curves.loss}${curves.score}</div>
${detail ? `<h2>By class</h2>${detail}` : ''}
${extra ? `<h2>More charts</h2><div class="row">${extra}</div>` : ''}
<h2>Settings</h2>
<p class="meta"><span class="dot">●</span> bold: changed from the default. Share link query: <span class="query">?${escapeHtml(encodeSettings(s)) || '(all defaults)'}</span></p>
${settingsTables(s)}
<footer>Made with Fitlab. Training and validation curves: solid blue is training, dashed orange is validation.</footer>
</body>
</html>
`;
}
