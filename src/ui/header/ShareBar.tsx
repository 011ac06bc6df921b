import { useState } from 'react';
import { buildMetricsExport } from '../../core/report/metrics-export';
import { useLab } from '../../store/lab';
import { shareUrl } from '../../store/url-sync';
import { saveFile } from '../common/download';

/** Copy the share link; download the last run's metrics as JSON. */
export function ShareBar() {
  const run = useLab((s) => s.run);
  const [copied, setCopied] = useState<string | null>(null);

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
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    saveFile(`fitlab-metrics-${run.settings.dataset}-${stamp}.json`, JSON.stringify(data, null, 2), 'application/json');
  };

  return (
    <div className="share-bar">
      <button type="button" data-testid="copy-link" onClick={copy}>
        Copy link
      </button>
      <button type="button" data-testid="export-metrics" onClick={exportMetrics} disabled={!run.settings || run.status === 'training'}>
        Export metrics
      </button>
      <span className="muted" role="status" aria-live="polite">
        {copied}
      </span>
    </div>
  );
}
