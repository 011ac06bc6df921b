import { useState } from 'react';
import { buildMetricsExport } from '../../core/report/metrics-export';
import { exportPytorch } from '../../store/analyses';
import { useLab } from '../../store/lab';
import { saveFile } from '../common/download';

/** Above this the export says its size and asks before downloading. */
const CONFIRM_BYTES = 200 * 2 ** 20;
/** Above this it first offers to leave the data out (train.py then reads data.npz from a path). */
const OFFER_NO_DATA_BYTES = 2 ** 30;

const megabytes = (n: number) => `${(n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0)} MB`;

/**
 * Downloads the current run as a PyTorch project: train.py, train.ipynb, data.npz, weights.npz, run.json,
 * requirements.txt and README.md in one zip, built in the trainer (where the model and splits live). The
 * zip is made in this browser and saved to disk: nothing is uploaded.
 */
export function PytorchExportButton({
  testId,
  label = 'PyTorch project (zip)',
  onStatus,
}: {
  testId: string;
  label?: string;
  onStatus: (message: string | null) => void;
}) {
  // A boolean, not the run: the button need not re-render on every batch of the next run.
  const ready = useLab((s) => !!s.run.id && !!s.run.test && !!s.run.settings && s.run.status !== 'training' && s.run.status !== 'idle');
  const [busy, setBusy] = useState(false);

  const download = async () => {
    const { run } = useLab.getState();
    if (!run.settings || busy) return;
    setBusy(true);
    onStatus('Building the PyTorch project…');
    try {
      const metrics = buildMetricsExport({
        settings: run.settings,
        backend: run.backend,
        status: run.status,
        history: run.history,
        test: run.test,
      });
      const runJson = JSON.stringify(metrics, null, 2);
      let result = await exportPytorch(runJson);
      if (
        result.bytes.length > OFFER_NO_DATA_BYTES &&
        window.confirm(
          `The PyTorch project is ${megabytes(result.bytes.length)}, most of it the data split. Leave data.npz out? (train.py then reads it from a path you give with --data; Cancel keeps it in.)`,
        )
      ) {
        result = await exportPytorch(runJson, false);
      }
      const size = megabytes(result.bytes.length);
      if (result.bytes.length > CONFIRM_BYTES && !window.confirm(`The PyTorch project is ${size}. Download it?`)) {
        onStatus('PyTorch export cancelled.');
        return;
      }
      saveFile(`fitlab-pytorch-${run.settings.dataset}-${run.settings.seed}.zip`, result.bytes, 'application/zip');
      onStatus(
        result.diverged
          ? `PyTorch project saved (${size}). The run diverged: it holds the last good weights, as its README says.`
          : `PyTorch project saved (${size}).`,
      );
    } catch (err) {
      onStatus(`PyTorch export failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <button
      type="button"
      data-testid={testId}
      onClick={() => void download()}
      disabled={!ready || busy}
      aria-busy={busy}
      title="The run as a PyTorch project: the same data split, model, weights and training, runnable with python or torchrun"
    >
      {busy ? 'Building…' : label}
    </button>
  );
}
