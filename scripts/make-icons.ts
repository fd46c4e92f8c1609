/**
 * Draws the app icons (a speech bubble on InPage blue) as PNGs into public/icons: 192 and 512 px,
 * and a 512 px maskable one whose bubble stays inside the 80% safe zone. Run: npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x0b, 0x5f, 0xcc];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Inside a rounded rectangle centred at (cx, cy), half-sizes hw, hh, corner radius r. */
function inRoundedRect(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): boolean {
  const dx = Math.max(Math.abs(x - cx) - (hw - r), 0);
  const dy = Math.max(Math.abs(y - cy) - (hh - r), 0);
  return dx * dx + dy * dy <= r * r;
}

/** The icon's colour at (x, y) in unit coordinates; `scale` shrinks the drawing (maskable safe zone). */
function shade(x: number, y: number, maskable: boolean): number[] | null {
  const inTile = maskable || inRoundedRect(x, y, 0.5, 0.5, 0.5, 0.5, 0.18);
  if (!inTile) return null;
  const s = maskable ? 0.8 : 1;
  const u = 0.5 + (x - 0.5) / s;
  const v = 0.5 + (y - 0.5) / s;
  const bubble = inRoundedRect(u, v, 0.5, 0.45, 0.3, 0.2, 0.09);
  // The bubble's tail: a triangle under its lower left.
  const tail = v >= 0.6 && v <= 0.78 && u >= 0.3 && u <= 0.3 + (0.78 - v) * 0.9;
  if (!bubble && !tail) return BLUE;
  const dot = [0.38, 0.5, 0.62].some((dx) => (u - dx) ** 2 + (v - 0.45) ** 2 <= 0.045 ** 2);
  return dot ? BLUE : WHITE;
}

function draw(size: number, maskable: boolean): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const samples = 4; // 4×4 supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, maskable);
          if (!c) continue;
          r += c[0] as number;
          g += c[1] as number;
          b += c[2] as number;
          a++;
        }
      }
      const i = (py * size + px) * 4;
      if (a) rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / samples ** 2)], i);
    }
  }
  return png(size, rgba);
}

writeFileSync('public/icons/icon-192.png', draw(192, false));
writeFileSync('public/icons/icon-512.png', draw(512, false));
writeFileSync('public/icons/maskable-512.png', draw(512, true));
console.log('Wrote public/icons/icon-192.png, icon-512.png, maskable-512.png');
