import type { EpochRecord } from '../train/types';

/**
 * Is this run overfitting? A detector over the learning curves a student watches, cautious by design: a
 * banner that cries wolf on noisy-but-flat validation loss teaches the wrong lesson. It calls overfitting
 * only when all of these hold:
 *
 * - the lowest validation loss is at least `patience` epochs back;
 * - the smoothed level of the last `window` = max(3, patience) epochs (the lower of their mean and median,
 *   so one spike cannot raise it) is above the lowest smoothed level of any earlier window by a margin
 *   that scales with the noise: 5 standard errors of the difference of two window means, and at least
 *   5 % of the best level and `minDelta`. The noise is estimated from second differences of the whole
 *   curve (see curveNoise), or from the spread after the best when that is larger;
 * - a straight line through the epochs after the best rises by more than 3 standard errors (inflated
 *   when the residuals wander, i.e. are autocorrelated);
 * - training loss is at least 5 % lower now than around the best epoch: validation rising while training rises too is
 *   a learning-rate problem or divergence, not memorisation.
 *
 * On seeded white noise (40 epochs, flat validation loss, falling training loss) it calls overfitting at
 * the end of about 1 run in 500, and at some epoch along the way in about 1 in 100; on a clear turn it
 * reports the right epoch, give or take one or two with noise, some 5–10 epochs after the turn.
 *
 * Epochs whose val_loss is NaN, null or missing (no validation split, a skipped reading) are skipped; a
 * non-finite training loss (or an infinite validation loss) at the end means the run diverged.
 */

export type OverfitState = 'learning' | 'plateau' | 'overfitting' | 'diverged' | 'too-early';

export const OVERFIT_STATES: readonly OverfitState[] = ['learning', 'plateau', 'overfitting', 'diverged', 'too-early'];

export type EpochLosses = Pick<EpochRecord, 'epoch' | 'loss' | 'val_loss'>;

export interface OverfitOptions {
  /** Epochs validation loss must have risen (and the smoothing window); default 3. */
  patience?: number;
  /** A rise smaller than this never counts, whatever the noise; default 0. */
  minDelta?: number;
  /**
   * Classes of a classification run: a training loss over 3·ln K (three times a uniform guess, the training
   * loop's own divergence rule) then counts as diverged even after a single epoch.
   */
  numClasses?: number;
}

export interface LossGap {
  /** Epoch of the latest record with both losses finite. */
  epoch: number;
  train: number;
  val: number;
  /** val − train: how much worse the model does on data it has not trained on. */
  diff: number;
  /** val / train (Infinity when training loss is 0). */
  ratio: number;
}

export interface OverfitResult {
  state: OverfitState;
  /** Epoch with the lowest validation loss (the earliest on ties): what early stopping would restore. */
  bestEpoch: number | null;
  bestValLoss: number | null;
  /** Overfitting only: the first epoch of the rise, i.e. the epoch after the best. */
  since: number | null;
  /** Epochs from the best to the latest reading (0 when the latest is the best). */
  risingFor: number;
  /** Train and validation loss at the latest epoch with both; null when there is none. */
  gap: LossGap | null;
  /** Epochs with a finite validation loss. */
  epochsSeen: number;
  /** The estimated epoch-to-epoch noise (standard deviation) of validation loss. */
  noise: number;
}

/** Fewer finite validation readings than this are too few to judge (or to estimate the noise from). */
const MIN_EPOCHS = 10;

/**
 * Relative size of change that counts: validation loss must be this share above its best, and training loss
 * this share below where it was at the best. Smaller moves (a bump after a warm-up spike) are not memorisation.
 */
const MIN_RISE = 0.05;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Standard deviation of the white noise on a curve, from its second differences e = v[i+1] − 2v[i] + v[i−1]
 * (variance 6σ² for white noise; a straight trend or a slow bend adds next to nothing). The larger of two
 * estimates: the median |e| (robust, but jumpy on short curves) and the root mean square of e with the
 * largest tenth left out (steadier; the trimming drops the sharp bend at the start of training and spikes).
 */
export function curveNoise(values: readonly number[]): number {
  if (values.length < 4) return 0;
  const e = values
    .slice(2)
    .map((v, i) => Math.abs(v - 2 * values[i + 1] + values[i]))
    .sort((x, y) => x - y);
  const byMedian = median(e) / (0.6745 * Math.sqrt(6));
  const kept = e.slice(0, e.length - Math.max(1, Math.round(e.length / 10)));
  // E[Z² | |Z| below its 90th percentile] ≈ 0.623 for a normal Z; with one of few dropped, about the same.
  const byTrimmedRms = kept.length ? Math.sqrt(kept.reduce((acc, x) => acc + x * x, 0) / kept.length / (6 * 0.623)) : 0;
  return Math.max(byMedian, byTrimmedRms);
}

