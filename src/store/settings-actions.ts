import { decodeSettings } from '../core/preset/codec';
import { PRESETS } from '../core/preset/presets';
import { defaultSettings, type Settings } from '../core/preset/schema';
import { useLab } from './lab';
import { gatePatch } from './settings-gate';

/** The lab's settings: changed through the gate, loaded from a link or a preset. */

/** Changes settings through the settings gate: a value the run would refuse is not kept, and a notice says why. */
export function setSettings(patch: Partial<Settings>): void {
  useLab.setState((s) => {
    const gated = gatePatch(s.settings, patch);
    return { settings: gated.settings, settingNotices: gated.notices };
  });
}

/** Loads the settings a query string describes (the page's URL, or a preset), with its notices. */
export function loadQuery(query: string): void {
  const { settings, notices } = decodeSettings(query);
  useLab.setState({ settings, urlNotices: notices });
}

export function applyPreset(id: string): void {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) return;
  useLab.setState({ settings: { ...defaultSettings(), ...structuredClone(preset.settings) }, urlNotices: [] });
}

export function dismissUrlNotices(): void {
  useLab.setState({ urlNotices: [] });
}
