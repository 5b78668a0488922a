import type { DomainModule } from '../../platform/module.ts';
import { seedImport } from './demo.ts';
import { importJobs } from './jobs.ts';
import { importRoutes } from './routes.ts';

/** Historical response imports (CSV/XLSX → the normal ingest path). */
export const module: DomainModule = {
  name: 'imports',
  privateRoutes: importRoutes,
  jobs: importJobs,
  demoSteps: [{ order: 35, name: 'a historical import', run: seedImport }],
};
