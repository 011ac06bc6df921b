import { formatValue } from '../preset/codec';
import { SCHEMA, type FieldSpec, type Settings } from '../preset/schema';

/**
 * Plain-language explanations of metrics and controls, for a student: what the thing means and, when a run's
 * numbers are given, what it says about this run. Each stays under about 200 characters, to fit a tooltip.
 */

export type MetricName =
  | 'accuracy'
  | 'loss'
  | 'val_loss'
  | 'val_acc'
  | 'precision'
  | 'recall'
  | 'f1'
  | 'support'
  | 'macro_avg'
  | 'weighted_avg'
  | 'roc_auc'
  | 'average_precision'
  | 'confusion_cell'
  | 'r2'
  | 'mae'
  | 'mse'
  | 'rmse'
  | 'gap';

export const METRIC_NAMES: readonly MetricName[] = [
  'accuracy',
  'loss',
  'val_loss',
  'val_acc',
  'precision',
  'recall',
  'f1',
  'support',
  'macro_avg',
  'weighted_avg',
  'roc_auc',
  'average_precision',
  'confusion_cell',
  'r2',
  'mae',
  'mse',
  'rmse',
  'gap',
];

/** The run's numbers behind a metric; every field is optional and used only when it makes sense. */
export interface MetricContext {
  /** The metric's value. */
  value?: number;
  /** The class a per-class metric is about (recall, precision, f1, support, roc-auc, average precision). */
  className?: string;
  /** Test samples of that class (recall's denominator). */
  support?: number;
  /** Of them, how many the model got (true positives). */
  found?: number;
  /** Samples the model predicted as that class (precision's denominator). */
  predicted?: number;
  /** Test samples in all. */
  total?: number;
  /** How many were right (accuracy's numerator). */
  correct?: number;
  /** Confusion-matrix cell: true class, predicted class, and its count. */
  trueClass?: string;
  predictedClass?: string;
  count?: number;
  /** Train / validation loss, for the gap. */
  train?: number;
  val?: number;
  /** For macro / weighted averages: which score is averaged. */
  of?: 'precision' | 'recall' | 'f1';
  /** Number of classes (macro average, chance-level accuracy). */
  classes?: number;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** 2 decimals for scores; up to 3 significant digits for losses and errors. */
function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 0.01) return v.toFixed(2);
  return v.toPrecision(2);
}

/**
 * "200 shirts" for plain word class names ("shirt" → "shirts", "dress" → "dresses"), else "200 samples of
 * '7'": pluralising digits or codes reads badly.
 */
export function countOf(n: number, className: string): string {
  const name = className.trim();
  if (/^[a-z][a-z -]*[a-z]$/i.test(name) && name.length <= 24) {
    const plural = n === 1 ? name : /(s|x|z|ch|sh)$/i.test(name) ? `${name}es` : `${name}s`;
    return `${n} ${plural}`;
  }
  return `${n} sample${n === 1 ? '' : 's'} of '${name}'`;
}

