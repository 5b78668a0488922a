import type { AppContext } from '../../platform/context.ts';
import type { DemoTenant } from '../../seed/demo.ts';

/** Demo problems (filled in below). */
export async function seedProblems(_ctx: AppContext, _demo: DemoTenant): Promise<void> {}
