import { useDeferredValue, useMemo } from 'react';
import { perturbationsFor } from '../../core/analysis/perturbations';
import { subgroupReport } from '../../core/metrics';
import { confidenceOf, examplesInCell, misclassifiedByConfidence, type TestResult } from '../../core/train/test-result';
import { featureSize, type Dataset } from '../../core/types';
import type { WeightPrecision } from '../../core/efficiency/types';
import { explainExample, exportModel, measureEfficiency, runRobustness, selectCell, setEvalTab } from '../../store/analyses';
import { useLab, type EvalTab } from '../../store/lab';
import { Panel } from '../common/Panel';
import { Tabs } from '../common/Tabs';
import { useDatasetSplit } from '../common/useDatasetSplit';
import { ClassReport } from './ClassReport';
import { ConfusedPairs } from './ConfusedPairs';
import { ConfusionMatrix } from './ConfusionMatrix';
import { saveFile } from '../common/download';
import { ConfusionTimeline } from './ConfusionTimeline';
import { useVisibleRun } from '../training/useVisibleRun';
import { EfficiencyPanel } from './EfficiencyPanel';
import { ExampleGallery, GALLERY_LIMIT } from './ExampleGallery';
import { RobustnessChart } from './RobustnessChart';
import { RocPrCurves } from './RocPrCurves';
import { SaliencyView } from './SaliencyView';
import { SubgroupTable } from './SubgroupTable';

const TABS: { id: EvalTab; label: string }[] = [
  { id: 'classes', label: 'Per class' },
  { id: 'examples', label: 'Examples & explanations' },
  { id: 'robustness', label: 'Robustness & subgroups' },
  { id: 'timeline', label: 'Confusion timeline' },
  { id: 'efficiency', label: 'Size & speed' },
];

/**
 * Everything past the headline accuracy, on the held-out test split: per-class scores and curves, the
 * examples behind each error, robustness to shifted inputs, subgroup gaps and how the matrix formed.
 */
export function EvaluationDetails() {
  // Deferred: the headline numbers and matrix render at once when a run ends, and this heavier view
  // (report, curves, galleries) follows in an interruptible render instead of one long main-thread task.
  const test = useDeferredValue(useLab((s) => s.run.test));
  const runSettings = useLab((s) => s.run.settings);
  const tab = useLab((s) => s.view.evalTab);
  const { value } = useDatasetSplit(test ? runSettings : null, 0);
  if (!test || test.task !== 'classification') return null;
  return (
    <Panel title="Evaluation in depth (held-out test split)">
      <Tabs tabs={TABS} active={tab} onChange={(id) => setEvalTab(id as EvalTab)} label="Evaluation views">
        {tab === 'classes' && (
          <div className="eval-grid">
            <ClassReport labels={test.labels} predictions={test.predictions} classNames={test.classNames} />
            <RocPrCurves labels={test.labels} probabilities={test.probabilities} classNames={test.classNames} />
          </div>
        )}
        {tab === 'examples' && <ExamplesTab test={test} data={value?.data ?? null} />}
        {tab === 'robustness' && <RobustnessTab test={test} data={value?.data ?? null} />}
        {tab === 'timeline' && <TimelineTab classNames={test.classNames} />}
        {tab === 'efficiency' && <EfficiencyTab />}
      </Tabs>
    </Panel>
  );
}

/** The features of one dataset row (an image, or a point's coordinates), without copying. */
function exampleFeatures(data: Dataset, row: number): Float32Array {
  const size = featureSize(data.shape);
  return data.x.subarray(row * size, (row + 1) * size);
}

/** One gallery item per test position: its image (or point), labels and confidence. */
function galleryItems(test: TestResult, data: Dataset | null, positions: number[]) {
  return positions.slice(0, GALLERY_LIMIT).map((p) => {
    const x = data ? exampleFeatures(data, test.indices[p]) : null;
    return {
      testPosition: p,
      image: data?.kind === 'image' && x ? x : null,
      point: data?.kind === 'points' && x ? ([x[0], x[1]] as [number, number]) : undefined,
      trueLabel: test.labels[p],
      predicted: test.predictions[p],
      confidence: confidenceOf(test, p),
    };
  });
}

