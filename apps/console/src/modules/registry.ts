import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import { matchPath } from 'react-router-dom';
import type { ConsoleModule } from './types.ts';

// Each folder's module.tsx exports `consoleModule`; adding a page area means adding a folder. Only the descriptors
// (nav, strings, route paths) are eager: every page is loaded by its route (React.lazy), see `pageFor`.
const found = import.meta.glob<{ consoleModule: ConsoleModule }>('./*/module.tsx', { eager: true });

export const consoleModules: ConsoleModule[] = Object.values(found)
  .map((m) => m.consoleModule)
  .filter(Boolean)
  .sort((a, b) => a.order - b.order);

const pages = new Map<ConsoleModule['routes'][number], LazyExoticComponent<ComponentType>>();

/** The lazy component of a route, created once so React keeps its state across renders of the shell. */
export function pageFor(route: ConsoleModule['routes'][number]): LazyExoticComponent<ComponentType> {
  let page = pages.get(route);
  if (!page) {
    page = lazy(() => route.page().then((component) => ({ default: component })));
    pages.set(route, page);
  }
  return page;
}

/**
 * Starts downloading the code of the page at `pathname` (and the chunks it imports) without waiting for the session
 * check and the shell's first render, which come first otherwise: on a slow line that saves a round of requests.
 * `pageFor` then resolves from the module cache.
 */
export function preloadPage(pathname: string) {
  const route = consoleModules.flatMap((m) => m.routes).find((r) => matchPath({ path: r.path, end: true }, pathname));
  route?.page().catch(() => {
    // Left to the route's own import when the shell renders it, which shows the error.
  });
}
