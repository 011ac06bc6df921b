import { useEffect, useState, type DragEvent } from 'react';
import { inkFromGrey, preprocessDrawing, type DrawTarget } from '../../core/inside/drawing';
import { classifyOwnInput } from '../../store/inside';

/**
 * An image file → the model's input, through the app's own decoder (src/worker/decode-image.ts, which runs
 * on the main thread too). For digits and Fashion-MNIST it is decoded larger in grey, negated if it is dark
 * on light, then cropped, centred and scaled exactly like a drawing; other models take it at their own size.
 */
async function inputFromImage(blob: Blob, name: string, shape: number[], target: DrawTarget | null): Promise<number[]> {
  const { decodeImage } = await import('../../worker/decode-image');
  const [h, w, c] = shape;
  const side = target ? target.size * target.block * 4 : h;
  if (!target && (h !== w || (c !== 1 && c !== 3)))
    throw new Error(`This model takes ${shape.join('×')} inputs, which a dropped image cannot fill.`);
  const item = await decodeImage(blob, name, '', { size: side, channels: target ? 1 : (c as 1 | 3), fit: 'pad' });
  if (!item.pixels) throw new Error(`${name}: ${item.error ?? 'could not be read'}.`);
  if (!target) return Array.from(item.pixels);
  const input = preprocessDrawing(inkFromGrey(item.pixels, side, side), target);
  if (!input) throw new Error(`${name} looks blank: nothing stands out from its background.`);
  return Array.from(input);
}

/** Drop, paste (anywhere on the view) or choose an image to classify it. */
export function ImageDrop({ shape, target }: { shape: number[]; target: DrawTarget | null }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const take = (file: File | null | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      setProblem(`${file.name || 'That file'} is not an image.`);
      return;
    }
    setProblem(null);
    inputFromImage(file, file.name || 'pasted image', shape, target)
      .then((input) => classifyOwnInput(input))
      .catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
  };

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = Array.from(e.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
      if (!file) return;
      e.preventDefault();
      take(file);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files[0]);
  };
  return (
    <div
      className={over ? 'image-drop image-drop-over' : 'image-drop'}
      data-testid="image-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label>
        Drop or paste an image here, or choose one: <input type="file" accept="image/*" onChange={(e) => take(e.target.files?.[0])} />
      </label>
      {problem && (
        <p className="inside-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
