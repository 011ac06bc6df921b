import { saveFile } from '../common/download';

/**
 * A chart on the page as a PNG file: the chart's SVG is copied with its CSS variables resolved (recharts draws
 * with `var(--fg)` and friends, which a standalone image cannot see), given a background, the figure's caption
 * and its legend (recharts draws legends in HTML, outside the SVG), drawn on a canvas at twice the size, and saved.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const VAR = /var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)/g;

interface LegendEntry {
  text: string;
  colour: string;
  dash: string | null;
}

function resolveVars(root: Element, lookup: (name: string) => string): void {
  const visit = (el: Element) => {
    for (const attr of [...el.attributes]) {
      if (attr.value.includes('var('))
        el.setAttribute(
          attr.name,
          attr.value.replace(VAR, (_m, name: string, fallback?: string) => lookup(name) || fallback || 'currentColor'),
        );
    }
    for (const child of el.children) visit(child);
  };
  visit(root);
}

/** Legend entries: recharts' HTML legend items, or any element marked data-png-legend (custom legends). */
function legendOf(figure: Element, lookup: (name: string) => string): LegendEntry[] {
  const fix = (c: string | null | undefined) => (c ?? '').replace(VAR, (_m, name: string) => lookup(name)) || lookup('--fg');
  const curves = [...figure.querySelectorAll('path.recharts-curve')];
  const recharts = [...figure.querySelectorAll('.recharts-legend-item')].map((li) => {
    const shape = li.querySelector('path, line, rect');
    const stroke = shape?.getAttribute('stroke');
    const colour = stroke && stroke !== 'none' ? stroke : shape?.getAttribute('fill');
    // Legend icons are drawn solid: take the dash of the line drawn in the same colour.
    const line = curves.find((c) => c.getAttribute('stroke') === colour);
    return {
      text: li.querySelector('.recharts-legend-item-text')?.textContent ?? li.textContent ?? '',
      colour: fix(colour),
      dash: shape?.getAttribute('stroke-dasharray') ?? line?.getAttribute('stroke-dasharray') ?? null,
    };
  });
  const custom = [...figure.querySelectorAll<HTMLElement>('[data-png-legend]')].map((el) => ({
    text: el.textContent ?? '',
    colour: fix(el.dataset.colour),
    dash: el.dataset.dash || null,
  }));
  return [...recharts, ...custom].filter((e) => e.text.trim());
}

/** Standalone SVG markup for a figure's chart; null when the figure has no drawn chart. */
export function figureSvg(figure: Element): { svg: string; width: number; height: number } | null {
  // The chart's own surface, not the little SVG icons of recharts' legend.
  const chart = [...figure.querySelectorAll<SVGSVGElement>('svg.recharts-surface')].find((el) => !el.closest('.recharts-legend-wrapper'));
  if (!chart) return null;
  const css = getComputedStyle(document.documentElement);
  const lookup = (name: string) => css.getPropertyValue(name).trim();
  const box = chart.getBoundingClientRect();
  const w = Math.round(box.width || Number(chart.getAttribute('width')) || 400);
  const h = Math.round(box.height || Number(chart.getAttribute('height')) || 240);
  const title = (figure.querySelector('[data-png-title]') ?? figure.querySelector('figcaption'))?.textContent?.trim() ?? '';
  const legend = legendOf(figure, lookup);
  const top = title ? 28 : 6;
  const rowH = 20;
  const perRow = Math.max(1, Math.floor(w / 200));
  const legendH = legend.length ? Math.ceil(legend.length / perRow) * rowH + 6 : 0;
  const H = top + h + legendH;

  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(w));
  root.setAttribute('height', String(H));
  root.setAttribute('viewBox', `0 0 ${w} ${H}`);
  root.setAttribute('font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif');
  root.setAttribute('font-size', '12');
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', lookup('--bg') || '#ffffff');
  root.append(bg);
  const fg = lookup('--fg') || '#000000';
  if (title) {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', '8');
    t.setAttribute('y', '19');
    t.setAttribute('font-weight', '600');
    t.setAttribute('font-size', '14');
    t.setAttribute('fill', fg);
    t.textContent = title;
    root.append(t);
  }
  const copy = chart.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('x', '0');
  copy.setAttribute('y', String(top));
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  copy.removeAttribute('style');
  resolveVars(copy, lookup);
  root.append(copy);
  legend.forEach((e, i) => {
    const x = 8 + (i % perRow) * (w / perRow);
    const y = top + h + 6 + Math.floor(i / perRow) * rowH + 10;
    const line = document.createElementNS(SVG_NS, 'line');
    line.setAttribute('x1', String(x));
    line.setAttribute('x2', String(x + 26));
    line.setAttribute('y1', String(y));
    line.setAttribute('y2', String(y));
    line.setAttribute('stroke', e.colour);
    line.setAttribute('stroke-width', '3');
    if (e.dash) line.setAttribute('stroke-dasharray', e.dash);
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(x + 32));
    text.setAttribute('y', String(y + 4));
    text.setAttribute('fill', fg);
    text.textContent = e.text;
    root.append(line, text);
  });
  return { svg: new XMLSerializer().serializeToString(root), width: w, height: H };
}

/** Renders SVG markup to PNG bytes at `scale`× its size. */
export function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('No 2-D canvas'));
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, width, height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made'))), 'image/png');
    };
    img.onerror = () => reject(new Error('The chart could not be drawn'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/** Saves the chart in `figure` as `<name>.png`. */
export async function saveFigurePng(figure: Element, name: string): Promise<void> {
  const out = figureSvg(figure);
  if (!out) throw new Error('Nothing is drawn yet.');
  const png = await svgToPng(out.svg, out.width, out.height);
  saveFile(`${name}.png`, png, 'image/png');
}
