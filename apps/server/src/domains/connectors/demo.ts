import type { AppContext } from '../../platform/context.ts';
import type { DemoTenant } from '../../seed/demo.ts';

/** Placeholder replaced below. */
export async function seedConnectors(_ctx: AppContext, _demo: DemoTenant): Promise<void> {}
