import type { EfficiencyReport, ModelArtifacts, WeightPrecision } from '../efficiency/types';
import type { InsideSnapshot } from '../inside/types';

/**
 * Plain results of the post-training analyses (robustness, explanations, decision boundary). They cross the
 * worker boundary, so no tensors: typed data only.
 */

/** Input shifts a robustness sweep can apply. Images take all four; 2-D points take rotation, noise, shift. */
export const PERTURBATION_KINDS = ['rotation', 'noise', 'brightness', 'shift'] as const;
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number];

export interface RobustnessPoint {
  /** Strength in the perturbation's unit (degrees, σ, brightness offset, pixels or data units). */
  strength: number;
  accuracy: number;
}

export interface RobustnessCurve {
  perturbation: PerturbationKind;
  points: RobustnessPoint[];
}

/** Why the model predicted what it did for one test example. Maps are height × width, row-major, in [0, 1]. */
export interface Explanation {
  /** Position in the test split. */
  testIndex: number;
  /** The class explained (the predicted one unless asked otherwise). */
  classIndex: number;
  predicted: number;
  probabilities: number[];
  height: number;
  width: number;
  /** |∂ class score / ∂ input|, max over channels, scaled to [0, 1]. */
  saliency: number[];
  /** Grad-CAM of the last conv layer, upsampled to the input size; null for models without convolutions. */
  gradCam: number[] | null;
}

/** A model's predictions over a square grid of the 2-D input plane, for the decision-boundary heatmap. */
export interface DecisionGrid {
  /** Cells per side. */
  resolution: number;
  /** The grid spans [−extent, extent]² in input coordinates. */
  extent: number;
  /** Predicted class per cell, row-major from the top row (y = +extent) to the bottom. */
  classes: number[];
  /** Probability of the predicted class per cell. */
  confidence: number[];
  /** Every class's probability per cell, cell after cell (cells × classes); absent in grids from older runs. */
  probabilities?: number[];
}

export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ['float32', 'float16', 'int8'];

export type AnalysisRequest =
  | { kind: 'robustness'; perturbation: PerturbationKind; strengths: number[] }
  | { kind: 'explain'; testIndex: number; classIndex?: number }
  /** Size, latency, quantised and pruned accuracy of the trained model. */
  | { kind: 'efficiency' }
  /** The trained model in TF.js layers format, its weights at the given precision. */
  | { kind: 'export'; precision: WeightPrecision }
  /** The model's output for one input row, given as training saw it (a table's columns already standardised). */
  | { kind: 'predict'; inputs: number[] }
  /**
   * The run as a PyTorch project (src/core/export/pytorch); `runJson` is the run's Export metrics file.
   * `includeData: false` leaves data.npz out (train.py then reads it from --data).
   */
  | { kind: 'pytorch'; runJson: string; includeData?: boolean }
  /** Feature maps, filters, dense activations and softmax of one test example (src/core/inside). */
  | { kind: 'inside'; testIndex: number }
  /** Prediction and saliency for an input the user made (a drawing, a dropped image), HWC in [0, 1]. */
  | { kind: 'classify'; input: number[] };

export type AnalysisResult =
  | { kind: 'robustness'; curve: RobustnessCurve }
  | { kind: 'explain'; explanation: Explanation }
  | { kind: 'efficiency'; report: EfficiencyReport }
  | { kind: 'export'; artifacts: ModelArtifacts }
  /** Class probabilities, or the one predicted value of a regression model. */
  | { kind: 'predict'; outputs: number[] }
  /** The PyTorch project's zip; `diverged`: the weights are the last good epoch's. */
  | { kind: 'pytorch'; bytes: Uint8Array<ArrayBuffer>; params: number; diverged: boolean }
  | { kind: 'inside'; snapshot: InsideSnapshot }
  /** `testIndex` is −1: the input was not a test example. */
  | { kind: 'classify'; explanation: Explanation };
