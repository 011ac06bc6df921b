import { useEffect, useState } from 'react';
import type { ModelInput } from '../../core/model/build';
import type { ModelSummary } from '../../core/model/summary';
import { groupValues, isImageDataset, optionLabel, SCHEMA, type Settings } from '../../core/preset/schema';
import { useLab } from '../../store/lab';
import { effectiveModelSettings } from '../../core/train/run-config';
import { afterFirstPaint } from '../common/afterFirstPaint';
import { previewTf } from '../common/previewTf';

/** Layers, output shapes and parameter counts of the model the current settings build. */
export function ModelSummaryView({ input }: { input: ModelInput | null }) {
  const s = useLab((st) => st.settings);
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cnnOnPoints = s.model === 'cnn' && !isImageDataset(s.dataset);
  // Every 'model' setting (architecture, initialiser, regularisers: the summary line names them) rebuilds it.
  const key = JSON.stringify([groupValues(s, 'model'), input]);

  useEffect(() => {
    if (!input) return;
    let live = true;
    const timer = setTimeout(async () => {
      // TF.js (parsed and run on this thread) waits for the first screen to paint: never on the critical path.
      await afterFirstPaint();
      await previewTf();
      const [{ buildModel }, { summarizeModel }] = await Promise.all([
        import('../../core/model/build'),
        import('../../core/model/summary'),
      ]);
      try {
        // Shapes and parameter counts are the same under any initialiser: zeros spares this thread drawing
        // every weight at random (half the build, for the 256-256 MLP), which may overlap a run's start.
        const model = buildModel({ ...effectiveModelSettings(s), init: 'zeros' }, input);
        const sum = summarizeModel(model);
        model.dispose();
        if (live) {
          setSummary(sum);
          setError(null);
        }
      } catch (err) {
        if (live) setError(err instanceof Error ? err.message : String(err));
      }
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` is the model settings and input shape that the summary depends on, compared by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <div className="model-summary" data-testid="model-summary">
      {cnnOnPoints && <p className="notice">A CNN needs images: 2-D data trains the MLP below.</p>}
      {error && (
        <p className="notice notice-error" role="alert" data-testid="error-message">
          {error}
        </p>
      )}
      {summary && !error && (
        <>
          <p className="architecture" data-testid="architecture">
            {architectureLine(summary, input?.shape ?? [])} ·{' '}
            <strong data-testid="param-count" data-count={summary.totalParams}>
              {summary.totalParams.toLocaleString('en')}
            </strong>{' '}
            parameters
          </p>
          <details className="layers-details">
            <summary>Layers, output shapes and parameters</summary>
            <LayerTable summary={summary} />
          </details>
        </>
      )}
      <p className="muted" data-testid="training-summary">
        {trainingSummary(s)}
      </p>
    </div>
  );
}

/** The data's path through the model in one line: "64 → Dense 256 → Dropout → Dense 10". */
const SHORT_TYPE: Record<string, string> = { BatchNormalization: 'BatchNorm', MaxPooling2D: 'Pool', Flatten: 'Flatten' };

function architectureLine(summary: ModelSummary, inputShape: number[]): string {
  const steps = summary.layers.flatMap((l) => {
    if (/Dense|Conv/.test(l.type)) return [`${l.type.replace('Conv2D', 'Conv')} ${l.outputShape[l.outputShape.length - 1]}`];
    // Activations are part of the layer before them in a reader's mind; the layer table lists them.
    if (/Activation|ReLU|PReLU|Softmax/.test(l.type)) return [];
    return [SHORT_TYPE[l.type] ?? l.type.replace(/^Seeded/, '')];
  });
  return [`in ${inputShape.join('×')}`, ...steps].join(' → ');
}

function LayerTable({ summary }: { summary: ModelSummary }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Output</th>
          <th scope="col">Params</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {summary.layers.map((l) => (
          <tr key={l.name}>
            <td>{l.type}</td>
            <td>{l.outputShape.join('×')}</td>
            <td>{l.params.toLocaleString('en')}</td>
            <td className="muted">{l.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How the model will be trained, in one line: the knobs that are not layers still belong to the summary. */
function trainingSummary(s: Settings): string {
  const parts = [`${optionLabel('optimizer', s.optimizer)}, learning rate ${s.lr}`];
  if (s.optimizer === 'momentum' || s.optimizer === 'nesterov') parts.push(`momentum ${s.momentum}`);
  if (s.schedule !== 'constant') parts.push(`${SCHEMA.schedule.label.toLowerCase()}: ${optionLabel('schedule', s.schedule).toLowerCase()}`);
  parts.push(`batch ${s.batchSize}`, `${s.epochs} epochs`);
  if (s.earlyStop) parts.push(`early stopping on ${s.esMonitor} (patience ${s.esPatience}${s.esRestore ? ', best weights restored' : ''})`);
  return `Trained with ${parts.join(' · ')}.`;
}
