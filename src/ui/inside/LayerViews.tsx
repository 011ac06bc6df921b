import type { DenseLayer, FeatureLayer, FilterGrid } from '../../core/inside/types';
import { greyRgba, imageRgba } from './pixels';
import { PixelCanvas } from './PixelCanvas';

/** Displayed side of one feature map, CSS pixels. */
const MAP_SIZE = 52;

/**
 * Each conv and pool stage's maps for the example, one grid per layer. Each map is scaled from zero (or its
 * own minimum, if lower) to its own maximum, as ConvNetJS draws them: after ReLU most maps are weak next to
 * the strongest one, and a shared scale would show them all black. A map that never fires stays black.
 */
export function FeatureMaps({ layers }: { layers: FeatureLayer[] }) {
  if (!layers.length) return <p className="muted">This model has no convolution layers: it sees the image as one flat row of pixels.</p>;
  return (
    <div className="inside-layers">
      {layers.map((layer, i) => (
        <section
          key={layer.name}
          className="inside-layer"
          data-testid="feature-maps"
          data-layer={layer.name}
          aria-label={`${layerTitle(layer, i)} feature maps`}
        >
          <h4>
            {layerTitle(layer, i)}{' '}
            <span className="muted">{`${layer.height}×${layer.width}, ${layer.channels} map${layer.channels === 1 ? '' : 's'}${layer.maps.length < layer.channels ? ` (first ${layer.maps.length})` : ''}`}</span>
          </h4>
          <div className="map-grid">
            {layer.maps.map((map, c) => (
              <PixelCanvas
                key={c}
                rgba={mapRgba(map)}
                width={layer.width}
                height={layer.height}
                size={MAP_SIZE}
                label={`${layerTitle(layer, i)}, map ${c + 1}`}
              />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

/** Stages by place and kind (the model's own layer names, such as conv2d_Conv2D2, stay in data-layer). */
function mapRgba(map: number[]): Uint8ClampedArray {
  let min = 0;
  let max = 0;
  for (const v of map) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return greyRgba(map, min, max);
}

function layerTitle(layer: FeatureLayer, i: number): string {
  return `${i + 1}. ${layer.kind === 'conv' ? 'Convolution' : 'Max pooling'}`;
}

/** The first conv layer's kernels, each scaled on its own: what pattern each filter looks for. */
export function FilterGridView({ grid }: { grid: FilterGrid | null }) {
  if (!grid) return null;
  return (
    <section className="inside-filters" aria-label="First-layer filters">
      <h3>First-layer filters</h3>
      <p className="muted">
        {grid.filters.length} kernels of {grid.height}×{grid.width}, each scaled on its own: bright weights add, dark ones subtract.
      </p>
      <div className="map-grid" data-testid="filter-grid">
        {grid.filters.map((f, i) => (
          <PixelCanvas
            key={i}
            rgba={imageRgba(f, grid.channels)}
            width={grid.width}
            height={grid.height}
            size={40}
            label={`Filter ${i + 1}`}
          />
        ))}
      </div>
    </section>
  );
}

/** Hidden dense layers' activations as a strip of bars (height ∝ activation over the layer's range). */
export function DenseActivations({ layers }: { layers: DenseLayer[] }) {
  if (!layers.length) return null;
  return (
    <section aria-label="Dense layer activations">
      <h3>Dense layers</h3>
      {layers.map((layer, i) => {
        const max = Math.max(1e-9, ...layer.values.map(Math.abs));
        const active = layer.values.filter((v) => v > 0).length;
        return (
          <div key={layer.name} className="dense-layer" data-testid="dense-activations" data-layer={layer.name}>
            <h4>
              Dense layer {i + 1}{' '}
              <span className="muted">{`${active} of ${layer.values.length} units active${layer.values.length < layer.units ? ` (first ${layer.values.length} of ${layer.units})` : ''}`}</span>
            </h4>
            <div className="dense-strip" role="img" aria-label={`Dense layer ${i + 1}: ${active} of ${layer.values.length} units active`}>
              {layer.values.map((v, u) => (
                <span
                  key={u}
                  className={v < 0 ? 'dense-unit dense-neg' : 'dense-unit'}
                  style={{ height: `${Math.max(2, (100 * Math.abs(v)) / max)}%` }}
                />
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}
