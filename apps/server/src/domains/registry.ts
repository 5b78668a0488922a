import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Executor } from '../platform/db.ts';
import { registerJobs } from '../platform/jobs.ts';
import type {
  AttentionSource,
  DomainModule,
  EventWriteListener,
  ResponseListener,
  WrittenEvent,
} from '../platform/module.ts';
import { registerScheduledTask } from '../platform/scheduled-tasks.ts';

const here = dirname(fileURLToPath(import.meta.url));
let loaded: Promise<DomainModule[]> | undefined;

/**
 * Discovers `domains/<name>/module.ts` files (alphabetical), registers their jobs and scheduled tasks once per
 * process and returns the modules. Adding a capability means adding a folder, not editing a shared list.
 */
export function loadModules(): Promise<DomainModule[]> {
  loaded ??= (async () => {
    const modules: DomainModule[] = [];
    for (const dir of readdirSync(here, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()) {
      const file = join(here, dir, 'module.ts');
      if (!existsSync(file)) continue;
      const mod = (await import(pathToFileURL(file).href)) as { module?: DomainModule };
      if (!mod.module) throw new Error(`${file} must export \`module\``);
      modules.push(mod.module);
      registerJobs(mod.module.jobs ?? []);
      for (const task of mod.module.scheduled ?? []) registerScheduledTask(task);
    }
    return modules;
  })();
  return loaded;
}

/**
 * The response listeners the modules declare under `hook`, as [name, listener] in module order. Read from the
 * modules on each call rather than copied at start, so the declaration stays the one place a listener lives.
 */
export async function responseListenersOf(
  hook: 'responseListeners' | 'responseTextListeners' | 'feedbackTextListeners',
): Promise<Array<[string, ResponseListener]>> {
  return (await loadModules()).flatMap((m) => Object.entries(m[hook] ?? {}));
}

/** The event-write listeners the modules declare, in module order (see `DomainModule.eventWriteListeners`). */
export async function eventWriteListeners(): Promise<EventWriteListener[]> {
  return (await loadModules()).flatMap((m) => Object.values(m.eventWriteListeners ?? {}));
}

/** Runs every event-write listener in the storing transaction; true when one of them queued a job. */
export async function afterEventsWritten(tx: Executor, events: WrittenEvent[]): Promise<boolean> {
  if (!events.length) return false;
  let queued = false;
  for (const listen of await eventWriteListeners()) queued = (await listen(tx, events)) || queued;
  return queued;
}

/**
 * The attention sources the modules declare (`DomainModule.attention`), as [name, source] in module order, read
 * from the modules on each call like `responseListenersOf`: the home page runs them all.
 */
export async function attentionSources(): Promise<Array<[string, AttentionSource]>> {
  return (await loadModules()).flatMap((m) => Object.entries(m.attention ?? {}));
}
