import { memo, useMemo } from 'react';
import { planModel, type ModelInput } from '../../core/model/plan';
import { summarizePlan, type ModelSummary } from '../../core/model/summary';
import { groupValues, isImageDataset, optionLabel, SCHEMA, type Settings } from '../../core/preset/schema';
import { useLab } from '../../store/lab';
import { effectiveModelSettings } from '../../core/train/run-config';

/**
 * Layers, output shapes and parameter counts of the model the current settings build. They come from the
 * model's plan, the list of layers `buildModel` builds, so this page never loads TF.js to show them.
 */
export const ModelSummaryView = memo(function ModelSummaryView({ input }: { input: ModelInput | null }) {
  const s = useLab((st) => st.settings);
  const cnnOnPoints = s.model === 'cnn' && !isImageDataset(s.dataset);
  // Every 'model' setting (architecture, initialiser, regularisers: the summary line names them) changes it.
  const key = JSON.stringify([groupValues(s, 'model'), input]);
  const { summary, error } = useMemo(
    () => (input ? planSummary(s, input) : { summary: null, error: null }),
    // `key` is the model settings and input shape that the summary depends on, compared by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

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
});

function planSummary(s: Settings, input: ModelInput): { summary: ModelSummary | null; error: string | null } {
  try {
    return { summary: summarizePlan(planModel(effectiveModelSettings(s), input)), error: null };
  } catch (err) {
    return { summary: null, error: err instanceof Error ? err.message : String(err) };
  }
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
