#!/usr/bin/env node
// Draws media/icon.png (128×128): a dark rounded square with stacked, coloured "memory bars",
// written as a PNG by hand (zlib + CRC32) so no image library is needed. Run: node scripts/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const W = 128, H = 128;
const px = new Uint8Array(W * H * 4); // RGBA
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

function blend(x, y, [r, g, b], a = 1) {
  if (x < 0 || y < 0 || x >= W || y >= H || a <= 0) return;
  const i = (y * W + x) * 4;
  const da = px[i + 3] / 255, oa = a + da * (1 - a);
  px[i] = Math.round((r * a + px[i] * da * (1 - a)) / oa);
  px[i + 1] = Math.round((g * a + px[i + 1] * da * (1 - a)) / oa);
  px[i + 2] = Math.round((b * a + px[i + 2] * da * (1 - a)) / oa);
  px[i + 3] = Math.round(oa * 255);
}

// Coverage of a rounded rectangle at a pixel, 4×4 supersampled for smooth corners.
function roundRect(x0, y0, x1, y1, rad, color, alpha = 1) {
  for (let y = Math.floor(y0); y < Math.ceil(y1); y++) for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
    let cov = 0;
    for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
      const fx = x + (sx + 0.5) / 4, fy = y + (sy + 0.5) / 4;
      if (fx < x0 || fx > x1 || fy < y0 || fy > y1) continue;
      const cx = Math.min(Math.max(fx, x0 + rad), x1 - rad), cy = Math.min(Math.max(fy, y0 + rad), y1 - rad);
      if ((fx - cx) ** 2 + (fy - cy) ** 2 <= rad * rad) cov++;
    }
    blend(x, y, color, (cov / 16) * alpha);
  }
}

// Background: dark slate square with a subtle border.
roundRect(4, 4, 124, 124, 18, hex('#3a4a5e'));
roundRect(6, 6, 122, 122, 16, hex('#1e2a38'));

// Memory bars: each row is a stacked bar of segments (used / cache / slab / free), like a meminfo breakdown.
const palette = { anon: hex('#4fc1ff'), cache: hex('#89d185'), slab: hex('#f14c4c'), kernel: hex('#cca700'), free: hex('#3c4c60') };
const rows = [
  [['anon', 46], ['cache', 22], ['slab', 10], ['free', 18]],
  [['anon', 40], ['cache', 18], ['slab', 24], ['free', 14]],
  [['anon', 34], ['kernel', 10], ['slab', 38], ['free', 14]],
  [['anon', 30], ['kernel', 8], ['slab', 54], ['free', 4]],
];
const left = 20, right = 108, barH = 14, gap = 8;
let y = 26;
for (const row of rows) {
  const total = row.reduce((s, [, v]) => s + v, 0);
  let x = left;
  for (const [kind, v] of row) {
    const w = ((right - left) * v) / total;
    roundRect(x + 0.75, y, x + w - 0.75, y + barH, 3, palette[kind]);
    x += w;
  }
  y += barH + gap;
}
// A small "lens" ring over the growing slab segment.
for (let a = 0; a < 360; a += 0.5) {
  const t = (a * Math.PI) / 180;
  for (let r = 13; r <= 16; r += 0.5) blend(Math.round(86 + r * Math.cos(t)), Math.round(88 + r * Math.sin(t)), hex('#ffffff'), 0.35);
}
roundRect(96, 98, 110, 104, 3, hex('#ffffff'), 0.9);

// PNG encoding: signature, IHDR, IDAT (filter byte 0 per row), IEND.
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const raw = Buffer.alloc(H * (W * 4 + 1));
for (let r = 0; r < H; r++) { raw[r * (W * 4 + 1)] = 0; Buffer.from(px.buffer, r * W * 4, W * 4).copy(raw, r * (W * 4 + 1) + 1); }
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${out}: ${png.length} bytes`);
