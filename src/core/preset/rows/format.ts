/** Shared wording helpers for the settings' help texts. */

/** A fraction as a whole percentage: 0.25 → "25%". */
export const pct = (v: number): string => `${Math.round(v * 100)}%`;

/** "on" / "off" texts of a switch, picked by its value. */
export const onOff = (v: boolean, on: string, off: string): string => (v ? on : off);
