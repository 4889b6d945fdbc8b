/**
 * The web app's Vite configuration. `npm run build:web` (web/build.ts) builds with it; `npx vite web` serves it for
 * development, passing the server's own addresses to a Civitas on port 8080 (`npm start`).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env.CIVITAS_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The service worker caches every file of a build; no file of the page needs the polyfill on today's browsers.
    modulePreload: { polyfill: false },
    // web/build.ts measures what matters (gzip and brotli of each file) itself.
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/.well-known', '/verify', '/settings.json'].map((path) => [path, server])),
  },
});
