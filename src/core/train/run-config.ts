import { augmentOptionsFrom } from '../data/augment-options';
import { isImageDataset, type Settings } from '../preset/schema';
import type { TrainConfig } from './loop';

/** A CNN needs images: on 2-D data the lab trains the MLP part of the settings instead (the summary says so). */
export function effectiveModelSettings(s: Settings): Settings {
  return s.model === 'cnn' && !isImageDataset(s.dataset) ? { ...s, model: 'mlp' } : s;
}

/** The training loop's configuration for a run's settings: augmentation applies to image data only. */
export function trainConfigFor(s: Settings): TrainConfig {
  return { ...s, augment: isImageDataset(s.dataset) ? augmentOptionsFrom(s) : null };
}
