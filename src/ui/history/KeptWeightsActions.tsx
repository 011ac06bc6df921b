import { useState } from 'react';
import type { RunSummary } from '../../core/history/summary';
import { evaluateSavedModel, loadQuery } from '../../store/actions';
import { keptWeightsFiles, useKeptWeights } from '../../store/history-weights';
import { useLab } from '../../store/lab';
import { setView } from '../../store/view';
import { saveFile } from '../common/download';

/** What the row says when the database no longer holds the weights it listed. */
const GONE = 'This run’s weights are no longer stored (deleted, or the browser cleared its data): Load settings to train it again.';

/**
 * A run cut short keeps its last good weights: download them as the model download's files (model.json and
 * .weights.bin), or evaluate them on the test split of the run's settings, through the saved-model path.
 * Nothing shows for runs without kept weights.
 */
export function KeptWeightsActions({ run }: { run: Pick<RunSummary, 'id' | 'query' | 'name'> }) {
  const kept = useKeptWeights((k) => k.ids.has(run.id));
  const training = useLab((l) => l.run.status === 'training');
  const [status, setStatus] = useState<string | null>(null);
  if (!kept) return null;

  const download = async () => {
    const found = await keptWeightsFiles(run.id).catch(() => null);
    if (!found) return setStatus(GONE);
    for (const f of found.files) saveFile(f.name, f, f.type);
    setStatus(`Downloaded the model after epoch ${found.epoch}.`);
  };
  const evaluate = async () => {
    const found = await keptWeightsFiles(run.id).catch(() => null);
    if (!found) return setStatus(GONE);
    // The run's own settings give the data and split the weights were trained on.
    loadQuery(run.query);
    setView('lab');
    evaluateSavedModel(found.files);
  };
  return (
    <>
      <button
        type="button"
        data-testid="run-weights-download"
        onClick={() => void download()}
        title="The last weights saved before the run was cut short (TF.js model.json and .weights.bin)"
      >
        Download model
      </button>
      <button
        type="button"
        data-testid="run-weights-evaluate"
        disabled={training}
        onClick={() => void evaluate()}
        title="Evaluate the last weights saved on the test split of this run's settings"
      >
        Evaluate
      </button>
      <span className="sr-only" role="status" data-testid="run-weights-status">
        {status}
      </span>
    </>
  );
}
