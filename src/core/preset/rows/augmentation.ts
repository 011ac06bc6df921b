import type { SchemaRows } from '../setting-types';
import { onOff, pct } from './format';

/** The augmentation section's settings: one field per row below. */
export interface AugmentationFields {
  flip: boolean;
  rotate: boolean;
  rotateDeg: number;
  shift: boolean;
  shiftPx: number;
  brightness: boolean;
  brightnessAmt: number;
  gaussNoise: boolean;
  gaussNoiseSd: number;
}

/** Random changes to training images, per batch: only how the next run trains changes (group 'training'). */
export const AUGMENTATION_ROWS = {
  flip: {
    key: 'flip',
    label: 'Horizontal flip',
    kind: 'bool',
    default: false,
    group: 'training',
    section: 'augmentation',
    help: (v) =>
      onOff(
        v,
        'Horizontal flip: on. Training images are mirrored at random, as if the data set were twice as big. Wrong for digits and text!',
        'Horizontal flip: off. Switch it on to mirror training images at random (augmentation).',
      ),
  },
  rotate: {
    key: 'rot',
    label: 'Rotation',
    kind: 'bool',
    default: false,
    group: 'training',
    section: 'augmentation',
    line: 'rotate',
    help: (v) =>
      onOff(
        v,
        'Rotation: on. Training images are turned a little at random, so the model learns that a tilted object is the same object.',
        'Rotation: off. Switch it on to turn training images by a small random angle (augmentation).',
      ),
  },
  rotateDeg: {
    key: 'rotDeg',
    label: 'Rotation ± degrees',
    kind: 'float',
    min: 0,
    max: 180,
    default: 15,
    group: 'training',
    section: 'augmentation',
    line: 'rotate',
    enabledWhen: (s) => s.rotate,
    help: (_, shown) => `Rotation: up to ±${shown}° at random. Small angles add variety; large ones can make images unrecognisable.`,
  },
  shift: {
    key: 'shift',
    label: 'Shift',
    kind: 'bool',
    default: false,
    group: 'training',
    section: 'augmentation',
    line: 'shift',
    help: (v) =>
      onOff(
        v,
        'Shift: on. Training images are moved a few pixels at random, so the model cannot rely on exact positions.',
        'Shift: off. Switch it on to move training images by a few random pixels (augmentation).',
      ),
  },
  shiftPx: {
    key: 'shiftPx',
    label: 'Shift ± pixels',
    kind: 'float',
    min: 0,
    max: 16,
    default: 2,
    group: 'training',
    section: 'augmentation',
    line: 'shift',
    enabledWhen: (s) => s.shift,
    help: (_, shown) => `Shift: up to ±${shown} pixels at random. On tiny images (digits are 8×8) even 1 pixel is a big move.`,
  },
  brightness: {
    key: 'bright',
    label: 'Brightness / contrast',
    kind: 'bool',
    default: false,
    group: 'training',
    section: 'augmentation',
    line: 'brightness',
    help: (v) =>
      onOff(
        v,
        'Brightness/contrast: on. Training images get randomly lighter, darker or flatter, so lighting does not matter to the model.',
        "Brightness/contrast: off. Switch it on to vary training images' lighting at random (augmentation).",
      ),
  },
  brightnessAmt: {
    key: 'brightAmt',
    label: 'Brightness / contrast ±',
    kind: 'float',
    min: 0,
    max: 0.5,
    default: 0.2,
    group: 'training',
    section: 'augmentation',
    line: 'brightness',
    enabledWhen: (s) => s.brightness,
    help: (v) => `Brightness/contrast: changes of up to ±${pct(v)} at random.`,
  },
  gaussNoise: {
    key: 'gnoise',
    label: 'Gaussian noise',
    kind: 'bool',
    default: false,
    group: 'training',
    section: 'augmentation',
    line: 'noise',
    help: (v) =>
      onOff(
        v,
        'Gaussian noise: on. Random pixel noise is added to training images, so the model cannot memorise exact pixel values.',
        'Gaussian noise: off. Switch it on to add random pixel noise to training images (augmentation).',
      ),
  },
  gaussNoiseSd: {
    key: 'gnoiseSd',
    label: 'Noise σ',
    kind: 'float',
    min: 0,
    max: 0.5,
    default: 0.05,
    group: 'training',
    section: 'augmentation',
    line: 'noise',
    enabledWhen: (s) => s.gaussNoise,
    help: (_, shown) => `Noise σ: ${shown}. The size of the random pixel noise added to training images.`,
  },
} satisfies SchemaRows<AugmentationFields>;
