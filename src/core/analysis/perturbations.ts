import { PERTURBATION_KINDS, type PerturbationKind } from './types';

/**
 * The perturbations a robustness sweep offers and their default strengths: plain data, free of TF.js, so
 * the UI and the store can read them without loading it (the sweep itself is in robustness.ts).
 */

export interface PerturbationSpec {
  label: string;
  /** Unit of `strengths` for images. */
  unit: string;
  /** Default sweep for images, starting at 0 (the unperturbed accuracy). */
  strengths: number[];
  /** Whether the perturbation applies to images / to 2-D points. */
  images: boolean;
  points: boolean;
  /** Unit and default sweep for 2-D points (data scaled to about [−1, 1]); empty where points do not apply. */
  pointUnit: string;
  pointStrengths: number[];
}

export const PERTURBATIONS: Record<PerturbationKind, PerturbationSpec> = {
  rotation: {
    label: 'Rotation',
    unit: '°',
    strengths: [0, 5, 10, 15, 20, 30, 45],
    images: true,
    points: true,
    pointUnit: '°',
    pointStrengths: [0, 5, 10, 15, 20, 30, 45],
  },
  noise: {
    label: 'Gaussian noise',
    unit: 'σ',
    strengths: [0, 0.05, 0.1, 0.2, 0.3, 0.5],
    images: true,
    points: true,
    pointUnit: 'σ',
    pointStrengths: [0, 0.05, 0.1, 0.2, 0.3, 0.5],
  },
  brightness: {
    label: 'Brightness',
    unit: '+',
    strengths: [0, 0.1, 0.2, 0.3, 0.5],
    images: true,
    points: false,
    pointUnit: '',
    pointStrengths: [],
  },
  shift: {
    label: 'Shift',
    unit: 'px',
    strengths: [0, 1, 2, 3, 4, 6],
    images: true,
    points: true,
    pointUnit: 'units',
    // A tenth to a quarter of the [−1, 1] range: enough to cross most toy boundaries by the end.
    pointStrengths: [0, 0.1, 0.2, 0.3, 0.5],
  },
};

export const isImage = (shape: readonly number[]) => shape.length === 3;
export const isPoint = (shape: readonly number[]) => shape.length === 1 && shape[0] === 2;

/** The perturbations that make sense for inputs of this shape, in display order. */
export function perturbationsFor(shape: readonly number[]): PerturbationKind[] {
  if (isImage(shape)) return PERTURBATION_KINDS.filter((k) => PERTURBATIONS[k].images);
  if (isPoint(shape)) return PERTURBATION_KINDS.filter((k) => PERTURBATIONS[k].points);
  return ['noise'];
}

/** The default sweep of `kind` for inputs of this shape. */
export function defaultStrengths(kind: PerturbationKind, shape: readonly number[]): number[] {
  const spec = PERTURBATIONS[kind];
  return [...(isImage(shape) ? spec.strengths : spec.pointStrengths)];
}