/** One or two sentences on a metric, with the run's numbers when the context has them. */
export function explainMetric(name: MetricName, ctx: MetricContext = {}): string {
  const { value, className: c } = ctx;
  const has = num(value);
  switch (name) {
    case 'accuracy': {
      const head = has ? `Accuracy is ${fmt(value)}: ` : 'Accuracy: ';
      if (num(ctx.correct) && num(ctx.total))
        return `${head}the model got ${ctx.correct} of ${ctx.total} test samples right. With imbalanced classes it can look high while a small class is always missed.`;
      return `${head}the share of samples the model classifies correctly. With imbalanced classes it can look high while a small class is always missed.`;
    }
    case 'val_acc':
      return `${has ? `Validation accuracy is ${fmt(value)}: ` : 'Validation accuracy: '}the share right on the validation split, which the model never trains on. Compare it with training accuracy to spot overfitting.`;
    case 'loss':
      return `${has ? `Training loss is ${fmt(value)}: ` : 'Training loss: '}how wrong the model is on its training data, averaged over the epoch; training pushes it down. Lower is better; 0 is perfect.`;
    case 'val_loss':
      return `${has ? `Validation loss is ${fmt(value)}: ` : 'Validation loss: '}the same loss on data the model never trains on. If it rises while training loss falls, the model is overfitting.`;
    case 'precision':
      if (has && c && num(ctx.predicted)) {
        const right = num(ctx.found) ? ctx.found : Math.round(value * ctx.predicted);
        return `Precision for '${c}' is ${fmt(value)}: of ${ctx.predicted} samples the model called '${c}', ${right} really were.`;
      }
      return `Precision${c ? ` for '${c}'` : ''}${has ? ` is ${fmt(value)}` : ''}: of the samples the model called ${c ? `'${c}'` : 'this class'}, the share that really were. Low precision means many false alarms.`;
    case 'recall':
      if (has && c && num(ctx.support)) {
        const found = num(ctx.found) ? ctx.found : Math.round(value * ctx.support);
        return `Recall for '${c}' is ${fmt(value)}: of ${countOf(ctx.support, c)} in the test set, the model found ${found}.`;
      }
      return `Recall${c ? ` for '${c}'` : ''}${has ? ` is ${fmt(value)}` : ''}: of the samples that really are ${c ? `'${c}'` : 'this class'}, the share the model found. Low recall means the class is often missed.`;
    case 'f1':
      return `F1${c ? ` for '${c}'` : ''}${has ? ` is ${fmt(value)}` : ''}: the harmonic mean of precision and recall, high only when both are. A class the model ignores scores 0.`;
    case 'support':
      if (num(ctx.support ?? value) && c)
        return `Support for '${c}' is ${ctx.support ?? value}: the test set has ${countOf((ctx.support ?? value) as number, c)}. Scores on a small support are shaky.`;
      return 'Support: how many test samples truly belong to the class. Scores computed from a small support are shaky.';
    case 'macro_avg': {
      const of = ctx.of ?? 'f1';
      return `Macro-average ${of.toUpperCase() === 'F1' ? 'F1' : of}${has ? ` is ${fmt(value)}` : ''}: the plain mean over ${num(ctx.classes) ? `the ${ctx.classes} classes` : 'classes'}, so a small class counts as much as a big one. It drops when any class is neglected.`;
    }
    case 'weighted_avg': {
      const of = ctx.of ?? 'f1';
      return `Weighted-average ${of.toUpperCase() === 'F1' ? 'F1' : of}${has ? ` is ${fmt(value)}` : ''}: the mean over classes weighted by support, so big classes dominate. It can hide a small class the model misses.`;
    }
    case 'roc_auc':
      return `ROC AUC${c ? ` for '${c}'` : ''}${has ? ` is ${fmt(value)}` : ''}: the chance the model scores a random ${c ? `'${c}'` : 'positive'} above a random other sample. 0.5 is guessing, 1 is perfect.`;
    case 'average_precision':
      return `Average precision${c ? ` for '${c}'` : ''}${has ? ` is ${fmt(value)}` : ''}: precision averaged over every recall level as the threshold drops. Unlike ROC AUC it stays low when a rare class is hard to find.`;
    case 'confusion_cell': {
      const t = ctx.trueClass;
      const p = ctx.predictedClass;
      if (t !== undefined && p !== undefined && num(ctx.count ?? value)) {
        const n = (ctx.count ?? value) as number;
        return t === p
          ? `${countOf(n, t)} in the test set were correctly classified as '${p}' (the diagonal: right answers).`
          : `${countOf(n, t)} in the test set were mistaken for '${p}' (row: true class, column: prediction).`;
      }
      return "Confusion matrix cell: how many test samples of the row's true class the model predicted as the column's class. The diagonal holds the right answers.";
    }
    case 'r2':
      return `R²${has ? ` is ${fmt(value)}` : ''}: how much of the spread of the target the model explains. 1 is perfect, 0 is no better than always guessing the mean, below 0 is worse.`;
    case 'mae':
      return `Mean absolute error${has ? ` is ${fmt(value)}` : ''}: on average, predictions are off by this much, in the target's own units. Lower is better.`;
    case 'mse':
      return `Mean squared error${has ? ` is ${fmt(value)}` : ''}: the average squared miss. Squaring punishes big misses much more than small ones; the units are squared.`;
    case 'rmse':
      return `Root mean squared error${has ? ` is ${fmt(value)}` : ''}: the square root of MSE, back in the target's units; a typical size of a miss, pulled up by big ones.`;
    case 'gap': {
      if (num(ctx.train) && num(ctx.val)) {
        const g = ctx.val - ctx.train;
        const verdict = g > Math.max(0.1, 0.25 * Math.abs(ctx.train)) ? 'a sign of overfitting' : 'no sign of overfitting yet';
        return `Train/val gap: validation loss ${fmt(ctx.val)} vs training loss ${fmt(ctx.train)}, a gap of ${fmt(g)} — ${verdict}.`;
      }
      return `Train/val gap${has ? ` is ${fmt(value)}` : ''}: validation loss minus training loss. A growing gap means the model does much better on data it memorised than on new data: overfitting.`;
    }
  }
}

/** One or two sentences on a setting at a value (its default when `value` is left out): its schema row's help. */
export function explainSetting<K extends keyof Settings>(name: K, value: Settings[K] = SCHEMA[name].default as Settings[K]): string {
  const row = SCHEMA[name];
  return row.help(value, formatValue(row as FieldSpec, value));
}
