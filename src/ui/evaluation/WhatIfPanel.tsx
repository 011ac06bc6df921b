import { useEffect, useId, useMemo, useState } from 'react';
import type { CustomData } from '../../core/data/custom';
import { loadTable } from '../../core/data/registry';
import type { Splits } from '../../core/data/split';
import { isTableDatasetId, TABLE_SPECS } from '../../core/data/tables';
import { rawRow, rowScaling, scaleRow, type RowScaling } from '../../core/data/what-if';
import type { Settings } from '../../core/preset/schema';
import type { AnyTestResult } from '../../core/train/test-result';
import { predictRow } from '../../store/analyses';
import { useLab } from '../../store/lab';
import { useUploads } from '../../store/uploads';
import { classColour } from '../common/palette';
import { Panel } from '../common/Panel';
import { fetchAppAsset, useDatasetSplit } from '../common/useDatasetSplit';
import './what-if.css';

/** Waits this long after the last keystroke before asking the model, so typing a number asks once. */
const ASK_DELAY_MS = 120;

/** The run's table before scaling: a shipped one, or the user's own; null for any other data. */
function useRunTable(s: Settings | null): CustomData | null {
  const upload = useUploads((u) => (s?.dataset === 'table' ? (u.table?.custom ?? null) : null));
  const [shipped, setShipped] = useState<{ id: string; table: CustomData } | null>(null);
  const id = s?.dataset ?? '';
  useEffect(() => {
    if (!isTableDatasetId(id)) return;
    let live = true;
    loadTable(id, fetchAppAsset).then(
      (table) => live && setShipped({ id, table }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (upload) return upload;
  return shipped?.id === id ? shipped.table : null;
}

/** What a regression table predicts, in the table's words ('progression'); 'value' when it is not known. */
function useTargetName(s: Settings | null): string {
  const imported = useUploads((u) => (s?.dataset === 'table' ? u.table?.tableOptions?.target : undefined));
  if (s && isTableDatasetId(s.dataset)) return TABLE_SPECS[s.dataset].target;
  return imported ?? 'value';
}

/**
 * "What if?": one field per feature of a table model, starting at a test row in the table's own units, and
 * the model's answer for the edited row (asked of the trained model where it lives, after each change).
 */
export function WhatIfPanel() {
  const settings = useLab((s) => s.run.settings);
  const test = useLab((s) => s.run.test);
  const runId = useLab((s) => s.run.id);
  const training = useLab((s) => s.run.status === 'training');
  const table = useRunTable(test ? settings : null);
  const target = useTargetName(settings);
  const { value } = useDatasetSplit(test && table ? settings : null, 0);
  if (!test || !table || !value || training || test.count === 0) return null;
  return (
    <Panel title="What if? Change a test row and watch the prediction">
      <WhatIfForm key={runId} table={table} splits={value.splits} test={test} target={target} />
    </Panel>
  );
}

/** Short and exact enough to edit: 17.99 rather than 17.989999771118164 (float32). */
const show = (v: number): string => String(Number(v.toPrecision(6)));

type Answer = { outputs: number[] } | { error: string } | null;

function WhatIfForm({ table, splits, test, target }: { table: CustomData; splits: Splits; test: AnyTestResult; target: string }) {
  const names = table.dataset.featureNames ?? Array.from({ length: table.dataset.shape[0] }, (_, j) => `feature ${j + 1}`);
  const scaling = useMemo(() => rowScaling(table, splits.train), [table, splits]);
  const [position, setPosition] = useState(0);
  const [texts, setTexts] = useState<string[]>(() => rawRow(table, splits.test[0], scaling).map(show));
  const answer = useAnswer(texts, scaling);
  const startAt = (p: number) => {
    setPosition(p);
    setTexts(rawRow(table, splits.test[p], scaling).map(show));
  };
  const rowId = useId();
  return (
    <div className="what-if" data-testid="what-if">
      <div className="what-if-head">
        <label htmlFor={rowId}>Start from test row</label>
        <input
          id={rowId}
          data-testid="what-if-row"
          type="number"
          min={1}
          max={splits.test.length}
          value={position + 1}
          onChange={(e) => {
            const p = Number(e.target.value) - 1;
            if (Number.isInteger(p) && p >= 0 && p < splits.test.length) startAt(p);
          }}
        />
        <span className="muted">
          of {splits.test.length} · its true {test.task === 'regression' ? target : 'class'}:{' '}
          <strong>{trueLabel(test, table, splits.test[position])}</strong>
        </span>
        <button type="button" onClick={() => startAt(position)}>
          Reset to the row
        </button>
      </div>
      <WhatIfAnswer answer={answer} test={test} target={target} />
      <div className="what-if-fields">
        {names.map((name, j) => (
          <FeatureField key={name} name={name} text={texts[j]} onChange={(t) => setTexts((old) => old.map((o, k) => (k === j ? t : o)))} />
        ))}
      </div>
    </div>
  );
}

function FeatureField({ name, text, onChange }: { name: string; text: string; onChange: (text: string) => void }) {
  const id = useId();
  const bad = !Number.isFinite(Number(text)) || text.trim() === '';
  return (
    <div className="field what-if-field">
      <label htmlFor={id}>{name}</label>
      <input id={id} type="number" step="any" value={text} aria-invalid={bad} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function trueLabel(test: AnyTestResult, table: CustomData, row: number): string {
  if (test.task === 'regression') return show(table.dataset.targets?.[row] ?? NaN);
  return test.classNames[table.dataset.y[row]] ?? '?';
}

/** The model's answer for the row the fields describe, re-asked after each change (the latest question wins). */
function useAnswer(texts: string[], scaling: RowScaling): Answer {
  const [answer, setAnswer] = useState<Answer>(null);
  const key = texts.join('\u0000');
  useEffect(() => {
    const values = texts.map((t) => (t.trim() === '' ? NaN : Number(t)));
    if (values.some((v) => !Number.isFinite(v))) {
      setAnswer({ error: 'Every field needs a number.' });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      predictRow(scaleRow(values, scaling)).then(
        (outputs) => live && setAnswer({ outputs }),
        (err: unknown) => live && setAnswer({ error: err instanceof Error ? err.message : String(err) }),
      );
    }, ASK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key stands for the texts; the array itself is a new object on every edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, scaling]);
  return answer;
}

function WhatIfAnswer({ answer, test, target }: { answer: Answer; test: AnyTestResult; target: string }) {
  if (!answer)
    return (
      <p className="muted" aria-live="polite">
        Asking the model…
      </p>
    );
  if ('error' in answer) {
    return (
      <p className="notice notice-error" role="alert" data-testid="what-if-error">
        {answer.error}
      </p>
    );
  }
  if (test.task === 'regression') {
    const v = answer.outputs[0];
    return (
      <p className="callout" aria-live="polite" data-testid="what-if-prediction" data-value={v}>
        Predicted {target}: {show(v)}
      </p>
    );
  }
  const best = answer.outputs.indexOf(Math.max(...answer.outputs));
  return (
    <div aria-live="polite">
      <p className="callout">Predicted: {test.classNames[best]}</p>
      <ul className="what-if-bars" data-testid="what-if-prediction" data-predicted={test.classNames[best]}>
        {test.classNames.map((name, k) => (
          <li key={name} data-class={name} data-prob={answer.outputs[k]}>
            <span className="what-if-class">{name}</span>
            <span className="what-if-bar" aria-hidden="true">
              <span style={{ width: `${answer.outputs[k] * 100}%`, background: classColour(k) }} />
            </span>
            <span className="what-if-prob">{(answer.outputs[k] * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
