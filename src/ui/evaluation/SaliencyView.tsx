import { useEffect, useMemo, useRef } from 'react';
import type { Explanation } from '../../core/analysis/types';
import './analysis.css';

interface Props {
  /** The explained test example, HWC floats in [0, 1] (1 or 3 channels). */
  image: Float32Array | null;
  shape: number[];
  explanation: Explanation | null;
  classNames: string[];
  loading: boolean;
  error?: string | null;
}

/** Displayed size of each map, CSS pixels; the canvases hold the maps at their own resolution. */
const SIZE = 144;

/**
 * Viridis (matplotlib), sampled at nine evenly spaced stops and interpolated linearly: perceptually uniform,
 * readable with the common colour-vision deficiencies and in greyscale (its lightness rises monotonically).
 */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 73, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [253, 231, 37],
];

function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

const VIRIDIS_CSS = `linear-gradient(to right, ${VIRIDIS.map(([r, g, b], i) => `rgb(${r} ${g} ${b}) ${(100 * i) / (VIRIDIS.length - 1)}%`).join(', ')})`;

/** The input as RGBA. */
function imageRgba(pixels: Float32Array, h: number, w: number, c: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    for (let ch = 0; ch < 3; ch++) out[i * 4 + ch] = 255 * pixels[i * c + (c === 3 ? ch : 0)];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A [0, 1] map through viridis. */
function mapRgba(values: number[]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => {
    out.set(viridis(v), i * 4);
    out[i * 4 + 3] = 255;
  });
  return out;
}

/**
 * Grad-CAM over the input: the input turned to grey (so its own colours cannot be mistaken for the map's),
 * then viridis blended at a fixed opacity, so a dark region still reads as "low" rather than "hidden".
 */
