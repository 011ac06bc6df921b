import { useCallback, useEffect, useRef, type PointerEvent } from 'react';
import { inkFromRgba, preprocessDrawing, type DrawTarget } from '../../core/inside/drawing';
import { classifyOwnInput } from '../../store/inside';

/** The pad's own resolution; CSS may show it smaller on a phone. */
const SIDE = 280;
/** Strokes as thick, relative to the glyph, as the pen strokes in the datasets. */
const STROKE = 20;
/** While drawing, the prediction follows at most this often (each costs a preprocessing and a prediction). */
const LIVE_MS = 120;

/**
 * A canvas to draw on with mouse, touch or pen (pointer events, captured so a stroke that leaves the pad
 * still ends): light ink on black, as both datasets store their images. The drawing is preprocessed and
 * classified as it grows, and once more when the stroke ends.
 */
export function DrawPad({ target, hint }: { target: DrawTarget; hint: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ id: number; x: number; y: number } | null>(null);
  const timer = useRef<number | null>(null);

  const context = () => ref.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  const clear = useCallback(() => {
    const ctx = context();
    if (ctx) {
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, SIDE, SIDE);
    }
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    void classifyOwnInput(null);
  }, []);

  useEffect(() => {
    clear();
    return () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [clear]);

  const classify = () => {
    timer.current = null;
    const ctx = context();
    if (!ctx) return;
    const input = preprocessDrawing(inkFromRgba(ctx.getImageData(0, 0, SIDE, SIDE).data, SIDE, SIDE), target);
    void classifyOwnInput(input ? Array.from(input) : null);
  };
  const soon = () => {
    timer.current ??= window.setTimeout(classify, LIVE_MS);
  };

  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { id: e.pointerId, x: ((e.clientX - box.left) * SIDE) / box.width, y: ((e.clientY - box.top) * SIDE) / box.height };
  };
  const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const ctx = context();
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = STROKE;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  return (
    <div className="draw-pad-wrap">
      <canvas
        ref={ref}
        width={SIDE}
        height={SIDE}
        className="draw-pad"
        data-testid="draw-pad"
        tabIndex={0}
        role="img"
        aria-label="Drawing pad: draw with a mouse, finger or pen; the prediction updates as you draw; Delete clears it"
        onPointerDown={(e) => {
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          const p = at(e);
          last.current = p;
          stroke(p, p);
          soon();
        }}
        onPointerMove={(e) => {
          const from = last.current;
          if (!from || from.id !== e.pointerId) return;
          const p = at(e);
          stroke(from, p);
          last.current = p;
          soon();
        }}
        onPointerUp={(e) => {
          if (last.current?.id !== e.pointerId) return;
          last.current = null;
          if (timer.current !== null) window.clearTimeout(timer.current);
          classify();
        }}
        onPointerCancel={() => {
          last.current = null;
        }}
        onKeyDown={(e) => {
          if (e.key === 'Delete' || e.key === 'Backspace' || e.key === 'Escape') {
            e.preventDefault();
            clear();
          }
        }}
      />
      <p className="muted draw-hint">{hint}</p>
      <button type="button" onClick={clear} data-testid="draw-clear">
        Clear
      </button>
    </div>
  );
}