/** Smoothed level of a window: the lower of mean and median, so one spike up cannot raise it. */
function level(xs: readonly number[]): number {
  return Math.min(mean(xs), median(xs));
}

export function detectOverfitting(epochs: readonly EpochLosses[], opts: OverfitOptions = {}): OverfitResult {
  const patience = Math.max(1, Math.floor(isNum(opts.patience) ? opts.patience : 3));
  const minDelta = Math.max(0, isNum(opts.minDelta) ? opts.minDelta : 0);
  const window = Math.max(3, patience);

  const points = epochs.filter((r) => r && isNum(r.val_loss));
  const vals = points.map((r) => r.val_loss);
  let bestIdx = -1;
  vals.forEach((v, i) => {
    if (bestIdx < 0 || v < vals[bestIdx]) bestIdx = i;
  });
  const bestEpoch = bestIdx >= 0 ? points[bestIdx].epoch : null;
  const bestValLoss = bestIdx >= 0 ? vals[bestIdx] : null;
  const lastGap = [...points].reverse().find((r) => isNum(r.loss));
  const gap: LossGap | null = lastGap
    ? {
        epoch: lastGap.epoch,
        train: lastGap.loss,
        val: lastGap.val_loss,
        diff: lastGap.val_loss - lastGap.loss,
        ratio: lastGap.loss === 0 ? Infinity : lastGap.val_loss / lastGap.loss,
      }
    : null;
  const noise = curveNoise(vals);
  const base = { bestEpoch, bestValLoss, gap, epochsSeen: points.length, noise };
  const risingFor = bestIdx >= 0 ? points[points.length - 1].epoch - points[bestIdx].epoch : 0;
  const result = (state: OverfitState, since: number | null = null): OverfitResult => ({ state, since, risingFor, ...base });

  if (diverged(epochs, window, opts.numClasses)) return result('diverged');
  if (points.length < Math.max(2 * window, patience + 2, MIN_EPOCHS)) return result('too-early');

  const n = vals.length;
  const recent = level(vals.slice(n - window));
  // Lowest smoothed level over every earlier window.
  let bestLevel = Infinity;
  for (let i = 0; i + window <= n - window; i++) bestLevel = Math.min(bestLevel, level(vals.slice(i, i + window)));
  const stdErr = noise * Math.sqrt(2 / window);

  if (n - 1 - bestIdx >= patience) {
    const after = lineFit(vals.slice(bestIdx + 1));
    // The segment after the best may wobble more than the curve as a whole: then its own spread counts.
    const localNoise = Math.max(noise, after.residualSd);
    const margin = Math.max(minDelta, 5 * localNoise * Math.sqrt(2 / window), MIN_RISE * Math.abs(bestLevel));
    const rising = after.slope > 3 * after.slopeSe(localNoise);
    // Training loss must be lower now than around the best epoch.
    const trainAt = (from: number, to: number) =>
      points
        .slice(Math.max(0, from), to)
        .map((r) => r.loss)
        .filter(isNum);
    const trainBefore = trainAt(bestIdx - (window >> 1), bestIdx - (window >> 1) + window);
    const trainNow = trainAt(n - window, n);
    const trainFalling = trainBefore.length > 0 && trainNow.length > 0 && mean(trainNow) < (1 - MIN_RISE) * mean(trainBefore);
    if (recent - bestLevel > margin && rising && trainFalling) return result('overfitting', points[bestIdx + 1].epoch);
  }

  // Still improving: the last window is clearly below the one before it, or lower and holding a fresh best.
  const previous = level(vals.slice(n - 2 * window, n - window));
  const improveMargin = Math.max(minDelta, 2 * stdErr, 0.005 * Math.abs(bestLevel));
  if (previous - recent > improveMargin || (bestIdx >= n - window && previous > recent)) return result('learning');
  return result('plateau');
}

interface LineFit {
  slope: number;
  /** Spread of the points around the line (n − 2 degrees of freedom); 0 for fewer than 3 points. */
  residualSd: number;
  /** Standard error of the slope for a given noise level, inflated when the residuals wander. */
  slopeSe(noise: number): number;
}

