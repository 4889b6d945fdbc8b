/**
 * The app's icons as PNG (the manifest wants 192 and 512 pixels, and a "maskable" one whose content keeps inside the
 * safe circle), drawn from the same shapes as public/icons/icon.svg: a blue tile, a white ring and a tick.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type Pixel } from './png.js';

const BLUE: Pixel = [0x1d, 0x4f, 0x91, 255];
const WHITE: Pixel = [255, 255, 255, 255];
const CLEAR: Pixel = [0, 0, 0, 0];

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The mark in a 64-unit square (as the SVG draws it), at coordinates u, v. */
function mark(u: number, v: number): boolean {
  const ring = Math.abs(Math.hypot(u - 32, v - 32) - 20) <= 2.5;
  const tick = Math.min(distanceToSegment(u, v, 24, 33, 30, 39), distanceToSegment(u, v, 30, 39, 41, 26)) <= 2.5;
  return ring || tick;
}

function icon(size: number, maskable: boolean): Buffer {
  // Maskable: the tile fills the square and the mark shrinks into the middle 60%.
  const scale = maskable ? 0.6 : 1;
  const radius = maskable ? 0 : size * (12 / 64);
  return encodePng(size, size, (x, y) => {
    const cx = x + 0.5;
    const cy = y + 0.5;
    const inTile =
      radius === 0 ||
      Math.hypot(Math.max(radius - cx, 0, cx - (size - radius)), Math.max(radius - cy, 0, cy - (size - radius))) <=
        radius;
    if (!inTile) return CLEAR;
    const u = 32 + ((cx / size) * 64 - 32) / scale;
    const v = 32 + ((cy / size) * 64 - 32) / scale;
    return mark(u, v) ? WHITE : BLUE;
  });
}

export function writeIcons(outDir: string): void {
  const dir = join(outDir, 'icons');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'icon-192.png'), icon(192, false));
  writeFileSync(join(dir, 'icon-512.png'), icon(512, false));
  writeFileSync(join(dir, 'icon-maskable-512.png'), icon(512, true));
}
