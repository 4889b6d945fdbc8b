/** The files of a build, and which of them a first visit loads (the page and what it links). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file under `dir` as a URL path (`/assets/index-abc.js`), compressed copies and Vite's own notes left out. */
export function buildFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.vite') walk(path);
      } else if (!/\.(gz|br|map)$/.test(entry.name)) {
        found.push(`/${relative(dir, path).split(sep).join('/')}`);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** index.html and the scripts, module preloads and style sheets it links: what the browser fetches first. */
export function firstLoadFiles(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="(\/[^"]+)"[^>]*>/g)]
    .filter(([tag]) => /<script|rel="(modulepreload|stylesheet)"/.test(tag!))
    .map((match) => match[1]!);
  return ['/index.html', ...new Set(linked)];
}
