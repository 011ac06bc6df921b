/** Header labels longer than this are cut, so ten classes fit a matrix in a narrow column. */
export const SHORT_LABEL_CHARS = 6;

/**
 * Short, still distinct labels for class names in tight headers: a prefix every name shares is dropped
 * ("class 0", "class 1" → "0", "1"), long names are cut with an ellipsis ("Ankle boot" → "Ankl…"), and
 * where cutting would make two labels equal, those fall back to their class number ("#3").
 */
export function shortClassLabels(names: readonly string[], maxChars = SHORT_LABEL_CHARS): string[] {
  const prefix = names.length > 1 ? sharedPrefix(names) : '';
  const cut = names.map((name) => {
    const rest = name.slice(prefix.length).trim() || name;
    return rest.length <= maxChars ? rest : `${rest.slice(0, maxChars - 1)}…`;
  });
  const seen = new Map<string, number>();
  for (const label of cut) seen.set(label, (seen.get(label) ?? 0) + 1);
  return cut.map((label, k) => ((seen.get(label) ?? 0) > 1 ? `#${k}` : label));
}

/** The longest prefix of all names ending at a word break (space, '_', '-', ':'), or ''. */
function sharedPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const breakAt = Math.max(prefix.lastIndexOf(' '), prefix.lastIndexOf('_'), prefix.lastIndexOf('-'), prefix.lastIndexOf(':'));
  return breakAt >= 0 ? prefix.slice(0, breakAt + 1) : '';
}
