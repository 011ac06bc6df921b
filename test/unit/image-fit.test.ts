import { describe, expect, it } from 'vitest';
import {
  ImportError,
  MAX_SAMPLES,
  assembleImageDataset,
  describeSkipped,
  describeSourceSizes,
  fitPlan,
  fitRects,
  groupSourceSizes,
  isImageSamples,
  pickSamples,
  resizeBilinear,
  type ImageItem,
} from '../../src/core/import';

// How an image of any size becomes the model's square (fit.ts), and what the import says about sizes and
// skipped files (image-summary.ts).

describe('fitRects', () => {
  it('centre crop reads the centred square of the short side, into the whole square', () => {
    expect(fitRects(4000, 3000, 32, 'crop')).toEqual({ source: { x: 500, y: 0, w: 3000, h: 3000 }, target: { x: 0, y: 0, w: 32, h: 32 } });
    expect(fitRects(17, 33, 32, 'crop')).toEqual({ source: { x: 0, y: 8, w: 17, h: 17 }, target: { x: 0, y: 0, w: 32, h: 32 } });
    // An odd leftover (3 columns) leaves the extra column on the right.
    expect(fitRects(50, 47, 28, 'crop').source).toEqual({ x: 1, y: 0, w: 47, h: 47 });
  });

  it('pad reads the whole image into a centred rectangle of its aspect', () => {
    expect(fitRects(4000, 3000, 32, 'pad')).toEqual({ source: { x: 0, y: 0, w: 4000, h: 3000 }, target: { x: 0, y: 4, w: 32, h: 24 } });
    expect(fitRects(120, 180, 32, 'pad').target).toEqual({ x: 5, y: 0, w: 21, h: 32 });
    // A 1-px-high strip still gets one row.
    expect(fitRects(1000, 1, 28, 'pad').target).toEqual({ x: 0, y: 13, w: 28, h: 1 });
    expect(fitRects(64, 64, 64, 'pad').target).toEqual({ x: 0, y: 0, w: 64, h: 64 });
  });

  it('stretch reads the whole image into the whole square', () => {
    expect(fitRects(17, 33, 28, 'stretch')).toEqual({ source: { x: 0, y: 0, w: 17, h: 33 }, target: { x: 0, y: 0, w: 28, h: 28 } });
  });

  it('refuses sizes that are not positive whole numbers with an ImportError', () => {
    for (const [w, h] of [
      [0, 10],
      [10, -1],
      [1.5, 2],
      [NaN, 3],
    ])
      expect(() => fitRects(w, h, 32, 'crop')).toThrow(ImportError);
  });
});

describe('fitPlan', () => {
  it('draws big photos at 4× the target and small images at the target size', () => {
    expect(fitPlan(4000, 3000, 32, 'crop').side).toBe(128);
    expect(fitPlan(17, 33, 32, 'crop').side).toBe(32);
    // 100 px of crop over 32: 3 source pixels per drawn pixel, not 4.
    expect(fitPlan(100, 150, 32, 'crop').side).toBe(96);
    // Pad: the long side decides (640/32 = 20, capped at 4); stretch: the short side (40/28 < 2).
    expect(fitPlan(640, 64, 32, 'pad').side).toBe(128);
    expect(fitPlan(50, 40, 28, 'stretch').side).toBe(28);
  });

  it('gives rectangles inside the source and the square', () => {
    for (const [w, h] of [
      [1, 1],
      [17, 33],
      [50, 40],
      [640, 480],
      [4000, 3000],
      [3000, 2000],
      [7, 5000],
    ]) {
      for (const fit of ['crop', 'pad', 'stretch'] as const) {
        const { side, source: s, target: t } = fitPlan(w, h, 28, fit);
        expect(s.x >= 0 && s.y >= 0 && s.x + s.w <= w && s.y + s.h <= h, `${w}×${h} ${fit} source`).toBe(true);
        expect(t.x >= 0 && t.y >= 0 && t.x + t.w <= side && t.y + t.h <= side && t.w >= 1 && t.h >= 1, `${w}×${h} ${fit} target`).toBe(
          true,
        );
        expect(side % 28).toBe(0);
      }
    }
  });
});

describe('decoded pixels after a fit', () => {
  it('a padded square, box-averaged to the target, keeps white bars and the image between them', () => {
    // What decodeImage does after the browser's draw: a 8×8 RGBA square, white with a black 4-wide column
    // in the middle (a 1:2 portrait padded), shrunk by 2 to 4×4.
    const side = 8;
    const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
    for (let y = 0; y < side; y++) for (let x = 2; x < 6; x++) rgba.set([0, 0, 0, 255], (y * side + x) * 4);
    const px = resizeBilinear(rgba, side, side, 4, 1);
    expect(Array.from(px.subarray(0, 4))).toEqual([1, 0, 0, 1]);
    // 4×4 grey pixels, as the item decodeImage returns: its size is the pixels' size, so it is kept as is.
    const item: ImageItem = {
      className: 'a',
      pixels: px,
      width: 4,
      height: 4,
      channels: 1,
      file: 'a/x.png',
      source: { width: 60, height: 120 },
    };
    const other: ImageItem = { ...item, className: 'b', file: 'b/y.png' };
    const r = assembleImageDataset([item, other], 28, 1);
    expect(r.skipped).toEqual([]);
    expect(r.kept).toEqual([0, 1]);
  });
});

