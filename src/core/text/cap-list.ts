/**
 * Caps a list of messages for display: at most `max` lines, the last saying how many more were left out, so a
 * hostile link or file cannot flood the page. `max` counts the "and N more" line.
 */
export function capList(items: readonly string[], max: number): string[] {
  if (items.length <= max) return [...items];
  const shown = Math.max(1, max - 1);
  return [...items.slice(0, shown), `and ${(items.length - shown).toLocaleString('en-US')} more.`];
}
