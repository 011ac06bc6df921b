import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, showView, trainToEnd, useBrowser } from './browser';

// The shipped tables train to done through the real UI (short runs), and the what-if form answers for rows
// typed into it: typing another test row's values into the fields gives exactly that row's prediction.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

interface Prediction {
  /** The predicted class, or the value for regression. */
  answer: string;
  /** Class probabilities (empty for regression). */
  probs: number[];
}

async function readPrediction(page: Page): Promise<Prediction> {
  return page.getByTestId('what-if-prediction').evaluate((el) => ({
    answer: el.getAttribute('data-predicted') ?? el.getAttribute('data-value') ?? '',
    probs: Array.from(el.querySelectorAll('[data-prob]'), (li) => Number(li.getAttribute('data-prob'))),
  }));
}

/** Waits for the prediction to differ from `before` (each edit asks the model again, after a short delay). */
async function nextPrediction(page: Page, before: Prediction): Promise<Prediction> {
  await page.waitForFunction(
    (b) => {
      const el = document.querySelector('[data-testid="what-if-prediction"]');
      const probs = Array.from(el?.querySelectorAll('[data-prob]') ?? [], (li) => li.getAttribute('data-prob')).join(',');
      const answer = el?.getAttribute('data-predicted') ?? el?.getAttribute('data-value') ?? '';
      return el !== null && (answer !== b.answer || probs !== b.probs.join(','));
    },
    before,
    { timeout: 10_000 },
  );
  return readPrediction(page);
}

const fieldValues = (page: Page) => page.$$eval('.what-if-field input', (els) => els.map((e) => (e as HTMLInputElement).value));

async function startRow(page: Page, row: number): Promise<void> {
  await page.getByTestId('what-if-row').fill(String(row));
}

describe('shipped tables', () => {
  it('cancer, wine, iris and diabetes train to done, and the what-if form predicts typed rows', async () => {
    const { page, errors } = await openApp(browser(), baseUrl);
    for (const [id, classes] of [
      ['cancer', 2],
      ['wine', 3],
      ['iris', 3],
      ['diabetes', 0],
    ] as const) {
      await page.goto(`${baseUrl}?preset=${id}&epochs=5&es=0`);
      await page.getByTestId('train-start').waitFor();
      expect(await trainToEnd(page, 60_000), id).toBe('done');
      await showView(page, 'evaluate');
      const form = page.getByTestId('what-if');
      await form.waitFor();
      const fields = await fieldValues(page);
      expect(fields.length, id).toBe({ cancer: 30, wine: 13, iris: 4, diabetes: 10 }[id]);
      // Every field is labelled with its feature.
      expect(
        await form
          .getByLabel(id === 'iris' ? 'petal length (cm)' : id === 'diabetes' ? 'bmi' : id === 'wine' ? 'alcohol' : 'worst radius', {
            exact: true,
          })
          .count(),
      ).toBe(1);
      await page.getByTestId('what-if-prediction').waitFor();
      const first = await readPrediction(page);
      expect(first.probs.length, id).toBe(classes);
      if (classes) expect(first.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

      // Another test row with a different answer (a different class, if the model gives one within 20 rows).
      let other = first;
      let otherRow = 2;
      for (; otherRow <= 20; otherRow++) {
        await startRow(page, otherRow);
        other = await nextPrediction(page, other);
        if (!classes || other.answer !== first.answer) break;
      }
      const otherValues = await fieldValues(page);
      await startRow(page, 1);
      expect(await nextPrediction(page, other)).toEqual(first);
      // Type the other row's values into row 1's fields: the answer follows to exactly the other row's.
      const inputs = page.locator('.what-if-field input');
      for (let j = 0; j < otherValues.length; j++) await inputs.nth(j).fill(otherValues[j]);
      // Typing asks after each field; wait for the answer to the whole row.
      await page.waitForFunction(
        (want) => {
          const el = document.querySelector('[data-testid="what-if-prediction"]');
          const probs = Array.from(el?.querySelectorAll('[data-prob]') ?? [], (li) => Number(li.getAttribute('data-prob')));
          return (
            (el?.getAttribute('data-predicted') ?? el?.getAttribute('data-value')) === want.answer &&
            probs.join(',') === want.probs.join(',')
          );
        },
        other,
        { timeout: 10_000 },
      );
      expect(await readPrediction(page), `${id}: row 1 edited into row ${otherRow}`).toEqual(other);
      expect(other).not.toEqual(first);
      // A field that is not a number is refused in words, not sent to the model.
      await inputs.first().fill('');
      await page.getByTestId('what-if-error').waitFor();
      expect(await page.getByTestId('what-if-error').textContent()).toMatch(/needs a number/);
    }
    expect(errors).toEqual([]);
  });
});
