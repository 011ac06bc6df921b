import { useEffect, useRef } from 'react';

/** An RGBA buffer at its own resolution, scaled up by CSS without smoothing. */
export function PixelCanvas({
  rgba,
  width,
  height,
  size,
  label,
}: {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  size: number;
  label: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || rgba.length !== width * height * 4) return;
    canvas.width = width;
    canvas.height = height;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  }, [rgba, width, height]);
  const scale = size / Math.max(width, height);
  return (
    <canvas
      ref={ref}
      className="pixel-canvas"
      style={{ width: width * scale, height: height * scale }}
      role="img"
      aria-label={label}
      title={label}
    />
  );
}
