/** Labels for compared runs: A, B, C … (the first is the baseline). */
export const runLetter = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : `R${i + 1}`);

export function fmtNum(v: number | null | undefined, digits = 4): string {
  return v == null || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
