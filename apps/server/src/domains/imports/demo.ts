import type { AppContext } from '../../platform/context.ts';
import type { DemoTenant } from '../../seed/demo.ts';

export async function seedImport(_ctx: AppContext, _demo: DemoTenant): Promise<void> {}
