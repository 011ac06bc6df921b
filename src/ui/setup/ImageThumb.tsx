import { useEffect, useRef } from 'react';

/** Draws one image (HWC floats in [0, 1], 1 or 3 channels) onto a canvas, scaled up without smoothing. */
export function ImageThumb({ pixels, shape, size = 40, label }: { pixels: Float32Array; shape: number[]; size?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const [h, w, c] = shape;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < h * w; i++) {
      for (let ch = 0; ch < 3; ch++) img.data[i * 4 + ch] = Math.round(255 * pixels[i * c + (c === 3 ? ch : 0)]);
      img.data[i * 4 + 3] = 255;
    }
    canvas.width = w;
    canvas.height = h;
    ctx.putImageData(img, 0, 0);
  }, [pixels, shape]);
  return <canvas ref={ref} className="thumb" style={{ width: size, height: size }} role="img" aria-label={label} />;
}
