import type { ConsoleModule } from './types.ts';

// Each folder's index.tsx exports `consoleModule`; adding a page area means adding a folder.
const found = import.meta.glob<{ consoleModule: ConsoleModule }>('./*/index.tsx', { eager: true });

export const consoleModules: ConsoleModule[] = Object.values(found)
  .map((m) => m.consoleModule)
  .filter(Boolean)
  .sort((a, b) => a.order - b.order);