function ExamplesTab({ test, data }: { test: TestResult; data: Dataset | null }) {
  const cell = useLab((s) => s.view.selectedCell);
  const analysis = useLab((s) => s.analysis);
  const cellPositions = useMemo(() => (cell ? examplesInCell(test, cell.row, cell.col) : []), [test, cell]);
  const wrong = useMemo(() => misclassifiedByConfidence(test), [test]);
  const shape = data?.shape ?? [];
  const isImage = data?.kind === 'image';
  const onSelect = isImage ? (p: number) => void explainExample(p) : undefined;
  const explain = analysis.explain;
  const explainedImage = data && explain ? exampleFeatures(data, test.indices[explain.testIndex]) : null;
  return (
    <div className="eval-grid">
      <div>
        <ConfusionMatrix
          matrix={test.confusionMatrix}
          classNames={test.classNames}
          selected={cell}
          onCellClick={(row, col) => selectCell({ row, col })}
        />
        <ConfusedPairs matrix={test.confusionMatrix} classNames={test.classNames} onSelect={(row, col) => selectCell({ row, col })} />
        {cell ? (
          <ExampleGallery
            title={`True ${test.classNames[cell.row]}, predicted ${test.classNames[cell.col]} (${cellPositions.length})`}
            items={galleryItems(test, data, cellPositions)}
            total={cellPositions.length}
            selected={explain?.testIndex}
            shape={shape}
            classNames={test.classNames}
            onSelect={onSelect}
            onClose={() => selectCell(null)}
          />
        ) : (
          <p className="muted">Click a cell of the confusion matrix (or a pair above) to see the test examples behind it.</p>
        )}
        <ExampleGallery
          title={`Misclassified, most confident first (${wrong.length})`}
          items={galleryItems(test, data, wrong)}
          total={wrong.length}
          selected={explain?.testIndex}
          shape={shape}
          classNames={test.classNames}
          onSelect={onSelect}
        />
      </div>
      {isImage && (
        <SaliencyView
          image={explainedImage}
          shape={shape}
          explanation={explain?.explanation ?? null}
          classNames={test.classNames}
          loading={explain !== null && !explain.explanation && !explain.error}
          error={explain?.error ?? null}
        />
      )}
    </div>
  );
}

function RobustnessTab({ test, data }: { test: TestResult; data: Dataset | null }) {
  const analysis = useLab((s) => s.analysis);
  const kinds = data ? perturbationsFor(data.shape) : [];
  const reports = useMemo(() => {
    if (!data?.attributes) return [];
    return Object.entries(data.attributes).map(([name, attr]) =>
      subgroupReport(
        test.labels,
        test.predictions,
        { name, values: attr.values, index: test.indices.map((r) => attr.index[r]) },
        test.classNames.length,
      ),
    );
  }, [test, data]);
  return (
    <div className="eval-grid">
      <div>
        <RobustnessChart
          kinds={kinds}
          curves={analysis.robustness}
          running={analysis.robustnessRunning}
          onRun={(k) => void runRobustness(k)}
          baseline={test.accuracy}
          inputKind={data?.kind === 'points' ? 'points' : 'image'}
        />
        {analysis.robustnessError && (
          <p className="notice notice-error" role="alert" data-testid="error-message">
            {analysis.robustnessError}
          </p>
        )}
      </div>
      {reports.length > 0 ? (
        <SubgroupTable report={reports} />
      ) : (
        <p className="muted">Subgroup gaps need data with attributes: the RGB shapes carry colour, size and position.</p>
      )}
    </div>
  );
}

/** The validation matrix per epoch; during a replay, up to the replay's position (a history run's own classes). */
function TimelineTab({ classNames }: { classNames: string[] }) {
  const { history, record } = useVisibleRun();
  const names = record?.test?.task === 'classification' ? record.test.classNames : classNames;
  return <ConfusionTimeline history={history} classNames={names} />;
}

/** Model files in TF.js layers format: model.json names the weights file saved beside it. */
async function downloadModel(precision: WeightPrecision): Promise<void> {
  const artifacts = await exportModel(precision);
  if (!artifacts) return;
  saveFile(`${artifacts.fileStem}.json`, artifacts.modelJson, 'application/json');
  saveFile(`${artifacts.fileStem}.weights.bin`, artifacts.weights, 'application/octet-stream');
}

function EfficiencyTab() {
  const analysis = useLab((s) => s.analysis);
  return (
    <EfficiencyPanel
      report={analysis.efficiency}
      running={analysis.efficiencyRunning}
      error={analysis.efficiencyError}
      onMeasure={() => void measureEfficiency()}
      onDownload={(p) => void downloadModel(p)}
      downloading={analysis.exporting}
    />
  );
}
