import type * as tf from '@tensorflow/tfjs';
import { confusionMatrix } from '../metrics';
import type { RegLoss } from '../preset/schema';
import { predictProbabilities, predictValues, scoreProbabilities, scoreValues } from './evaluate';
import type { TrainInputs } from './loop-types';
import type { EpochRecord } from './types';

export type ValidationScores = Pick<EpochRecord, 'val_loss' | 'val_acc' | 'val_confusion'>;

/** The model scored on the validation split at an epoch's end; NaN (and no confusion matrix) without one. */
export function validateEpoch(model: tf.LayersModel, data: TrainInputs, regLoss: RegLoss): Promise<ValidationScores> {
  return data.task === 'regression' ? validateRegression(model, data, regLoss) : validateClassification(model, data);
}

async function validateClassification(model: tf.LayersModel, data: TrainInputs): Promise<ValidationScores> {
  const { val, shape, numClasses } = data;
  const valScores = val.count ? scoreProbabilities(await predictProbabilities(model, val, shape), val.y, numClasses) : null;
  return {
    val_loss: valScores?.loss ?? NaN,
    val_acc: valScores?.accuracy ?? NaN,
    val_confusion: valScores ? confusionMatrix(Array.from(val.y), valScores.predictions, numClasses) : null,
  };
}

async function validateRegression(model: tf.LayersModel, data: TrainInputs, regLoss: RegLoss): Promise<ValidationScores> {
  const { val, shape } = data;
  if (!val.count) return { val_loss: NaN, val_acc: NaN, val_confusion: null };
  const scores = scoreValues(await predictValues(model, val, shape), val.targets!, regLoss);
  return { val_loss: scores.loss, val_acc: scores.metrics.r2, val_confusion: null };
}
