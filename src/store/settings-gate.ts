import { gateSettings, type GateContext, type GateResult } from '../core/preset/gate';
import { isUploadDataset, type Settings } from '../core/preset/schema';
import { useUploads } from './uploads';
import { classSizesOf, missingUploadMessage, splitProblem, splitSizes } from '../core/data/split-check';
import { splitOptionsFor } from '../core/data/split';
import type { CustomData } from '../core/data/custom';

/**
 * The settings gate (src/core/preset/gate.ts) with what the store knows and the core does not: the class count
 * of the user's own table or image set. Every store path that changes settings goes through here.
 */
export function gateContextFor(s: Pick<Settings, 'dataset'>, base?: Settings): GateContext {
  const upload = isUploadDataset(s.dataset) ? useUploads.getState()[s.dataset] : null;
  const classCount = upload?.custom.dataset.task === 'regression' ? undefined : upload?.custom.dataset.classNames.length;
  return { ...(base ? { base } : {}), ...(classCount !== undefined ? { classCount } : {}) };
}

/** The current settings with a change applied, through the gate (a refused value keeps the current one). */
export function gatePatch(current: Settings, patch: Partial<Settings>): GateResult {
  const merged = { ...current, ...patch };
  return gateSettings(merged, gateContextFor(merged, current));
}

/**
 * Why Train is refused for these settings right now, one line per problem (empty when it may start). The same
 * gate the worker applies, plus the data's class count, so Train never sends a run the trainer would refuse.
 */
export function trainRefusals(s: Settings): string[] {
  const { fieldErrors } = gateSettings(s, gateContextFor(s));
  const refusals = Object.values(fieldErrors).filter((m): m is string => typeof m === 'string');
  if (!isUploadDataset(s.dataset)) return refusals;
  const upload = useUploads.getState()[s.dataset];
  // Without the data the run would start only to fail: say what to load instead.
  const problem = upload ? uploadSplitProblem(upload.custom, s) : missingUploadMessage(s.dataset);
  return problem ? [...refusals, problem] : refusals;
}

/**
 * trainRefusals as one line per problem, for Train's state, which is read on every store change (each batch
 * flush while training): computed again only when the settings or the user's data change.
 */
let lastRefusals: { settings: Settings; uploads: object; text: string } | null = null;
export function trainRefusalText(s: Settings): string {
  const uploads = useUploads.getState();
  if (lastRefusals?.settings !== s || lastRefusals.uploads !== uploads)
    lastRefusals = { settings: s, uploads, text: trainRefusals(s).join('\n') };
  return lastRefusals.text;
}

/** Class sizes per dataset object: counted once, since Train's state is asked on every store change. */
const classSizeCache = new WeakMap<object, number[]>();

/** Why the user's own data is too small for the settings' split (the same counts the trainer will cut), or null. */
export function uploadSplitProblem(c: CustomData, s: Settings): string | null {
  const d = c.dataset;
  let sizes = classSizeCache.get(d);
  if (!sizes) classSizeCache.set(d, (sizes = classSizesOf(d.y, d.classNames.length, c.fixedTest)));
  const o = splitOptionsFor(s, d.classNames.length);
  const split = splitSizes(sizes, o, c.fixedTest?.length ?? 0);
  return splitProblem(
    { rows: d.count, ...split },
    o,
    d.kind === 'image' ? 'Your image set' : 'Your table',
    d.kind === 'image' ? 'image' : 'row',
  );
}
