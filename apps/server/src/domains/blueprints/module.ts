import type { DomainModule } from '../../platform/module.ts';
import { seedBlueprints } from './demo.ts';
import { blueprintRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'blueprints',
  privateRoutes: blueprintRoutes,
  // Before the QA checklists and audits (68): the demo checklist's items name this blueprint's nodes.
  demoSteps: [{ order: 67, name: "the dining journey's service blueprint", run: seedBlueprints }],
};
