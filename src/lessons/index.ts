import { parseLesson, type Lesson } from '../core/teach/lesson';
import augmentation from './augmentation.json';
import batchSize from './batch-size.json';
import cancerRecall from './cancer-recall.json';
import imbalance from './imbalance-accuracy-lies.json';
import initVanishing from './init-vanishing-gradients.json';
import l2 from './l2.json';
import learningRate from './learning-rate.json';
import overfittingDropout from './overfitting-and-dropout.json';

/**
 * The built-in lessons, in teaching order. One JSON file per lesson, named after its id. Each is validated by
 * parseLesson on first use (so a bad lesson fails the unit tests, not a class), not when the page loads:
 * parsing all of them was a fifth of the start-up script's time, and most visits open no lesson.
 */
const FILES: [file: string, json: unknown][] = [
  ['overfitting-and-dropout.json', overfittingDropout],
  ['l2.json', l2],
  ['augmentation.json', augmentation],
  ['imbalance-accuracy-lies.json', imbalance],
  ['cancer-recall.json', cancerRecall],
  ['learning-rate.json', learningRate],
  ['batch-size.json', batchSize],
  ['init-vanishing-gradients.json', initVanishing],
];

export const LESSON_FILES: readonly string[] = FILES.map(([file]) => file);

let parsed: Lesson[] | null = null;

/** Every built-in lesson, parsed once. */
export function lessons(): Lesson[] {
  parsed ??= FILES.map(([file, json]) => {
    const lesson = parseLesson(json, `src/lessons/${file}`);
    if (`${lesson.id}.json` !== file) throw new Error(`src/lessons/${file}: id "${lesson.id}" does not match the file name`);
    return lesson;
  });
  return parsed;
}

export function lessonById(id: string): Lesson | undefined {
  return lessons().find((l) => l.id === id);
}
