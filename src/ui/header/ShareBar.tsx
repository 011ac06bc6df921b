import { useRef, useState } from 'react';
import { buildMetricsExport } from '../../core/report/metrics-export';
import { classReportToCsv, metricsToCsv, renderRunReport } from '../../core/report/run-report';
import { useLab } from '../../store/lab';
import { shareUrl } from '../../store/url-sync';
import { saveFile } from '../common/download';
import { PytorchExportButton } from '../export/PytorchExportButton';

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
    const data = buildMetricsExport({ settings: run.settings, backend: run.backend, status: run.status, history: run.history, test: run.test });
    saveFile(`fitlab-metrics-${run.settings.dataset}-${stamp()}.json`, JSON.stringify(data, null, 2), 'application/json');
  };

  const exportEpochsCsv = () => {
    if (!run.settings) return;
    saveFile(`fitlab-epochs-${run.settings.dataset}-${stamp()}.csv`, metricsToCsv(run.history), 'text/csv');
  };

  const exportClassesCsv = () => {
    if (!run.settings || run.test?.task !== 'classification') return;
    saveFile(`fitlab-classes-${run.settings.dataset}-${stamp()}.csv`, classReportToCsv(run.test), 'text/csv');
  };

  const downloadReport = () => {
    if (!run.settings) return;
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
        <button type="button" data-testid="download-report" onClick={downloadReport} disabled={!ready} title="A one-page HTML report of the last run, to print or keep">
          Printable report (HTML)
        </button>
        <button type="button" data-testid="export-metrics" onClick={exportMetrics} disabled={!run.settings || run.status === 'training'}>
          Metrics (JSON)
        </button>
        <button type="button" data-testid="export-csv-epochs" onClick={exportEpochsCsv} disabled={!ready} title="Per-epoch metrics as CSV">
          Per-epoch metrics (CSV)
        </button>
        <button type="button" data-testid="export-csv-classes" onClick={exportClassesCsv} disabled={!ready || run.test?.task !== 'classification'} title="Per-class precision, recall, F1 and support as CSV">
          Per-class report (CSV)
        </button>
        <PytorchExportButton testId="export-pytorch" onStatus={setCopied} />
        </div>
      </details>
      <span className="muted" role="status" aria-live="polite">
        {copied}
      </span>
    </div>
  );
}
