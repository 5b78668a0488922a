import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../../scripts/vite-precompress.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react(), precompress()],
  resolve: { alias: { '@loopcx/shared': here('../../packages/shared/src/index.ts') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // Every chunk stays under 600 kB (the antd frame chunk is the largest, 504 kB) except survey-core: SurveyJS ships it as one 1.4 MB ES
    // module (fesm/survey-core.mjs) that no chunking can divide. It is loaded only by the survey builder's phone
    // preview; e2e/bundle-budget.e2e.test.ts asserts that it is the only chunk above 600 kB and that the first load stays
    // within its budget, so this limit cannot hide a new large chunk.
    chunkSizeWarningLimit: 1450,
    rolldownOptions: {
      // Brotli-11 precompression (scripts/vite-precompress.ts) is meant to be the slowest step of the build;
      // Rolldown's "plugin timings" notice about it would be the first thing a newcomer reads on first start.
      checks: { bundlerTimings: false },
      // The console imports constants, types and date helpers from @loopcx/shared's barrel; the shared modules
      // only declare (constants, functions, zod schemas), so a module the console takes nothing from is not
      // kept for "side effects" of its module-level `z.object(…)` calls. That keeps zod and every shared schema
      // out of the first load.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]packages[\\/]shared[\\/]src[\\/]/.test(id) },
      output: {
        // Vendor chunks whose hashes change only when the dependency does, so a release re-downloads app code only.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack|i18next|react-i18next)[\\/]/,
              priority: 40,
            },
            // What the frame (layout, menu, drawer, buttons, theme) needs of antd; each page's own antd parts
            // (table, form, date picker…) stay in chunks loaded with that page.
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+)[\\/]/,
              tags: ['$initial'],
              priority: 30,
            },
            // ECharts and zrender (its renderer, which imports nothing of ECharts) as two chunks. Not split further
            // by size: pieces of one package import each other both ways, and a cycle between chunks leaves a
            // class undefined when the second chunk evaluates ("w is not a constructor" blanked the console).
            { name: 'zrender', test: /node_modules[\\/]zrender[\\/]/, priority: 25 },
            { name: 'echarts', test: /node_modules[\\/](echarts|echarts-for-react|size-sensor)[\\/]/, priority: 20 },
            { name: 'survey-core', test: /node_modules[\\/]survey-core[\\/]/, priority: 20 },
            { name: 'survey-react-ui', test: /node_modules[\\/]survey-react-ui[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/s/': 'http://localhost:3000',
      '/s-assets/': 'http://localhost:3000',
      '/s-preview': 'http://localhost:3000',
    },
  },
});
