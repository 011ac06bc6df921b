import { useEffect, useMemo, useRef } from 'react';
import { refreshInside, stopWatching, useInside, watchExample, classifyOwnInput } from '../../store/inside';
import { useLab } from '../../store/lab';
import { Panel } from '../common/Panel';
import { useDatasetSplit } from '../common/useDatasetSplit';
import { ImageThumb } from '../setup/ImageThumb';
import { ExamplePicker } from './ExamplePicker';
import { DenseActivations, FeatureMaps, FilterGridView } from './LayerViews';
import { OwnInput } from './OwnInput';
import { ProbabilityBars } from './ProbabilityBars';
import './inside.css';

/**
 * Inside an image model, for one test example: every conv and pool layer's feature maps, the first layer's
 * filters, the dense layers and the softmax, refreshed after each epoch while a run trains (the trainer only
 * computes them while this view is open), and the user's own input beside it.
 */
export function InsideView() {
  const runId = useLab((s) => s.run.id);
  const status = useLab((s) => s.run.status);
  const shape = useLab((s) => s.run.inputShape);
  const task = useLab((s) => s.run.task);
  const settings = useLab((s) => s.run.settings);
  const scored = useLab((s) => (s.run.test?.task === 'classification' ? s.run.test : null));
  const chosen = useInside((s) => s.testIndex);
  const { value } = useDatasetSplit(settings, 0);

  // Open: follow the chosen example (the first, at first); closed: the trainer stops computing maps.
  useEffect(() => {
    watchExample(useInside.getState().testIndex ?? 0);
    return stopWatching;
  }, []);
  // A run that finishes while the view is open: its final model, for the example and for the user's own
  // input (on opening, the watch above has already asked).
  const opened = useRef(false);
  useEffect(() => {
    const first = !opened.current;
    opened.current = true;
    if (first || status === 'training' || status === 'idle') return;
    void refreshInside();
    const own = useInside.getState().own;
    if (own) void classifyOwnInput(own.input);
  }, [runId, status]);

  const imageModel = shape?.length === 3 && task === 'classification';
  if (!runId || !shape || !settings) {
    return (
      <p className="muted inside-empty">
        Train an image model (digits, Fashion-MNIST, CIFAR-10 or your own images) to look inside it: its feature maps appear here after each
        epoch.
      </p>
    );
  }
  if (!imageModel) {
    return (
      <p className="muted inside-empty">
        The Inside view shows image classifiers; this run learns {task === 'regression' ? 'a value' : 'from points or a table'}.
      </p>
    );
  }
  const classNames = scored?.classNames ?? value?.data.classNames ?? [];
  return (
    <div className="inside-view">
      <Panel title="Inside the model, one test example">
        <ExamplePicker data={value?.data ?? null} testRows={value?.splits.test ?? null} test={scored} chosen={chosen} />
        <SnapshotView classNames={classNames} runId={runId} />
      </Panel>
      <OwnInput dataset={settings.dataset} shape={shape} classNames={classNames} />
    </div>
  );
}

function SnapshotView({ classNames, runId }: { classNames: string[]; runId: string }) {
  // Field by field, so a stroke on the pad (which changes `own`) does not redraw every feature map.
  const snapshot = useInside((s) => s.snapshot);
  const epoch = useInside((s) => s.epoch);
  const loading = useInside((s) => s.loading);
  const error = useInside((s) => s.error);
  const mine = useInside((s) => s.runId === runId);
  const input = useMemo(() => (snapshot ? Float32Array.from(snapshot.input) : null), [snapshot]);
  if (error) {
    return (
      <p className="inside-error" role="alert">
        {error}
      </p>
    );
  }
  if (!snapshot || !input || !mine)
    return <p className="muted">{loading ? 'Looking inside…' : 'The feature maps appear at the end of the next epoch.'}</p>;
  const truth = snapshot.testIndex;
  return (
    <div className="inside-snapshot" data-testid="inside-snapshot" data-index={truth} data-epoch={epoch ?? 'final'}>
      <div className="inside-io">
        <figure>
          <ImageThumb pixels={input} shape={snapshot.shape} size={96} label={`Test example ${truth + 1}`} />
          <figcaption>
            Test example {truth + 1} · {epoch === null ? 'final model' : `after epoch ${epoch}`}
          </figcaption>
        </figure>
        <div className="own-bars">
          <h3>Softmax: {classNames[snapshot.predicted] ?? snapshot.predicted}</h3>
          <ProbabilityBars
            probabilities={snapshot.probabilities}
            classNames={classNames}
            testId="inside-softmax"
            label="Probability of each class for this example"
          />
        </div>
        <FilterGridView grid={snapshot.filters} />
      </div>
      <h3>Feature maps</h3>
      <p className="muted">
        What each filter found in this example, layer by layer: brighter is a stronger response, each map on its own scale; black means the
        filter did not fire.
      </p>
      <FeatureMaps layers={snapshot.features} />
      <DenseActivations layers={snapshot.dense} />
    </div>
  );
}
