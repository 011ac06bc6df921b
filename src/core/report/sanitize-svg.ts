/**
 * Best-effort clean-up of SVG markup from the app's own charts before it goes into a standalone page: only
 * a single <svg>…</svg> is accepted; scripts, foreignObject, event-handler attributes, external links and
 * external url(…) references are removed. Anything else returns null (the chart is left out).
 */
export function sanitizeSvg(svg: string): string | null {
  const s = svg.trim();
  if (!/^<svg[\s>]/i.test(s) || !/<\/svg>$/i.test(s)) return null;
  let out = s
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script[^>]*\/>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/<(iframe|object|embed|image|use|audio|video)\b[^>]*\/>/gi, '')
    .replace(/<(iframe|object|embed|image|use|audio|video)\b[\s\S]*?<\/\1\s*>/gi, '')
    // Links are unwrapped: their content stays, the link goes.
    .replace(/<\/?a\b[^>]*>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/\s(?:xlink:)?href\s*=\s*("(?!#)[^"]*"|'(?!#)[^']*'|(?!#)[^\s>]+)/gi, '')
    .replace(/url\(\s*(['"]?)(?!#)[^)]*\)/gi, 'none')
    .replace(/@import[^;]*;?/gi, '');
  if (/<script|javascript:/i.test(out)) out = out.replace(/<script/gi, '&lt;script').replace(/javascript:/gi, '');
  return out;
}