/** Least-squares line through equally spaced points. */
function lineFit(ys: readonly number[]): LineFit {
  const n = ys.length;
  if (n < 4) return { slope: 0, residualSd: 0, slopeSe: () => Infinity };
  const xm = (n - 1) / 2;
  const ym = mean(ys);
  let sxx = 0;
  let sxy = 0;
  ys.forEach((y, i) => {
    sxx += (i - xm) ** 2;
    sxy += (i - xm) * (y - ym);
  });
  const slope = sxy / sxx;
  const resid = ys.map((y, i) => y - ym - slope * (i - xm));
  const rss = resid.reduce((acc, r) => acc + r * r, 0);
  // Residuals that wander (positively autocorrelated) carry less information than independent ones.
  let lag = 0;
  for (let i = 1; i < n; i++) lag += resid[i] * resid[i - 1];
  const rho = n >= 6 && rss > 0 ? Math.min(0.8, Math.max(0, lag / rss)) : 0;
  const inflation = Math.sqrt((1 + rho) / (1 - rho));
  return { slope, residualSd: Math.sqrt(rss / (n - 2)), slopeSe: (noise) => (inflation * noise) / Math.sqrt(sxx) };
}

/**
 * The loop stops a diverged run, so divergence shows at the end of the history: a non-finite training loss
 * or an infinite validation loss, a classification loss over 3·ln K (with numClasses), or a training loss that has climbed back over its first value and to
 * twice its best (the smoothed level of the last few epochs, so one bad epoch does not count).
 */
function diverged(epochs: readonly EpochLosses[], window: number, numClasses?: number): boolean {
  const last = epochs.at(-1);
  if (!last) return false;
  if (typeof last.loss === 'number' && !Number.isFinite(last.loss)) return true;
  if (last.val_loss === Infinity) return true;
  if (isNum(numClasses) && numClasses >= 2 && isNum(last.loss) && last.loss > 3 * Math.log(numClasses)) return true;
  const train = epochs.map((r) => r?.loss).filter(isNum);
  if (train.length < window + 1) return false;
  const now = level(train.slice(-window));
  return now > train[0] && now > 2 * Math.min(...train);
}

export interface OverfitMessage {
  state: OverfitState;
  /** 'warning' for overfitting and divergence, 'info' otherwise: how loud the banner should be. */
  tone: 'info' | 'warning';
  /** The banner's sentence. */
  text: string;
  /** Its first words, enough on a projector ("Overfitting since epoch 8"); `text` starts with them. */
  headline: string;
  /** What to try next. */
  advice: string;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));
const epochsWord = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

/** The verdict line before any epoch: what to watch for, since there is nothing to judge yet. */
export const WATCH_MESSAGE: OverfitMessage = {
  state: 'too-early',
  tone: 'info',
  headline: 'Watch the gap',
  text: 'Watch the gap: validation loss turning up while training loss keeps falling is overfitting.',
  advice: 'This line says so as it happens, and what to try.',
};

/** Plain-language banner for a detector result; `trainSamples` names how much data the model can memorise. */
export function overfitMessage(result: OverfitResult, context: { trainSamples?: number } = {}): OverfitMessage {
  const samples =
    isNum(context.trainSamples) && context.trainSamples > 0 ? `the ${context.trainSamples} training samples` : 'its training samples';
  const best =
    result.bestEpoch !== null && result.bestValLoss !== null ? ` (best ${fmt(result.bestValLoss)} at epoch ${result.bestEpoch})` : '';
  switch (result.state) {
    case 'overfitting':
      return {
        state: result.state,
        tone: 'warning',
        headline: `Overfitting since epoch ${result.since}`,
        text: `Overfitting since epoch ${result.since}: validation loss has risen for ${epochsWord(result.risingFor)} while training loss keeps falling — the model is memorising ${samples}.`,
        advice: `Early stopping at epoch ${result.bestEpoch} would keep the best weights; or switch on dropout / L2 / augmentation, or add data.`,
      };
    case 'diverged':
      return {
        state: result.state,
        tone: 'warning',
        headline: 'Training diverged',
        text: 'Training diverged: the loss blew up instead of going down, so the weights are no longer useful.',
        advice: 'Lower the learning rate (try ten times smaller) and train again.',
      };
    case 'plateau':
      return {
        state: result.state,
        tone: 'info',
        headline: 'Validation loss has levelled off',
        text: `Validation loss has levelled off${best}: more epochs of the same are unlikely to help.`,
        advice: 'Stop here, or change something: a lower learning rate, a bigger model, or more data.',
      };
    case 'learning':
      return {
        state: result.state,
        tone: 'info',
        headline: 'Still learning',
        text: `Still learning: validation loss is still going down${best}.`,
        advice: 'Keep training; watch for validation loss turning up while training loss keeps falling.',
      };
    case 'too-early':
      return result.epochsSeen === 0
        ? {
            state: result.state,
            tone: 'info',
            headline: 'No validation loss yet',
            text: 'No validation loss yet, so overfitting cannot be judged.',
            advice: 'Keep a validation split and train for a few epochs.',
          }
        : {
            state: result.state,
            tone: 'info',
            headline: 'Too early to tell',
            text: `Too early to tell after ${epochsWord(result.epochsSeen)}.`,
            advice: 'Train a few more epochs to see where validation loss is heading.',
          };
  }
}
