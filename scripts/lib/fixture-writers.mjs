/**
 * Tiny deterministic writers shared by the fixture and measurement scripts: a seeded RNG, CRC-32, a zip
 * writer, a PNG writer and the 28×28 "shapes" images (node's zlib for deflate; nothing is downloaded).
 */
import { deflateRawSync, deflateSync } from 'node:zlib';

/** mulberry32, as src/core/rng.ts: seeded, so every run writes the same files. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- crc32, zip and png writers

const CRC = new Uint32Array(256).map((_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const u16 = (v) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
};
export const u32 = (v) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};

/**
 * A zip of `entries` ({ name, data, method = 8, flags = 0, crc?, size?, data raw when `raw` }): local headers,
 * data, central directory, End Of Central Directory (with `comment`). Fixed date so the bytes never change.
 */
export function makeZip(entries, { comment = '' } = {}) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.from(e.data ?? '');
    const method = e.method ?? 8;
    const stored = e.raw ? Buffer.from(e.raw) : method === 8 ? deflateRawSync(data) : data;
    const crc = e.crc ?? crc32(data);
    const size = e.size ?? data.length;
    const flags = (e.flags ?? 0) | 0x800; // bit 11: UTF-8 names
    const common = [
      u16(20),
      u16(flags),
      u16(method),
      u16(0),
      u16(0x5821),
      u32(crc),
      u32(stored.length),
      u32(size),
      u16(name.length),
      u16(0),
    ];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, stored]);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(0x031e), ...common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(centrals);
  const c = Buffer.from(comment, 'utf8');
  const eocd = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(dir.length),
    u32(offset),
    u16(c.length),
    c,
  ]);
  return Buffer.concat([...locals, dir, eocd]);
}

/** A minimal valid PNG: 8-bit RGB, no interlace, every scanline with filter 0. `rgb(x, y)` → [r, g, b]. */
export function makePng(w, h, rgb) {
  const raw = Buffer.alloc(h * (1 + w * 3));
  for (let y = 0; y < h; y++) {
    raw[y * (1 + w * 3)] = 0;
    for (let x = 0; x < w; x++) {
      const [r, g, b] = rgb(x, y);
      raw.set([r, g, b], y * (1 + w * 3) + 1 + x * 3);
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * 28×28 shapes on a noisy light background, drawn in a random dark colour with random offset and stripe
 * width, so the classes are learnable but no two images are the same.
 */
export function shapeImage(kind, rand) {
  const ink = [Math.floor(rand() * 120), Math.floor(rand() * 120), Math.floor(rand() * 120)];
  const period = 4 + Math.floor(rand() * 3);
  const phase = Math.floor(rand() * period);
  const x0 = 4 + Math.floor(rand() * 8);
  const y0 = 4 + Math.floor(rand() * 8);
  const side = 10 + Math.floor(rand() * 6);
  return makePng(28, 28, (x, y) => {
    let on;
    if (kind === 'horizontal') on = (y + phase) % period < period / 2;
    else if (kind === 'vertical') on = (x + phase) % period < period / 2;
    else on = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
    const bg = 200 + Math.floor(rand() * 55);
    return on ? ink : [bg, bg, bg];
  });
}
