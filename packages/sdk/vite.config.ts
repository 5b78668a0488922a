import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from '../../scripts/vite-precompress.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The browser SDK: dist/loopcx.js (IIFE, global `loopcx`, minified; what GET /sdk/v1/loopcx.js serves, with the
// .br/.gz beside it) and dist/index.js (ESM, for bundlers). Types: tsc -p packages/sdk (dist/index.d.ts).
export default defineConfig({
  root: here('.'),
  plugins: [precompress()],
  // Library builds keep process.env.NODE_ENV references by default; there are none, and no env is inlined.
  build: {
    outDir: here('dist'),
    emptyOutDir: false,
    // Old in-app browsers and mini-program web-views (Android WebView 61+, iOS 11+): optional chaining and ??
    // are lowered.
    target: 'es2017',
    minify: true,
    sourcemap: false,
    lib: {
      entry: here('src/index.ts'),
      name: 'loopcx',
      formats: ['iife', 'es'],
      fileName: (format) => (format === 'iife' ? 'loopcx.js' : 'index.js'),
    },
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
