import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, secondPass, showView, useBrowser } from './browser';
import { decodeSettings, encodeSettings, formatValue, parseValue } from '../../src/core/preset/codec';
import { SCHEMA, SETTING_NAMES, type FieldSpec, type Settings } from '../../src/core/preset/schema';
import { isRawLibraryMessage } from '../../src/core/errors/user-message';
import { createRng, type Rng } from '../../src/core/rng';

// Fuzzing through the real UI: seeded random and adversarial values typed and chosen in the settings form, and
// random links opened. Whatever goes in, the page never throws, every message is Fitlab's own, and the link
// (the settings the lab holds) never carries a value the settings gate would refuse.

const browser = useBrowser();
const baseUrl = inject('baseUrl');

/**
 * What a raw library or a template slip reads like. A field message quotes what was typed ("NaN" is not a
 * number), so quoted text is taken out before this is applied.
 */
const RAW = /TypeError|RangeError|undefined|\bNaN\b|concat|tensor|Cannot read|\[object|null\b/;

function expectOwnMessage(text: string, where: string): void {
  const unquoted = text.replace(/"[^"]*"/g, '""');
  expect(unquoted, `${where}: ${text}`).not.toMatch(RAW);
  expect(isRawLibraryMessage(text), `${where}: ${text}`).toBe(false);
}

/** Watches a page for uncaught errors and console errors (a React warning, a failed promise). */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/**
 * Real input events on the text fields and selects, without Playwright's wait for two still animation frames
 * before each (the page re-renders the previews on every change, so that wait made each edit take up to a
 * second). Typing and choosing do not depend on where the control is; a click does, so checkboxes keep the wait.
 */
const FAST = { force: true } as const;

const spec = (name: keyof Settings) => SCHEMA[name] as FieldSpec;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** Text nobody should get past a number field, and text that is fine. */
// prettier-ignore
const ODD_TEXT = [
  '', ' ', '-', '.', '+', 'e5', '5e', 'NaN', 'Infinity', '-Infinity', 'undefined', 'null', '0x10', '0b11', '1,5', '1.2.3',
  '١٢', '１２', '½', '💥', '\u202e12', '<b>1</b>', '"', "'; drop", '1e400', '-1e400', '1e-400', '9'.repeat(300), 'x'.repeat(1000), ' 3 ', '00003', '-0',
];
const ODD_LIST = [
  '',
  ',',
  '8,',
  ',8',
  '8,,8',
  ' 8',
  '8 ',
  '8;8',
  '0',
  '-8',
  '1025',
  '8.5',
  'a',
  '٨',
  '1,2,3,4,5,6,7,8,9',
  '8,'.repeat(100),
  'NaN',
];
const GOOD_LIST = ['8', '8,8', '64', '16,8,4', '1024', '1'];
const ODD_BLOCKS = ['', ',', 'p', '8q', '8P', '0', '257', '8p,', '-8', '8 p', '8p,16p,32p,64p,128p,256p,256p,256p,256p', 'NaN'];
const GOOD_BLOCKS = ['8', '8p', '8p,16p', '4,4p,4', '256'];
/** Values that are fine alone but contradict another field (held-out fractions, class indices, tiny data). */
const CONTRADICTIONS: Partial<Record<keyof Settings, string[]>> = {
  val: ['0.5', '0.45', '0.4', '0.3'],
  test: ['0.5', '0.45', '0.4', '0.3'],
  minorityClass: ['9', '5', '4', '2'],
  classes: ['2', '5'],
  minorityShare: ['0.01', '0.5'],
  samples: ['20', '21'],
  trainSize: ['1', '2', '100000'],
  batchSize: ['2048'],
};

/** A value to type into a text field: often adversarial, sometimes in range, sometimes a cross-field clash. */
function textFor(name: keyof Settings, rng: Rng): string {
  const sp = spec(name);
  const clash = CONTRADICTIONS[name];
  if (clash && rng.next() < 0.4) return pick(rng, clash);
  switch (sp.kind) {
    case 'int':
    case 'float': {
      const r = rng.next();
      if (r < 0.4) return pick(rng, ODD_TEXT);
      if (r < 0.55)
        return pick(rng, [String(sp.min), String(sp.max), String(sp.min - 1), String(sp.max + 1), String(-sp.max), String(sp.max * 1000)]);
      const v = rng.uniform(sp.min, sp.max);
      return sp.kind === 'int' ? String(Math.round(v)) : String(Number(v.toPrecision(1 + rng.int(4))));
    }
    case 'intlist':
      return rng.next() < 0.5 ? pick(rng, ODD_LIST) : pick(rng, GOOD_LIST);
    case 'blocks':
      return rng.next() < 0.5 ? pick(rng, ODD_BLOCKS) : pick(rng, GOOD_BLOCKS);
    default:
      return pick(rng, ODD_TEXT);
  }
}

interface FieldInfo {
  name: keyof Settings;
  kind: 'text' | 'select' | 'checkbox';
  options: string[];
}

interface PageState {
  fields: FieldInfo[];
  /** The message under the edited field, if any. */
  message: string | null;
  invalid: boolean;
  /** What the input shows after the edit. */
  shown: string | null;
  search: string;
  refused: string | null;
  trainDisabled: boolean;
  notices: string;
  /** Setting controls rendered more than once (each must be one element). */
  duplicated: string[];
}

/** Everything a step checks, read in one round trip: the edited field, the link, Train and the visible fields. */
function readState(page: Page, key: string | null): Promise<PageState> {
  return page.evaluate((key) => {
    const controls = [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-testid^="setting-"]')];
    const fields = controls
      .filter((el) => !el.matches(':disabled') && el.offsetParent !== null && !el.dataset.testid!.startsWith('setting-hint-'))
      .map((el) => ({
        name: el.dataset.testid!.slice('setting-'.length),
        kind: el instanceof HTMLSelectElement ? 'select' : el.type === 'checkbox' ? 'checkbox' : 'text',
        options: el instanceof HTMLSelectElement ? [...el.options].filter((o) => !o.disabled).map((o) => o.value) : [],
      }));
    const testIds = controls.map((el) => el.dataset.testid!);
    const duplicated = testIds.filter((t, i) => testIds.indexOf(t) !== i);
    const field = key === null ? null : document.querySelector(`.field[data-key="${key}"]`);
    const input = field?.querySelector<HTMLInputElement>('[data-testid^="setting-"]');
    const train = document.querySelector<HTMLButtonElement>('[data-testid="train-start"]');
    return {
      fields,
      message: field?.querySelector('.field-error')?.textContent ?? null,
      invalid: input?.getAttribute('aria-invalid') === 'true',
      shown: input?.value ?? null,
      search: location.search,
      refused: document.querySelector('[data-testid="train-refused"]')?.textContent ?? null,
      trainDisabled: train?.disabled ?? true,
      duplicated,
      notices: [...document.querySelectorAll('.notices .notice')].map((n) => n.textContent).join('\n'),
    };
  }, key) as Promise<PageState>;
}

/** The settings the link carries, read with the app's own decoder: it must find nothing to refuse. */
function linkSettings(search: string, step: string): Settings {
  const decoded = decodeSettings(search);
  expect(decoded.notices, `${step}: the link carries refused values: ${search}`).toEqual([]);
  return decoded.settings;
}

/** Parts of a hostile or garbled link: unknown and repeated keys, broken escapes, page keys, presets. */
const LINK_JUNK = [
  'foo=1',
  '__proto__=1',
  'constructor=x',
  '=5',
  '&&',
  '%E0%A4%A=1',
  'lr=%E0%A4%A',
  'preset=__proto__',
  'preset=nope',
  'preset=quick',
  'preset=cancer',
  'view=nowhere',
  'view=history',
  'lesson=nope',
  'present=1',
  'lr_hide=1',
  'present=yes',
  `k=${'x'.repeat(500)}`,
  'lr',
  '%',
  '%%',
  '#frag',
];

/** A random link: a few settings with adversarial or clashing values, with junk mixed in. */
function randomLink(rng: Rng): string {
  const parts: string[] = [];
  for (let n = 1 + rng.int(6); n > 0; n--) {
    if (rng.next() < 0.3) {
      parts.push(pick(rng, LINK_JUNK));
      continue;
    }
    const name = pick(rng, SETTING_NAMES);
    const sp = spec(name);
    const text =
      sp.kind === 'enum'
        ? pick(rng, [...sp.options, 'TABLE', '', 'cnn ', '<script>'])
        : sp.kind === 'bool'
          ? pick(rng, ['0', '1', 'yes', ''])
          : textFor(name, rng);
    parts.push(`${sp.key}=${encodeURIComponent(text)}`);
    if (rng.next() < 0.1) parts.push(`${sp.key}=${encodeURIComponent(textFor(name, rng))}`);
  }
  return parts.join('&');
}

interface Tally {
  refused: number;
  accepted: number;
  /** Refused although it parses: a cross-field rule (held-out fractions, a class index) said no. */
  held: number;
  select: number;
  checkbox: number;
  /** Steps after which Train was off, with its reason shown. */
  trainRefused: number;
  messages: string[];
}

/**
 * `n` seeded edits in the real form, each checked: no page or console error, each control rendered once, a
 * refused value named next to its field in Fitlab's words (what is wrong and what to type or change) and kept out
 * of the link, an accepted one in the link exactly, the link always one the gate takes as it is, and Train off
 * exactly when it says why. `prefer` names fields to pick half the time when they are shown.
 */
async function fuzzForm(
  page: Page,
  problems: string[],
  rng: Rng,
  n: number,
  options: { skip?: string[]; prefer?: string[] } = {},
): Promise<Tally> {
  const tally: Tally = { refused: 0, accepted: 0, held: 0, select: 0, checkbox: 0, trainRefused: 0, messages: [] };
  let state = await readState(page, null);
  let settings = linkSettings(state.search, 'start');
  let recent: string[] = [];
  for (let i = 0; i < n; i++) {
    const shown = state.fields.filter((f) => !options.skip?.includes(f.name));
    const preferred = shown.filter((f) => options.prefer?.includes(f.name));
    const field = pick(rng, preferred.length && rng.next() < 0.5 ? preferred : shown);
    const name = field.name;
    const sp = spec(name);
    const control = page.getByTestId(`setting-${name}`);
    let typed: string;
    if (field.kind === 'text') {
      typed = textFor(name, rng);
      await control.fill(typed, FAST);
    } else if (field.kind === 'select') {
      typed = pick(rng, field.options);
      await control.selectOption(typed, FAST);
      tally.select++;
    } else {
      typed = formatValue(sp, !settings[name]);
      // A click lands where the box is: Playwright waits until it holds still and is the one hit there, as a
      // person would look before clicking (a preview or note above may still be arriving from an earlier edit).
      await control.click();
      tally.checkbox++;
    }
    const step = `edit ${i}: ${name} = ${JSON.stringify(typed.slice(0, 60))} (after ${recent.join('; ')})`;
    recent = [...recent.slice(-2), `${name} = ${JSON.stringify(typed.slice(0, 20))}`];
    state = await readState(page, sp.key);
    expect(problems, step).toEqual([]);
    expect(state.duplicated, step).toEqual([]);
    const now = linkSettings(state.search, step);
    if (state.message !== null) {
      // Refused: named next to the field in Fitlab's words, and the link keeps the value it had.
      tally.refused++;
      tally.messages.push(state.message);
      expect(field.kind, step).toBe('text');
      expectOwnMessage(state.message, step);
      expect(state.message, `${step}: says what to do`).toMatch(/\b(type|lower|pick)\b.*\.$/);
      expect(state.invalid, step).toBe(true);
      expect(formatValue(sp, now[name]), step).toBe(formatValue(sp, settings[name]));
      if (parseValue(sp, typed).ok) tally.held++;
    } else {
      // Accepted: exactly what was typed or chosen is now in the link.
      tally.accepted++;
      const parsed = parseValue(sp, typed);
      expect(parsed.ok, `${step}: taken without a message`).toBe(true);
      if (parsed.ok) expect(formatValue(sp, now[name]), step).toBe(formatValue(sp, parsed.value));
    }
    // Train follows the settings the lab holds, which the gate accepted: off only with the reason in words.
    expect(state.trainDisabled, `${step}: ${state.refused}`).toBe(state.refused !== null);
    if (state.refused !== null) {
      tally.trainRefused++;
      expectOwnMessage(state.refused, step);
    }
    if (state.notices) expectOwnMessage(state.notices, step);
    settings = now;
  }
  expect(encodeSettings(settings)).toBe(encodeSettings(decodeSettings(encodeSettings(settings)).settings));
  return tally;
}

/** A small table of 3 classes, 8 rows each: big enough to split as it is, too small once a class is cut down. */
const SMALL_TABLE = [
  'x,y,label',
  ...Array.from({ length: 24 }, (_, i) => `${(i * 7) % 11},${(i * 5) % 13},${['a', 'b', 'c'][i % 3]}`),
].join('\n');

describe('fuzz: the settings form and links', () => {
  it('260 seeded random and adversarial edits in the real form, the last 60 on an uploaded table: a field message or valid settings, never an error', async () => {
    const { page } = await openApp(browser(), baseUrl, '');
    const problems = watch(page);
    // The settings form renders just after the first paint (the page's second pass): wait for it.
    await page.getByTestId('setting-dataset').waitFor();
    // The Runtime section starts closed; open every section so all fields can be reached.
    await page.$$eval('details.settings-section', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const rng = createRng(20261207);
    const shipped = await fuzzForm(page, problems, rng, 200);
    // The generator reached every kind of edit, including values refused only by a cross-field rule.
    expect(shipped.refused).toBeGreaterThan(30);
    expect(shipped.accepted).toBeGreaterThan(30);
    expect(shipped.held).toBeGreaterThan(0);
    expect(shipped.select + shipped.checkbox).toBeGreaterThan(20);

    // The user's own table: its class count bounds the class index, and its size the split Train accepts.
    await showView(page, 'data');
    await page.getByTestId('data-upload').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(SMALL_TABLE) });
    await expect.poll(() => page.getByTestId('setting-dataset').inputValue(), { timeout: 30_000 }).toBe('table');
    await page.$$eval('details.settings-section', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const table = await fuzzForm(page, problems, rng, 60, {
      skip: ['dataset'],
      prefer: ['val', 'test', 'minorityShare', 'minorityClass', 'trainSize'],
    });
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('table');
    expect(table.refused).toBeGreaterThan(5);

    // Fractions the gate takes but this table cannot fill (0.05 of 8 rows a class is none): Train is off and says
    // why; fractions it can fill turn Train on again.
    for (const [val, test] of [
      ['0.05', '0.05'],
      ['0.2', '0.2'],
    ]) {
      await page.getByTestId('setting-test').fill(test, FAST);
      await page.getByTestId('setting-val').fill(val, FAST);
      await page.getByTestId('setting-seed').focus();
      const state = await readState(page, null);
      expect(linkSettings(state.search, `val ${val}, test ${test}`)).toMatchObject({ val: Number(val), test: Number(test) });
      if (val === '0.05')
        expect(state.refused).toMatch(/^Train is off until this is fixed: Your table has 24 rows: too few for the split .* Add rows/);
      else expect(state.refused).toBeNull();
      expect(state.trainDisabled).toBe(state.refused !== null);
    }
    expect(problems).toEqual([]);
  });

  it('30 seeded random adversarial links: each opens the lab with a notice or valid settings, never a blank page or a raw error', async () => {
    const { page } = await openApp(browser(), baseUrl, '');
    const problems = watch(page);
    const rng = createRng(1207);
    let noticed = 0;
    for (let i = 0; i < 30; i++) {
      const query = randomLink(rng);
      const step = `link ${i}: ?${query.slice(0, 200)}`;
      await page.goto(`${baseUrl}?${query}`, { waitUntil: 'domcontentloaded' });
      await page.getByTestId('train-start').waitFor({ timeout: 15_000 });
      // The settings form renders in the page's second pass, after Train (a link may hide any field).
      await secondPass(page);
      const state = await readState(page, null);
      expect(problems, step).toEqual([]);
      // What the link asked for that the gate refuses is said, in Fitlab's words; the rest is used as given.
      const expected = decodeSettings(query.split('#')[0]).notices;
      const shown = (await page.getByTestId('url-notice').count()) ? ((await page.getByTestId('url-notice').textContent()) ?? '') : '';
      if (expected.length) {
        noticed++;
        expect(shown, step).toContain(expected[0]);
      }
      if (state.notices) expectOwnMessage(state.notices, step);
      // The page rewrote its link to the settings it holds: nothing in it the gate would refuse.
      linkSettings(state.search, step);
      expect(state.trainDisabled, `${step}: ${state.refused}`).toBe(state.refused !== null);
      if (state.refused !== null) expectOwnMessage(state.refused, step);
    }
    expect(noticed).toBeGreaterThan(10);
  });
});