function overlayRgba(pixels: Float32Array, h: number, w: number, c: number, cam: number[]): Uint8ClampedArray {
  const alpha = 0.55;
  const out = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    const grey = c === 3 ? 0.2126 * pixels[i * 3] + 0.7152 * pixels[i * 3 + 1] + 0.0722 * pixels[i * 3 + 2] : pixels[i * c];
    const colour = viridis(cam[i]);
    for (let ch = 0; ch < 3; ch++) out[i * 4 + ch] = (1 - alpha) * 255 * grey + alpha * colour[ch];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Puts an RGBA buffer on a canvas at its own resolution; CSS scales it up. */
function RgbaCanvas({
  rgba,
  width,
  height,
  label,
  testId,
  smooth,
}: {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  label: string;
  testId: string;
  smooth?: boolean;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = width;
    canvas.height = height;
    const img = ctx.createImageData(width, height);
    img.data.set(rgba);
    ctx.putImageData(img, 0, 0);
  }, [rgba, width, height]);
  const scale = SIZE / Math.max(width, height);
  return (
    <canvas
      ref={ref}
      className={smooth ? 'saliency-canvas smooth' : 'saliency-canvas'}
      style={{ width: width * scale, height: height * scale }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}

/** Where a map peaks, in words ("upper left", "centre", …), for screen readers. */
function hotspot(values: number[], h: number, w: number): string {
  let best = 0;
  values.forEach((v, i) => v > values[best] && (best = i));
  if (!(values[best] > 0)) return 'nowhere (the map is all zeros)';
  if (values.every((v) => v === values[best])) return 'whole image, evenly';
  const row = Math.floor(best / w) / Math.max(1, h - 1);
  const col = (best % w) / Math.max(1, w - 1);
  const v = row < 1 / 3 ? 'upper' : row > 2 / 3 ? 'lower' : '';
  const hz = col < 1 / 3 ? 'left' : col > 2 / 3 ? 'right' : '';
  return v || hz ? [v, hz].filter(Boolean).join(' ') : 'centre';
}

/**
 * Why the model predicted what it did for one test image: the input, vanilla saliency (which pixels the
 * class score is most sensitive to) and Grad-CAM (which regions the last conv layer's evidence comes from),
 * on one viridis scale from 0 (dark purple) to 1 (yellow).
 */
export function SaliencyView({ image, shape, explanation, classNames, loading, error }: Props) {
  const isImage = shape.length === 3;
  const [h, w, c] = isImage ? shape : [1, shape[0] ?? 0, 1];
  const ready = explanation !== null && image !== null && !loading;
  const buffers = useMemo(() => {
    if (!ready || !isImage) return null;
    return {
      input: imageRgba(image, h, w, c),
      saliency: mapRgba(explanation.saliency),
      gradCam: explanation.gradCam ? overlayRgba(image, h, w, c, explanation.gradCam) : null,
    };
  }, [ready, isImage, image, explanation, h, w, c]);

  const name = (k: number) => classNames[k] ?? `class ${k}`;
  return (
    <section
      className="saliency"
      data-testid="saliency-view"
      data-test-index={explanation?.testIndex ?? ''}
      aria-busy={loading}
      aria-label="Explanation of one test prediction"
    >
      <h3>Why this prediction?</h3>
      {/* One live region that persists, so the finished explanation (or its error) is announced too. */}
      <p className="sr-only" aria-live="polite">
        {error
          ? `Explanation failed: ${error}`
          : loading
            ? 'Computing the explanation…'
            : ready
              ? `Explained test example ${explanation.testIndex}: predicted ${name(explanation.predicted)}.`
              : ''}
      </p>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : loading ? (
        <p className="muted">Computing the explanation…</p>
      ) : !ready ? (
        <p className="muted">Pick a test example to see which parts of the input drove its prediction.</p>
      ) : (
        <>
          <p className="callout" data-testid="saliency-prediction" data-predicted={explanation.predicted}>
            Test example {explanation.testIndex}: predicted <strong>{name(explanation.predicted)}</strong> with confidence{' '}
            {(100 * explanation.probabilities[explanation.predicted]).toFixed(1)}%
            {explanation.classIndex !== explanation.predicted && (
              <>
                ; explaining <strong>{name(explanation.classIndex)}</strong> (
                {(100 * explanation.probabilities[explanation.classIndex]).toFixed(1)}%)
              </>
            )}
          </p>
          {buffers ? (
            <div className="saliency-maps">
              <figure>
                <RgbaCanvas
                  rgba={buffers.input}
                  width={w}
                  height={h}
                  label={`Test example ${explanation.testIndex}`}
                  testId="saliency-input"
                />
                <figcaption>Input</figcaption>
              </figure>
              <figure>
                <RgbaCanvas
                  rgba={buffers.saliency}
                  width={w}
                  height={h}
                  label={`Saliency map: the ${name(explanation.classIndex)} score is most sensitive to pixels in the ${hotspot(explanation.saliency, h, w)}`}
                  testId="saliency-map"
                />
                <figcaption>Saliency |∂score/∂pixel|</figcaption>
              </figure>
              <figure>
                {buffers.gradCam && explanation.gradCam ? (
                  <RgbaCanvas
                    rgba={buffers.gradCam}
                    width={w}
                    height={h}
                    smooth
                    label={`Grad-CAM over the input: evidence for ${name(explanation.classIndex)} is strongest in the ${hotspot(explanation.gradCam, h, w)}`}
                    testId="gradcam-map"
                  />
                ) : (
                  <div className="saliency-none" style={{ width: SIZE, height: SIZE }}>
                    No conv layer: Grad-CAM needs a CNN.
                  </div>
                )}
                <figcaption>Grad-CAM (last conv layer)</figcaption>
              </figure>
            </div>
          ) : (
            <table className="saliency-features">
              <caption>Saliency per input feature (0–1)</caption>
              <tbody>
                {explanation.saliency.map((v, i) => (
                  <tr key={i}>
                    <th scope="row">{shape.length === 1 && shape[0] === 2 ? (i === 0 ? 'x' : 'y') : `feature ${i}`}</th>
                    <td>{v.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {buffers && (
            <div className="colour-bar" aria-hidden="true">
              <span>0 (low)</span>
              <span className="colour-bar-ramp" style={{ background: VIRIDIS_CSS }} />
              <span>1 (high)</span>
            </div>
          )}
          <p className="muted saliency-note">
            Each map is scaled to its own maximum. Saliency uses the class's pre-softmax score; noisy, scattered saliency is common and does
            not by itself mean the model is wrong.
          </p>
        </>
      )}
    </section>
  );
}
