import type { TAbility } from '@loopcx/shared';
import type { ReactNode } from 'react';

/** Where a module's navigation items sit in the sidebar. */
export type NavGroup = 'listen' | 'understand' | 'act' | 'connect' | 'settings';

/** What a console module contributes (see README.md in this folder). */
export interface ConsoleModule {
  key: string;
  /** Sort order inside its group (lower first). */
  order: number;
  group: NavGroup;
  nav: Array<{ path: string; labelKey: string; icon?: ReactNode; ability?: TAbility }>;
  routes: Array<{ path: string; element: ReactNode }>;
  /** Translations for this module's namespace (the module key); `labelKey`s resolve here. */
  i18n: { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
}
