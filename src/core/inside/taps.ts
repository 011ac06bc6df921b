import type * as tf from '@tensorflow/tfjs';

/**
 * Where to look inside a Sequential image model. A conv or dense stage is the layer itself plus the batch
 * normalisation and activation layers that follow it (Fitlab adds those as separate layers with batch norm,
 * leaky ReLU or PReLU), so the tap is the stage's last layer: what the next stage actually receives.
 */
export interface Tap {
  kind: 'conv' | 'pool' | 'dense';
  /** Index into the model's layers (InputLayer excluded, as in `model.layers` of a Sequential). */
  layer: number;
  name: string;
}

const STAGE_TAIL = new Set(['BatchNormalization', 'Activation', 'LeakyReLU', 'PReLU', 'ReLU', 'ELU']);
const STAGE_HEAD: Record<string, Tap['kind']> = { Conv2D: 'conv', MaxPooling2D: 'pool', AveragePooling2D: 'pool', Dense: 'dense' };

export function insideTaps(model: tf.LayersModel): Tap[] {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const taps: Tap[] = [];
  // The output layer is the softmax, shown as bars, not as a hidden stage.
  for (let i = 0; i < layers.length - 1; i++) {
    const kind = STAGE_HEAD[layers[i].getClassName()];
    if (!kind) continue;
    let end = i;
    while (end + 1 < layers.length - 1 && STAGE_TAIL.has(layers[end + 1].getClassName())) end++;
    taps.push({ kind, layer: end, name: layers[end].name });
    i = end;
  }
  return taps;
}
