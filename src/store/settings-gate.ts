import { gateSettings, type GateContext, type GateResult } from '../core/preset/gate';
import { isUploadDataset, type Settings } from '../core/preset/schema';
import { useUploads } from './uploads';

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
  return Object.values(fieldErrors).filter((m): m is string => typeof m === 'string');
}
