import { lazy, Suspense, useRef, useState } from 'react';
import { buildMetricsExport } from '../../core/report/metrics-export';
import { useLab } from '../../store/lab';
import { shareUrl } from '../../store/url-sync';
import { useAfterFirstPaint } from '../common/afterFirstPaint';
import { saveFile } from '../common/download';

// The report and CSV writers, and the PyTorch export, load on first use (or after the first paint): the
// first screen needs none of them.
const report = () => import('../../core/report/run-report');
const csv = () => import('../../core/report/run-csv');
const PytorchExportButton = lazy(() => import('../export/PytorchExportButton').then((m) => ({ default: m.PytorchExportButton })));

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/**
 * Copy the share link; download the last run's metrics (JSON, or CSV: per epoch and per class) and a one-page
 * printable HTML report (settings, curves, confusion matrix, the overfitting verdict).
 */
export function ShareBar() {
  const run = useLab((s) => s.run);
  const [copied, setCopied] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const ready = !!run.settings && run.status !== 'training' && run.status !== 'idle';

  const copy = async () => {
    const url = shareUrl();
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link copied');
    } catch {
      // Clipboard can be refused (permissions, http): the link is still shown to copy by hand.
      setCopied('Copy the link from the address bar');
    }
  };

  const exportMetrics = () => {
    if (!run.settings) return;
    const data = buildMetricsExport({
      settings: run.settings,
      backend: run.backend,
      status: run.status,
      history: run.history,
      test: run.test,
    });
    saveFile(`fitlab-metrics-${run.settings.dataset}-${stamp()}.json`, JSON.stringify(data, null, 2), 'application/json');
  };

  const exportEpochsCsv = async () => {
    if (!run.settings) return;
    const { metricsToCsv } = await csv();
    saveFile(`fitlab-epochs-${run.settings.dataset}-${stamp()}.csv`, metricsToCsv(run.history), 'text/csv');
  };

  const exportClassesCsv = async () => {
    if (!run.settings || run.test?.task !== 'classification') return;
    const { classReportToCsv } = await csv();
    saveFile(`fitlab-classes-${run.settings.dataset}-${stamp()}.csv`, classReportToCsv(run.test), 'text/csv');
  };

  const downloadReport = async () => {
    if (!run.settings) return;
    const { renderRunReport } = await report();
    const html = renderRunReport({
      settings: run.settings,
      epochs: run.history,
      test: run.test,
      backend: run.backend,
      createdAt: new Date(run.endedAt ?? Date.now()).toLocaleString(),
      trainSamples: run.counts?.train,
    });
    saveFile(`fitlab-report-${run.settings.dataset}-${stamp()}.html`, html, 'text/html');
  };

  const later = useAfterFirstPaint();
  return (
    <div className="share-bar">
      <button type="button" data-testid="copy-link" onClick={copy}>
        Copy link
      </button>
      {/* A menu, so the header keeps to one line on a projector; the downloads need a finished run anyway. */}
      {/* Closes once a download is chosen, so the open list never covers the page beneath it. */}
      <details
        className="menu export-menu"
        data-testid="export-menu"
        ref={menu}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('button')) menu.current?.removeAttribute('open');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && menu.current?.open) {
            menu.current.removeAttribute('open');
            menu.current.querySelector('summary')?.focus();
          }
        }}
      >
        <summary>Export</summary>
        <div className="menu-list export-group" role="group" aria-label="Export the last run">
          <button
            type="button"
            data-testid="download-report"
            onClick={downloadReport}
            disabled={!ready}
            title="A one-page HTML report of the last run, to print or keep"
          >
            Printable report (HTML)
          </button>
          <button type="button" data-testid="export-metrics" onClick={exportMetrics} disabled={!run.settings || run.status === 'training'}>
            Metrics (JSON)
          </button>
          <button
            type="button"
            data-testid="export-csv-epochs"
            onClick={exportEpochsCsv}
            disabled={!ready}
            title="Per-epoch metrics as CSV"
          >
            Per-epoch metrics (CSV)
          </button>
          <button
            type="button"
            data-testid="export-csv-classes"
            onClick={exportClassesCsv}
            disabled={!ready || run.test?.task !== 'classification'}
            title="Per-class precision, recall, F1 and support as CSV"
          >
            Per-class report (CSV)
          </button>
          {later && (
            <Suspense fallback={null}>
              <PytorchExportButton testId="export-pytorch" onStatus={setCopied} />
            </Suspense>
          )}
        </div>
      </details>
      <span className="muted" role="status" aria-live="polite">
        {copied}
      </span>
    </div>
  );
}
