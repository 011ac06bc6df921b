import { useEffect, useMemo, useRef, useState } from 'react';
import type { NetworkSnapshot } from '../../core/network/types';
import { useLab } from '../../store/lab';
import { useNetworkView, type NetworkViewState } from '../../store/network';
import { columnTitle, describeHeatmap, describeStat, inactiveNote } from './describe';
import { HEADER, layoutNetwork, shapeKey, shapeOf, type Geometry, type NetworkShape } from './geometry';
import { heatScale, paintBoundary, paintHeatmap, paintInput, paintLinks, paintStat } from './paint';
import './network.css';

type Selected = { layer: number; unit: number };

/** The canvases and notes each snapshot repaints, found by key ("layer:unit", layer 0 = first hidden). */
interface Targets {
  root: HTMLDivElement | null;
  links: HTMLCanvasElement | null;
  units: Map<string, HTMLCanvasElement>;
  notes: Map<number, HTMLElement>;
  large: HTMLCanvasElement | null;
  largeCaption: HTMLElement | null;
  boundary: HTMLCanvasElement | null;
}

const currentOf = (s: NetworkViewState, runId: string | null) => (s.latest && s.latest.runId === runId ? s.latest : null);

/**
 * The network as it trains, like TensorFlow Playground's: layers as columns of units, weights as lines. On
 * 2-D data each unit is a heatmap of its value over the input plane; otherwise a bar of its mean over test
 * examples with the share on which it is dead or saturated. React lays the view out only when the model's
 * shape changes; each snapshot is painted straight onto the canvases.
 */
