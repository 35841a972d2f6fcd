// Runtime: Node (development). Draws Fetchpoint's icons into resources/ with no dependency but zlib: the app icon
// (512 px, from which electron-builder derives .ico and .icns), the tray icon, and macOS template tray images.
// The shapes match resources/icon.svg. Run: node scripts/generate-icons.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const resourcesDirectory = fileURLToPath(new URL('../resources/', import.meta.url));

/** Shapes in a 0..1 square: the down arrow over a baseline, the glyph of "fetch". */
const ARROW_SHAFT = { left: 0.44, right: 0.56, top: 0.2, bottom: 0.5 };
const ARROW_HEAD = [
  [0.28, 0.46],
  [0.72, 0.46],
  [0.5, 0.7],
];
const BASELINE = { left: 0.26, right: 0.74, top: 0.76, bottom: 0.83, radius: 0.035 };
const BACKGROUND = { left: 0.06, right: 0.94, top: 0.06, bottom: 0.94, radius: 0.2 };

function isInRoundedRect(x, y, rect) {
  const radius = rect.radius ?? 0;
  if (x < rect.left || x > rect.right || y < rect.top || y > rect.bottom) return false;
  const cornerX = x < rect.left + radius ? rect.left + radius : x > rect.right - radius ? rect.right - radius : x;
  const cornerY = y < rect.top + radius ? rect.top + radius : y > rect.bottom - radius ? rect.bottom - radius : y;
  return (x - cornerX) ** 2 + (y - cornerY) ** 2 <= radius ** 2;
}

function isInTriangle(x, y, [a, b, c]) {
  const sign = (p, q, r) => (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1]);
  const point = [x, y];
  const d1 = sign(point, a, b);
  const d2 = sign(point, b, c);
  const d3 = sign(point, c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

function isInGlyph(x, y, inset) {
  // `inset` shrinks the glyph's box toward the centre so a tray icon can use more of its few pixels.
  const u = 0.5 + (x - 0.5) * inset;
  const v = 0.5 + (y - 0.5) * inset;
  return isInRoundedRect(u, v, ARROW_SHAFT) || isInTriangle(u, v, ARROW_HEAD) || isInRoundedRect(u, v, BASELINE);
}

/** Renders RGBA pixels with 4×4 supersampling; `shade(x, y)` returns [r, g, b, a] (0..255) or null. */
function render(size, shade) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const color = shade((column + (sx + 0.5) / samples) / size, (row + (sy + 0.5) / samples) / size);
          if (color === null) continue;
          const weight = color[3] / 255;
          red += color[0] * weight;
          green += color[1] * weight;
          blue += color[2] * weight;
          alpha += weight;
        }
      }
      const offset = (row * size + column) * 4;
      if (alpha > 0) {
        pixels[offset] = Math.round(red / alpha);
        pixels[offset + 1] = Math.round(green / alpha);
        pixels[offset + 2] = Math.round(blue / alpha);
      }
      pixels[offset + 3] = Math.round((alpha / (samples * samples)) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes RGBA pixels as a PNG (8-bit, colour type 6, no filtering). */
function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row += 1) pixels.copy(rows, row * (size * 4 + 1) + 1, row * size * 4, (row + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const TOP_BLUE = [59, 130, 246];
const BOTTOM_BLUE = [29, 78, 216];

function appIcon(x, y) {
  if (!isInRoundedRect(x, y, BACKGROUND)) return null;
  if (isInGlyph(x, y, 1)) return [255, 255, 255, 255];
  const mix = (y - BACKGROUND.top) / (BACKGROUND.bottom - BACKGROUND.top);
  return [0, 1, 2].map((channel) => Math.round(TOP_BLUE[channel] + (BOTTOM_BLUE[channel] - TOP_BLUE[channel]) * mix)).concat(255);
}

function trayIcon(x, y) {
  const disc = { left: 0.02, right: 0.98, top: 0.02, bottom: 0.98, radius: 0.48 };
  if (!isInRoundedRect(x, y, disc)) return null;
  return isInGlyph(x, y, 0.82) ? [255, 255, 255, 255] : [...BOTTOM_BLUE, 255];
}

function templateIcon(x, y) {
  // macOS template images: black plus alpha only; the menu bar recolours them for light and dark mode.
  return isInGlyph(x, y, 0.78) ? [0, 0, 0, 255] : null;
}

const outputs = [
  ['icon.png', 512, appIcon],
  ['tray.png', 32, trayIcon],
  ['trayTemplate.png', 16, templateIcon],
  ['trayTemplate@2x.png', 32, templateIcon],
];
for (const [name, size, shade] of outputs) {
  writeFileSync(join(resourcesDirectory, name), encodePng(size, render(size, shade)));
  console.log(`Wrote resources/${name} (${size}×${size}).`);
}
