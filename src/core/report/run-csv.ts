import { classificationReport } from '../metrics';
import type { TestResult } from '../train/test-result';
import type { EpochRecord } from '../train/types';

/** A run's numbers as CSV for a spreadsheet: the per-epoch history and the per-class report. */

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A CSV field: quoted when needed; text that a spreadsheet would run as a formula gets a leading '. */
function csvText(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvNum = (v: number | null | undefined) => (isNum(v) ? String(v) : '');

/** Per-epoch history as CSV (epoch, loss, val_loss, acc, val_acc, lr, ms); NaN cells are empty. */
export function metricsToCsv(epochs: readonly EpochRecord[]): string {
  const lines = ['epoch,loss,val_loss,acc,val_acc,lr,ms'];
  for (const r of epochs) lines.push([r.epoch, r.loss, r.val_loss, r.acc, r.val_acc, r.lr, r.ms].map(csvNum).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Per-class precision, recall, F1 and support as CSV, with macro and weighted averages. */
export function classReportToCsv(test: TestResult): string {
  const k = test.classNames.length;
  const lines = ['class,precision,recall,f1,support'];
  if (test.count === 0) return `${lines[0]}\r\n`;
  const report = classificationReport(test.labels, test.predictions, k);
  report.perClass.forEach((c, i) =>
    lines.push([csvText(test.classNames[i]), csvNum(c.precision), csvNum(c.recall), csvNum(c.f1), String(c.support)].join(',')),
  );
  lines.push(
    ['macro avg', csvNum(report.macro.precision), csvNum(report.macro.recall), csvNum(report.macro.f1), String(test.count)].join(','),
  );
  lines.push(
    [
      'weighted avg',
      csvNum(report.weighted.precision),
      csvNum(report.weighted.recall),
      csvNum(report.weighted.f1),
      String(test.count),
    ].join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}
