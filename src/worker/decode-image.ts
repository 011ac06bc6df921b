import { IMAGE_BACKGROUND, fitPlan, isImportError, resizeBilinear, type ImageFit, type ImageItem } from '../core/import';

/**
 * Decoding one image file in the import worker, with the browser's own decoders (JPEG, PNG of any bit depth
 * or colour type, GIF's first frame, BMP, WebP): the one place that turns a file into the model's
 * size×size pixels, and so the one place that says what size those pixels are.
 */

export interface DecodeOptions {
  size: number;
  channels: 1 | 3;
  fit: ImageFit;
}

const UNREADABLE = 'not a readable image (damaged, or a format this browser cannot decode)';

/** One canvas per drawing size, reused: a folder of 20,000 images would otherwise make 20,000 canvases. */
const canvases = new Map<number, OffscreenCanvasRenderingContext2D>();

function squareCanvas(side: number): OffscreenCanvasRenderingContext2D {
  let ctx = canvases.get(side);
  if (!ctx) {
    const made = new OffscreenCanvas(side, side).getContext('2d', { willReadFrequently: true });
    if (!made) throw new Error('this browser gives no 2-D canvas in a worker');
    ctx = made;
    canvases.set(side, ctx);
  }
  return ctx;
}

/**
 * Decodes `blob`, turned the way its EXIF orientation says, and fits it into `o.size` square (fit.ts):
 * the browser crops and shrinks it to at most 4× the target, the full-size bitmap is closed at once, the
 * small one is drawn over the background (which flattens transparency and fills pad bars), and an exact box
 * average gives the target size. The item's width and height are those of its pixels; `source` is the
 * image's own size as shown (after rotation). A file that cannot be decoded becomes a skipped item.
 */
export async function decodeImage(blob: Blob, file: string, className: string, o: DecodeOptions): Promise<ImageItem> {
  const failed = (error: string): ImageItem => ({ className, pixels: null, width: 0, height: 0, channels: o.channels, file, error });
  let full: ImageBitmap | null = null;
  let fitted: ImageBitmap | null = null;
  try {
    try {
      full = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    } catch {
      return failed(UNREADABLE);
    }
    const source = { width: full.width, height: full.height };
    const plan = fitPlan(full.width, full.height, o.size, o.fit);
    const { source: from, target: to } = plan;
    fitted = await createImageBitmap(full, from.x, from.y, from.w, from.h, {
      resizeWidth: to.w,
      resizeHeight: to.h,
      resizeQuality: 'high',
    });
    // The full-size pixels (48 MB for a 12-megapixel photo) are not needed once the small copy exists.
    full.close();
    full = null;
    const ctx = squareCanvas(plan.side);
    ctx.fillStyle = IMAGE_BACKGROUND.css;
    ctx.fillRect(0, 0, plan.side, plan.side);
    ctx.drawImage(fitted, to.x, to.y);
    const pixels = resizeBilinear(ctx.getImageData(0, 0, plan.side, plan.side).data, plan.side, plan.side, o.size, o.channels);
    return { className, pixels, width: o.size, height: o.size, channels: o.channels, file, source };
  } catch (err: unknown) {
    // The browser's own words (an out-of-memory DOMException) would not tell the user what to do.
    return failed(isImportError(err) ? err.message : 'decoded, but too large for this browser to shrink (save a smaller copy of it)');
  } finally {
    full?.close();
    fitted?.close();
  }
}