describe('groupSourceSizes and describeSourceSizes', () => {
  const at = (width: number, height: number, n = 1) => Array.from({ length: n }, () => ({ width, height }));

  it('lists few sizes exactly, smallest first', () => {
    const sizes = [...at(640, 480, 3), ...at(17, 33), ...at(4000, 3000, 2)];
    expect(groupSourceSizes(sizes)).toEqual([
      { label: '17×33', count: 1, examples: ['17×33'] },
      { label: '640×480', count: 3, examples: ['640×480'] },
      { label: '4000×3000', count: 2, examples: ['4000×3000'] },
    ]);
    expect(describeSourceSizes(sizes, 32, 'crop')).toBe(
      '6 images came in at 3 sizes: 1 at 17×33; 3 at 640×480; 2 at 4000×3000. All were made 32×32 by centre crop (6 are not square).',
    );
  });

  it('groups many sizes in bands of the longer side, with the most common sizes as examples', () => {
    const sizes = [
      ...at(17, 33),
      ...at(20, 20),
      ...at(50, 40, 4),
      ...at(64, 64),
      ...at(640, 480, 5),
      ...at(480, 640, 2),
      ...at(1200, 900),
      ...at(4000, 3000, 3),
      ...at(3000, 2000, 9),
    ];
    expect(groupSourceSizes(sizes)).toEqual([
      { label: 'tiny (under 32 px)', count: 1, examples: ['20×20'] },
      // 17×33 is small: its longer side is 33 px.
      { label: 'small (32–255 px)', count: 6, examples: ['50×40', '17×33', '64×64'] },
      { label: 'medium (256–1,023 px)', count: 7, examples: ['640×480', '480×640'] },
      { label: 'large (1,024–2,999 px)', count: 1, examples: ['1200×900'] },
      { label: 'camera-sized (3,000 px or more)', count: 12, examples: ['3000×2000', '4000×3000'] },
    ]);
    const text = describeSourceSizes(sizes, 28, 'pad');
    expect(text).toMatch(
      /^27 images came in at 9 sizes: 1 tiny \(under 32 px\), e\.g\. 20×20; 6 small \(32–255 px\), e\.g\. 50×40, 17×33, 64×64; /,
    );
    expect(text).toMatch(
      /12 camera-sized \(3,000 px or more\), e\.g\. 3000×2000, 4000×3000\. All were made 28×28 by padding with white bars \(25 are not square\)\.$/,
    );
  });

  it('says one size when all agree, and nothing about the fit when all are square', () => {
    expect(describeSourceSizes(at(28, 28, 10), 28, 'crop')).toBe('10 images came in at one size: 10 at 28×28. All were made 28×28.');
  });
});

describe('describeSkipped', () => {
  it('counts files per reason, most common first, and caps the list', () => {
    expect(describeSkipped([])).toBeNull();
    const skipped = [{ reason: 'not an image file (.txt)' }, { reason: 'not a readable image' }, { reason: 'not a readable image' }];
    expect(describeSkipped(skipped)).toBe('3 files skipped: 2 not a readable image, 1 not an image file (.txt).');
    const many = Array.from({ length: 8 }, (_, i) => ({ reason: `reason ${i}` }));
    expect(describeSkipped(many)).toBe('8 files skipped: 1 reason 0, 1 reason 1, 1 reason 2, 1 reason 3, 1 reason 4, and 3 other reasons.');
  });
});

describe('pickSamples and isImageSamples', () => {
  it('picks the first image of each original size, in dataset order, at most MAX_SAMPLES', () => {
    const kept = [
      { file: 'a/1.jpg', width: 640, height: 480 },
      { file: 'a/2.jpg', width: 640, height: 480 },
      { file: 'b/3.png', width: 17, height: 33 },
    ];
    expect(pickSamples(kept)).toEqual([
      { index: 0, file: 'a/1.jpg', width: 640, height: 480 },
      { index: 2, file: 'b/3.png', width: 17, height: 33 },
    ]);
    const many = Array.from({ length: 40 }, (_, i) => ({ file: `c/${i}.png`, width: i + 1, height: 10 }));
    expect(pickSamples(many)).toHaveLength(MAX_SAMPLES);
  });

  it('refuses samples that point outside the dataset or are not samples', () => {
    const ok = [{ index: 2, file: 'a.png', width: 3, height: 4 }];
    expect(isImageSamples(ok, 3)).toBe(true);
    expect(isImageSamples(ok, 2)).toBe(false);
    expect(isImageSamples([{ ...ok[0], width: 0 }], 3)).toBe(false);
    expect(isImageSamples([{ ...ok[0], file: 7 }], 3)).toBe(false);
    expect(isImageSamples('x', 3)).toBe(false);
  });
});
