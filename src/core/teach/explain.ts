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
  'accuracy', 'loss', 'val_loss', 'val_acc', 'precision', 'recall', 'f1', 'support', 'macro_avg', 'weighted_avg',
  'roc_auc', 'average_precision', 'confusion_cell', 'r2', 'mae', 'mse', 'rmse', 'gap',
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

const pct = (v: number) => `${Math.round(v * 100)}%`;

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
      if (num(ctx.correct) && num(ctx.total)) return `${head}the model got ${ctx.correct} of ${ctx.total} test samples right. With imbalanced classes it can look high while a small class is always missed.`;
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
      if (num(ctx.support ?? value) && c) return `Support for '${c}' is ${ctx.support ?? value}: the test set has ${countOf((ctx.support ?? value) as number, c)}. Scores on a small support are shaky.`;
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
      return 'Confusion matrix cell: how many test samples of the row\'s true class the model predicted as the column\'s class. The diagonal holds the right answers.';
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


/** One or two sentences on a setting at a value (its default when `value` is left out). */
export function explainSetting<K extends keyof Settings>(name: K, value: Settings[K] = SCHEMA[name].default as Settings[K]): string {
  const v = value as unknown;
  const shown = formatValue(SCHEMA[name] as FieldSpec, v);
  switch (name as keyof Settings) {
    case 'dataset':
      return `Dataset: ${shown}. Toy 2-D sets (spiral, circles, xor, gaussian) train in seconds; digits, fashion and shapes are images; sine, plane and bumps are regression.`;
    case 'samples':
      return `Samples: ${shown} points are generated for the toy and shapes datasets (digits and fashion have fixed sizes). More data makes overfitting harder.`;
    case 'noise':
      return `Noise: ${shown}. How much generated points scatter: more noise blurs the boundary between classes, so even a perfect model makes mistakes.`;
    case 'classes':
      return `Classes: ${shown}. How many categories the toy datasets have. More classes make the task harder.`;
    case 'seed':
      return `Seed: ${shown}. Fixes every random choice (data, split, initial weights, batches), so the same link reproduces the same run. Change it to see run-to-run variation.`;
    case 'val':
      return `Validation fraction: ${pct(Number(v))} of the data is held out to watch generalisation during training (validation loss) without touching the test set.`;
    case 'test':
      return `Test fraction: ${pct(Number(v))} of the data is kept aside and only used for the final score, so that score is honest.`;
    case 'trainSize':
      return Number(v) === 0
        ? 'Train size: all remaining samples train the model. Set a small number to make overfitting easy to see.'
        : `Train size: only ${shown} samples train the model. A small training set is easy to memorise, so overfitting shows quickly.`;
    case 'labelNoise':
      return Number(v) === 0
        ? 'Label noise: off. Raise it to give a share of training labels a wrong class; a big model will memorise those mistakes.'
        : `Label noise: ${pct(Number(v))} of training labels are deliberately wrong. A model that fits them perfectly has memorised noise.`;
    case 'minorityShare':
      return Number(v) >= 1
        ? 'Minority share: 1, classes stay balanced. Lower it to keep only part of one class and see how accuracy can hide a neglected class.'
        : `Minority share: only ${pct(Number(v))} of one class is kept, so it is rare. Watch its recall, not just accuracy.`;
    case 'minorityClass':
      return `Minority class: class number ${shown} is the one made rare when the minority share is below 1.`;
    case 'classWeights':
      return v
        ? 'Class weights: on. Mistakes on rare classes cost more in the loss, so the model stops ignoring them (recall up, often precision down).'
        : 'Class weights: off. Every sample counts the same, so with imbalanced data the model may ignore a rare class.';
    case 'model':
      return v === 'cnn'
        ? 'Model: CNN. Convolutions slide small filters over the image and share weights, so a pattern is recognised wherever it is. Slower, but better on images.'
        : 'Model: MLP (multi-layer perceptron). Fully connected layers of neurons: fast, fine for 2-D points and small images.';
    case 'hidden': {
      const layers = v as number[];
      return layers.length === 0
        ? 'Hidden layers: none, so the model is linear: it can only draw straight boundaries.'
        : `Hidden layers: ${layers.length} layer${layers.length > 1 ? 's' : ''} of ${layers.join(', ')} neurons. More and wider layers can fit more complex shapes, and memorise more too.`;
    }
    case 'activation': {
      const what: Record<string, string> = {
        relu: 'passes positives, zeroes negatives; fast and keeps gradients alive in deep nets',
        tanh: 'squashes to −1…1; smooth, but saturates for big inputs',
        sigmoid: 'squashes to 0…1; saturates easily, so gradients vanish in deep nets',
        elu: 'like ReLU but smooth below 0',
        leaky: 'like ReLU with a small slope α below 0, so no neuron goes silent',
        prelu: 'like leaky ReLU, but the slope below 0 is learnt',
        selu: 'self-normalising: keeps activations at a steady scale in deep nets',
      };
      return `Activation: ${shown}, the non-linearity after each hidden layer: ${what[String(v)] ?? 'see the docs'}.`;
    }
    case 'alpha':
      return `α: ${shown}. The slope below zero of leaky ReLU, and PReLU's starting slope. Only used by those activations.`;
    case 'init': {
      const what: Record<string, string> = {
        glorotUniform: 'scaled for tanh/sigmoid layers (Glorot)',
        glorotNormal: 'scaled for tanh/sigmoid layers (Glorot)',
        heNormal: 'scaled for ReLU layers (He), so signals keep their size through depth',
        heUniform: 'scaled for ReLU layers (He), so signals keep their size through depth',
        lecunNormal: 'scaled for SELU layers (LeCun)',
        zeros: 'all zero: every neuron stays identical, so the network cannot learn',
      };
      return `Initialiser: ${shown}, how the starting weights are drawn: ${what[String(v)] ?? 'see the docs'}.`;
    }
    case 'conv':
      return `Conv blocks: ${shown} (filters; p = 2×2 max pooling after). Each block finds local patterns; pooling halves the image so later blocks see bigger shapes.`;
    case 'kernel':
      return `Kernel size: ${shown}×${shown}. The patch each convolution filter looks at. Bigger sees more at once but has more weights.`;
    case 'dense': {
      const layers = v as number[];
      return layers.length === 0
        ? 'Dense head: none; the conv features go straight to the output layer.'
        : `Dense head: ${layers.join(', ')} neurons after the conv blocks, combining the features they found before the final decision.`;
    }
    case 'dropout':
      return v
        ? 'Dropout: on. In training each hidden neuron is switched off at random, so the network cannot lean on any one of them. Fights overfitting.'
        : 'Dropout: off. Switch it on to drop random neurons during training, a simple cure for overfitting.';
    case 'dropoutRate':
      return `Dropout rate: ${pct(Number(v))} of hidden neurons are dropped at each training step. Too high and the model underfits.`;
    case 'l2':
      return v
        ? 'L2: on. Large weights are penalised in the loss, so the model prefers simpler, smoother fits. Fights overfitting.'
        : 'L2: off. Switch it on to penalise large weights (weight decay), a cure for overfitting.';
    case 'l2Lambda':
      return `L2 λ: ${shown}. How strongly large weights are penalised. Too big and the model cannot fit even the training data.`;
    case 'l1':
      return v
        ? 'L1: on. The sum of absolute weights is penalised, pushing many weights to exactly zero (a sparser model).'
        : 'L1: off. Switch it on to penalise absolute weights, which drives unneeded weights to zero.';
    case 'l1Lambda':
      return `L1 λ: ${shown}. How strongly the absolute weights are penalised. Too big and most weights become zero.`;
    case 'batchNorm':
      return v
        ? 'Batch normalisation: on. Each layer\'s inputs are rescaled per batch, which keeps deep networks trainable and often allows larger learning rates.'
        : 'Batch normalisation: off. Switch it on to rescale each layer\'s inputs per batch; it helps deep networks train.';
    case 'flip':
      return v
        ? 'Horizontal flip: on. Training images are mirrored at random, as if the data set were twice as big. Wrong for digits and text!'
        : 'Horizontal flip: off. Switch it on to mirror training images at random (augmentation).';
    case 'rotate':
      return v
        ? 'Rotation: on. Training images are turned a little at random, so the model learns that a tilted object is the same object.'
        : 'Rotation: off. Switch it on to turn training images by a small random angle (augmentation).';
    case 'rotateDeg':
      return `Rotation: up to ±${shown}° at random. Small angles add variety; large ones can make images unrecognisable.`;
    case 'shift':
      return v
        ? 'Shift: on. Training images are moved a few pixels at random, so the model cannot rely on exact positions.'
        : 'Shift: off. Switch it on to move training images by a few random pixels (augmentation).';
    case 'shiftPx':
      return `Shift: up to ±${shown} pixels at random. On tiny images (digits are 8×8) even 1 pixel is a big move.`;
    case 'brightness':
      return v
        ? 'Brightness/contrast: on. Training images get randomly lighter, darker or flatter, so lighting does not matter to the model.'
        : 'Brightness/contrast: off. Switch it on to vary training images\' lighting at random (augmentation).';
    case 'brightnessAmt':
      return `Brightness/contrast: changes of up to ±${pct(Number(v))} at random.`;
    case 'gaussNoise':
      return v
        ? 'Gaussian noise: on. Random pixel noise is added to training images, so the model cannot memorise exact pixel values.'
        : 'Gaussian noise: off. Switch it on to add random pixel noise to training images (augmentation).';
    case 'gaussNoiseSd':
      return `Noise σ: ${shown}. The size of the random pixel noise added to training images.`;
    case 'optimizer': {
      const what: Record<string, string> = {
        adam: 'adapts a step size for every weight; a robust default',
        sgd: 'plain gradient descent: one step against the gradient, sized by the learning rate',
        rmsprop: 'scales steps by recent gradient size',
        momentum: 'gradient descent that keeps rolling in the direction it was going',
        nesterov: 'momentum that looks one step ahead; a little steadier',
        adamax: 'a variant of Adam using the largest recent gradient',
        nadam: 'Adam with Nesterov momentum',
        adagrad: 'shrinks the step for weights that have already moved a lot',
        adadelta: 'adapts its own step size; needs little tuning of the learning rate',
      };
      return `Optimiser: ${shown}, the rule that updates the weights from the gradient: ${what[String(v)] ?? 'see the docs'}.`;
    }
    case 'momentum':
      return `Momentum: ${shown}. How much of the previous step carries into the next (momentum and Nesterov only). Higher is smoother but can overshoot.`;
    case 'regLoss':
      return v === 'mae'
        ? 'Regression loss: MAE, the mean absolute error. Every miss counts in proportion, so outliers matter less.'
        : 'Regression loss: MSE, the mean squared error. Big misses count much more than small ones.';
    case 'lr':
      return `Learning rate: ${shown}, the size of each weight update. Too high and the loss jumps around or blows up; too low and learning crawls.`;
    case 'batchSize':
      return `Batch size: ${shown} samples per weight update. Small batches give many noisy steps per epoch; big ones give few smooth steps.`;
    case 'epochs':
      return `Epochs: ${shown} passes over the training data. Too few and the model underfits; too many and it may start memorising (watch validation loss).`;
    case 'schedule': {
      const what: Record<string, string> = {
        constant: 'the learning rate stays the same',
        step: 'the rate drops by a factor every few epochs',
        exp: 'the rate shrinks a little every epoch',
        cosine: 'the rate glides down to zero along a cosine curve',
        plateau: 'the rate drops when validation loss stops improving',
      };
      return `Schedule: ${shown}; ${what[String(v)] ?? 'see the docs'}. Big steps early, small steps late often ends in a better spot.`;
    }
    case 'lrEvery':
      return `Drop every ${shown} epochs: with the step schedule, the learning rate is multiplied by the drop factor this often.`;
    case 'lrFactor':
      return `Drop factor: ${shown}. The step and plateau schedules multiply the learning rate by this when they drop it.`;
    case 'lrDecay':
      return `Decay per epoch: ${shown}. The exponential schedule multiplies the learning rate by this every epoch.`;
    case 'lrPatience':
      return `Plateau patience: ${shown} epochs without a better validation loss before the plateau schedule lowers the learning rate.`;
    case 'minLr':
      return `Minimum rate: ${shown}. The plateau schedule never lowers the learning rate below this.`;
    case 'earlyStop':
      return v
        ? 'Early stopping: on. Training stops once the monitored validation score has not improved for a few epochs, before the model overfits much.'
        : 'Early stopping: off. All epochs run. Switch it on to stop once validation stops improving.';
    case 'esMonitor':
      return v === 'val_acc'
        ? 'Monitor: validation accuracy. Early stopping watches it and stops when it stops going up.'
        : 'Monitor: validation loss. Early stopping watches it and stops when it stops going down.';
    case 'esPatience':
      return `Patience: ${shown} epochs. Early stopping waits this long for an improvement before stopping, so one bad epoch does not end training.`;
    case 'esMinDelta':
      return `Min improvement: ${shown}. A change smaller than this does not count as better for early stopping.`;
    case 'esRestore':
      return v
        ? 'Restore best weights: on. When early stopping ends the run, the model goes back to its best epoch.'
        : 'Restore best weights: off. When early stopping ends the run, the model keeps its last weights, not its best.';
    case 'backend':
      return v === 'auto'
        ? 'Backend: auto. Fitlab picks the fastest way to compute on this device (WebGL on a GPU, else the fastest measured, WebGPU included). Results are the same.'
        : `Backend: ${shown}. Where the maths runs (GPU via WebGL or WebGPU, WebAssembly or plain JavaScript). It changes speed, not what the model learns.`;
    case 'worker':
      return v
        ? 'Train in a worker: on. Training runs in the background so the page stays responsive.'
        : 'Train in a worker: off. Training runs on the page itself; it may feel less responsive while it trains.';
    case 'pace':
      return v
        ? `Pace: ${v} epoch${v === 1 ? '' : 's'} per second. Training waits between epochs so the curves can be followed; the numbers are the same as at full speed.`
        : 'Pace: as fast as possible. Pick a number of epochs per second to slow the curves down to talking speed (the results do not change).';
  }
}
