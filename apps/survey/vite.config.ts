import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The respondent page: a lean Preact runtime (budget ≤ 50 KB gzipped); the full SurveyJS renderer is a
// separate lazy chunk loaded only for surveys outside the lean subset.
export default defineConfig({
  root: here('.'),
  base: '/s-assets/',
  resolve: { alias: { '@loopcx/shared/survey': here('../../packages/shared/src/survey/index.ts') } },
  build: { outDir: here('dist'), emptyOutDir: true, target: 'es2019', assetsDir: '', chunkSizeWarningLimit: 1500 },
});
