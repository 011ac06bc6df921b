#!/usr/bin/env node
/**
 * A folder and a zip of images as people have them, made with ImageMagick (Debian's `convert`): odd sizes and
 * aspects from 17×33 to a 4000×3000 camera JPEG, JPEGs whose EXIF orientation tag (6 and 8) rotates them for
 * display, transparency, grey, palette and 16-bit PNGs, an animated GIF, BMP and WebP, plus a damaged JPEG
 * and a text file that an import must list as skipped. Two class folders, cats/ and dogs/.
 *
 * The rotated JPEGs are stored landscape with a red left half and a blue right half: shown the right way up
 * (portrait) one half is on top, so one pixel tells whether the orientation tag was applied. The animated
 * GIF's first frame is green and its second magenta; the PNG with alpha is transparent on its right half.
 *
 * Usage: node scripts/make-photo-corpus.mjs OUT_DIR   → OUT_DIR/photos/…, OUT_DIR/photos.zip and
 * OUT_DIR/manifest.json (every file: class, format, its displayed size, what to check), also on stdout.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeZip } from './lib/fixture-writers.mjs';

const CONVERT = process.env.CONVERT_PATH ?? '/usr/bin/convert';

/**
 * Each image: its path, the ImageMagick arguments after the input (the output is appended), its size as a
 * viewer shows it (after EXIF rotation), and `expect` for the tests where a pixel can be checked.
 * `plasma:` with a fixed seed gives photo-like smooth noise, so the JPEGs compress like photos do.
 */
const IMAGES = [
  { path: 'cats/img_1.png', input: ['-size', '17x33', '-seed', '1', 'plasma:orange-brown'], out: ['-depth', '8'], shown: [17, 33] },
  { path: 'cats/img_2.jpg', input: ['-size', '50x40', '-seed', '2', 'plasma:tan-sienna'], out: ['-quality', '85'], shown: [50, 40] },
  { path: 'cats/img_3.jpg', input: ['-size', '640x480', '-seed', '3', 'plasma:wheat-peru'], out: ['-quality', '85'], shown: [640, 480] },
  {
    path: 'cats/img_4.jpg',
    input: ['-size', '1200x900', '-seed', '4', 'plasma:khaki-chocolate'],
    out: ['-quality', '85'],
    shown: [1200, 900],
  },
  // A camera's: 12 megapixels, 4:2:0 chroma, quality 92, as phones write them.
  {
    path: 'cats/DSC_0042.JPG',
    input: ['-size', '4000x3000', '-seed', '5', 'plasma:burlywood-saddlebrown'],
    out: ['-sampling-factor', '2x2', '-quality', '92'],
    shown: [4000, 3000],
    exif: 1,
  },
  // Stored 180×120, tag 6 (RightTop): shown turned 90° clockwise, 120×180, the red left half on top.
  {
    path: 'cats/rotated_exif6.jpg',
    input: halves(180, 120),
    out: ['-quality', '95'],
    exif: 6,
    shown: [120, 180],
    expect: { top: 'red', bottom: 'blue' },
  },
  // Stored 150×100, tag 8 (LeftBottom): shown turned 90° anticlockwise, 100×150, the red left half at the bottom.
  {
    path: 'dogs/rotated_exif8.jpg',
    input: halves(150, 100),
    out: ['-quality', '95'],
    exif: 8,
    shown: [100, 150],
    expect: { top: 'blue', bottom: 'red' },
  },
  // Opaque dark left half, fully transparent right half: flattened onto white.
  {
    path: 'dogs/alpha.png',
    input: ['-size', '64x48', 'xc:none', '-fill', '#202020', '-draw', 'rectangle 0,0 31,47'],
    out: ['PNG32:'],
    shown: [64, 48],
    expect: { left: 'dark', right: 'white' },
  },
  {
    path: 'dogs/grey.png',
    input: ['-size', '33x17', '-seed', '6', 'plasma:grey20-grey80', '-colorspace', 'Gray'],
    out: ['-define', 'png:color-type=0', '-depth', '8'],
    shown: [33, 17],
  },
  {
    path: 'dogs/palette.png',
    input: ['-size', '100x75', '-seed', '7', 'plasma:steelblue-navy', '-colors', '64'],
    out: ['PNG8:'],
    shown: [100, 75],
  },
  {
    path: 'dogs/deep16.png',
    input: ['-size', '48x64', '-seed', '8', 'plasma:skyblue-slategray'],
    out: ['-depth', '16', 'PNG48:'],
    shown: [48, 64],
  },
  // Two frames: green, then magenta. Only the first counts.
  {
    path: 'dogs/anim.gif',
    input: ['-delay', '50', '-size', '40x30', 'xc:#00c000', '-size', '40x30', 'xc:#c000c0'],
    out: [],
    shown: [40, 30],
    expect: { all: 'green' },
  },
  {
    path: 'dogs/bitmap.bmp',
    input: ['-size', '70x50', '-seed', '9', 'plasma:lightblue-darkblue'],
    out: ['-type', 'TrueColor', 'BMP3:'],
    shown: [70, 50],
  },
  {
    path: 'dogs/photo.webp',
    input: ['-size', '320x240', '-seed', '10', 'plasma:lightsteelblue-midnightblue'],
    out: ['-quality', '80'],
    shown: [320, 240],
  },
];