export function NetworkView() {
  const runId = useLab((s) => s.run.id);
  const key = useNetworkView((s) => shapeKey(currentOf(s, runId)?.snapshot ?? null));
  const shape = useMemo(() => {
    const latest = currentOf(useNetworkView.getState(), runId);
    return latest ? shapeOf(latest.snapshot) : null;
    // The key says when the shape changed; the snapshot itself is read fresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, runId]);
  const [selected, setSelected] = useState<Selected | null>(null);
  const targets = useRef<Targets>({
    root: null,
    links: null,
    units: new Map(),
    notes: new Map(),
    large: null,
    largeCaption: null,
    boundary: null,
  });
  const geometry = useMemo(() => (shape ? layoutNetwork(shape) : null), [shape]);

  useEffect(() => {
    if (!shape || !geometry) return;
    const paint = (s: NetworkViewState) => {
      const latest = currentOf(s, runId);
      if (latest) paintSnapshot(latest.snapshot, latest.epoch, shape, geometry, targets.current, selected);
    };
    paint(useNetworkView.getState());
    return useNetworkView.subscribe(paint);
  }, [shape, geometry, runId, selected]);

  if (!shape || !geometry) {
    return (
      <p className="muted network-empty" data-testid="network-view" data-epoch="">
        The network appears once training starts (MLPs only).
      </p>
    );
  }
  const setUnit = (el: HTMLCanvasElement | null, k: string) => {
    if (el) targets.current.units.set(k, el);
    else targets.current.units.delete(k);
  };
  return (
    <div className="network" data-testid="network-view" data-epoch="" ref={(el) => void (targets.current.root = el)}>
      <div className="network-scroll">
        <div className="network-area" style={{ width: geometry.width, height: geometry.height }}>
          <canvas
            className="network-links"
            style={{ width: geometry.width, height: geometry.height }}
            aria-hidden="true"
            ref={(el) => void (targets.current.links = el)}
          />
          <InputColumn shape={shape} geometry={geometry} />
          {shape.layers.map((layer, li) => (
            <div key={li}>
              <span className="network-title" style={{ left: geometry.columns[li + 1].x, top: 0 }}>
                {columnTitle(layer, li)}
              </span>
              {geometry.columns[li + 1].units.map((box, u) => (
                <canvas
                  key={u}
                  ref={(el) => setUnit(el, `${li}:${u}`)}
                  className={shape.resolution ? 'network-unit heat' : 'network-unit stat'}
                  data-testid={shape.resolution ? 'unit-heatmap' : 'unit-stat'}
                  data-layer={li + 1}
                  data-unit={u}
                  width={shape.resolution || 44}
                  height={shape.resolution || 18}
                  style={{ left: box.x, top: box.y, width: geometry.unitWidth, height: geometry.unitHeight }}
                  role="img"
                  tabIndex={0}
                  aria-label={`${columnTitle(layer, li)}, unit ${u + 1}`}
                  aria-current={selected?.layer === li && selected.unit === u ? 'true' : undefined}
                  onMouseEnter={() => setSelected({ layer: li, unit: u })}
                  onFocus={() => setSelected({ layer: li, unit: u })}
                />
              ))}
              <span className="network-note" style={{ left: geometry.columns[li + 1].x, top: geometry.notesTop }}>
                {layer.units > layer.shown ? `+${layer.units - layer.shown} more` : ''}
                <span
                  className="network-inactive"
                  data-testid="layer-inactive"
                  data-layer={li + 1}
                  ref={(el) => void (el ? targets.current.notes.set(li, el) : targets.current.notes.delete(li))}
                />
              </span>
            </div>
          ))}
        </div>
      </div>
      <UnitDetail shape={shape} selected={selected} targets={targets.current} />
      <p className="muted network-legend">
        Lines: weights, blue + / orange −, thicker = larger.{' '}
        {shape.resolution
          ? 'Units: value over the plane (blue +, orange −, white 0), each on its own scale.'
          : 'Units: mean over test examples (bar), share of them dead or saturated (grey strip).'}
      </p>
    </div>
  );
}

function InputColumn({ shape, geometry }: { shape: NetworkShape; geometry: Geometry }) {
  const { count, shown } = shape.inputs;
  const col = geometry.columns[0];
  return (
    <div>
      <span className="network-title" style={{ left: 0, top: 0 }}>
        Input
      </span>
      {shown === 0 ? (
        <span
          className="network-input-box"
          style={{ left: 0, top: HEADER, width: geometry.unitWidth, height: geometry.notesTop - HEADER - 4 }}
        >
          {count} inputs
        </span>
      ) : (
        col.units.map((box, i) =>
          shape.resolution ? (
            <canvas
              key={i}
              className="network-unit heat input"
              width={shape.resolution}
              height={shape.resolution}
              ref={(el) => {
                if (el) paintInput(el, i, shape.resolution);
              }}
              style={{ left: box.x, top: box.y, width: geometry.unitWidth, height: geometry.unitHeight }}
              role="img"
              aria-label={i === 0 ? 'Input x₁ (horizontal axis)' : 'Input x₂ (vertical axis)'}
            />
          ) : (
            <span
              key={i}
              className="network-input-box"
              style={{ left: box.x, top: box.y, width: geometry.unitWidth, height: geometry.unitHeight }}
            >
              x{i + 1}
            </span>
          ),
        )
      )}
    </div>
  );
}

/** The hovered or focused unit, large, beside the output's decision boundary (2-D); else its numbers. */
function UnitDetail({ shape, selected, targets }: { shape: NetworkShape; selected: Selected | null; targets: Targets }) {
  if (!shape.resolution) {
    return (
      <p className="network-detail-text" data-testid="unit-detail" ref={(el) => void (targets.largeCaption = el)}>
        Hover or focus a unit for its numbers.
      </p>
    );
  }
  return (
    <div className="network-detail">
      <figure>
        <canvas
          className="network-large"
          data-testid="unit-large"
          width={shape.resolution}
          height={shape.resolution}
          role="img"
          aria-label="The selected unit, enlarged"
          ref={(el) => void (targets.large = el)}
        />
        <figcaption data-testid="unit-detail" ref={(el) => void (targets.largeCaption = el)}>
          {selected ? '' : 'Hover or focus a unit to see it large.'}
        </figcaption>
      </figure>
      <figure>
        <canvas
          className="network-large"
          data-testid="network-output-boundary"
          width={shape.resolution}
          height={shape.resolution}
          role="img"
          aria-label="The output's decision boundary"
          ref={(el) => void (targets.boundary = el)}
        />
        <figcaption>Output: decision boundary</figcaption>
      </figure>
    </div>
  );
}

/** Paints one snapshot onto the view's canvases and notes. */
function paintSnapshot(
  snapshot: NetworkSnapshot,
  epoch: number,
  shape: NetworkShape,
  g: Geometry,
  t: Targets,
  selected: Selected | null,
): void {
  t.root?.setAttribute('data-epoch', String(epoch));
  if (t.links) paintLinks(t.links, g, snapshot);
  const cells = shape.resolution ** 2;
  snapshot.layers.forEach((layer, li) => {
    const title = columnTitle(layer, li);
    let meanScale = 0;
    for (const m of layer.mean) meanScale = Math.max(meanScale, Math.abs(m));
    for (let u = 0; u < layer.shown; u++) {
      const canvas = t.units.get(`${li}:${u}`);
      if (!canvas) continue;
      if (layer.heatmaps) {
        const values = layer.heatmaps.subarray(u * cells, (u + 1) * cells);
        paintHeatmap(canvas, values, shape.resolution, heatScale(layer, values));
        canvas.setAttribute('aria-label', describeHeatmap(title, u, layer, values));
      } else {
        paintStat(canvas, layer.mean[u], meanScale, layer.inactiveShare?.[u] ?? null);
        canvas.setAttribute('aria-label', `${title}, unit ${u + 1}: ${describeStat(layer, u)}`);
      }
    }
    const note = t.notes.get(li);
    if (note) {
      note.textContent = inactiveNote(layer);
      note.setAttribute('data-count', layer.inactiveUnits === null ? '' : String(layer.inactiveUnits));
    }
  });
  paintDetail(snapshot, shape, t, selected);
}

function paintDetail(snapshot: NetworkSnapshot, shape: NetworkShape, t: Targets, selected: Selected | null): void {
  const output = snapshot.layers[snapshot.layers.length - 1];
  if (t.boundary && output.activation === 'softmax') paintBoundary(t.boundary, output, shape.resolution);
  const layer = selected ? snapshot.layers[selected.layer] : null;
  if (!selected || !layer || selected.unit >= layer.shown) return;
  const title = columnTitle(layer, selected.layer);
  if (layer.heatmaps && t.large) {
    const cells = shape.resolution ** 2;
    const values = layer.heatmaps.subarray(selected.unit * cells, (selected.unit + 1) * cells);
    paintHeatmap(t.large, values, shape.resolution, heatScale(layer, values));
    if (t.largeCaption) t.largeCaption.textContent = describeHeatmap(title, selected.unit, layer, values);
  } else if (t.largeCaption) {
    t.largeCaption.textContent = `${title}, unit ${selected.unit + 1} (${layer.activation}): ${describeStat(layer, selected.unit)}.`;
  }
}
