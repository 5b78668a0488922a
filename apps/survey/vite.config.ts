import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from '../../scripts/vite-precompress.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The respondent page: a lean Preact runtime (budget ≤ 50 KB gzipped); the full SurveyJS renderer is a
// separate lazy chunk loaded only for surveys outside the lean subset.
export default defineConfig({
  root: here('.'),
  base: '/s-assets/',
  plugins: [precompress()],
  resolve: { alias: { '@loopcx/shared/survey': here('../../packages/shared/src/survey/index.ts') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2019',
    assetsDir: '',
    // The full renderer is split so no chunk passes 600 kB except survey-core, which SurveyJS ships
    // as one 1.4 MB ES module that no chunking can divide (see apps/console/vite.config.ts; e2e/bundle-budget.e2e.test.ts
    // asserts it is the only one).
    chunkSizeWarningLimit: 1450,
    rolldownOptions: {
      // Brotli-11 precompression (scripts/vite-precompress.ts) is meant to be the slowest step of the build;
      // Rolldown's "plugin timings" notice about it would be the first thing a newcomer reads on first start.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [
            { name: 'survey-core', test: /node_modules[\\/]survey-core[\\/]/, priority: 30 },
            { name: 'survey-react-ui', test: /node_modules[\\/]survey-react-ui[\\/]/, priority: 20 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