/** Files an import must skip, with the reason it should give. */
const SKIPPED = [
  { path: 'dogs/broken.jpg', reason: 'not a readable image' },
  { path: 'cats/notes.txt', reason: 'not an image file' },
];

/**
 * The JPEG with an EXIF block (APP1, right after the start marker) holding only the Orientation tag (0x0112):
 * `convert -orient` writes the tag only into an EXIF block the image already has, and ours have none.
 */
function withOrientation(jpeg, orientation) {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'ascii'); // big-endian, as many cameras write it
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // the first IFD follows the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const header = Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

/** ImageMagick input arguments for a w×h image, red on its left half, blue on its right. */
function halves(w, h) {
  return ['-size', `${w}x${h}`, 'xc:#0000e0', '-fill', '#e00000', '-draw', `rectangle 0,0 ${w / 2 - 1},${h - 1}`];
}

function convert(args) {
  try {
    execFileSync(CONVERT, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`convert ${args.join(' ')} failed: ${e.stderr?.toString().trim() ?? e.message}`, { cause: e });
  }
}

export function makePhotoCorpus(outDir) {
  if (!existsSync(CONVERT))
    throw new Error(`ImageMagick's convert is missing at ${CONVERT}: apt-get install imagemagick (or set CONVERT_PATH).`);
  const root = join(outDir, 'photos');
  for (const cls of ['cats', 'dogs']) mkdirSync(join(root, cls), { recursive: true });
  for (const im of IMAGES) {
    const dest = join(root, im.path);
    // An output format prefix ('PNG8:') goes in front of the path.
    const prefix = im.out.find((a) => a.endsWith(':')) ?? '';
    convert([...im.input, ...im.out.filter((a) => a !== prefix), `${prefix}${dest}`]);
    if (im.exif) writeFileSync(dest, withOrientation(readFileSync(dest), im.exif));
  }
  // A JPEG cut off after its first 600 bytes: the header is there, the picture is not.
  writeFileSync(join(root, 'dogs/broken.jpg'), readFileSync(join(root, 'cats/img_3.jpg')).subarray(0, 600));
  writeFileSync(join(root, 'cats/notes.txt'), 'Photos from the garden, summer.\n');

  const all = [...IMAGES.map((im) => im.path), ...SKIPPED.map((s) => s.path)];
  // Stored, not deflated: JPEGs do not shrink, and the zip is written in well under a second.
  writeFileSync(
    join(outDir, 'photos.zip'),
    makeZip(all.map((p) => ({ name: `photos/${p}`, data: readFileSync(join(root, p)), method: 0 }))),
  );
  const manifest = {
    zip: join(outDir, 'photos.zip'),
    folder: root,
    images: IMAGES.map((im) => ({
      path: im.path,
      className: im.path.split('/')[0],
      shown: im.shown,
      ...(im.expect ? { expect: im.expect } : {}),
    })),
    skipped: SKIPPED,
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('Usage: node scripts/make-photo-corpus.mjs OUT_DIR');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  console.log(JSON.stringify(makePhotoCorpus(out)));
}
