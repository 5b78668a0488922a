import type { TAbility } from '@loopcx/shared';
import type { ComponentType, ReactNode } from 'react';

/** Where a module's navigation items sit in the sidebar. */
export type NavGroup = 'listen' | 'understand' | 'act' | 'distribute' | 'connect' | 'settings';

/** What a console module contributes (see README.md in this folder). */
export interface ConsoleModule {
  key: string;
  /** Sort order inside its group (lower first). */
  order: number;
  group: NavGroup;
  nav: Array<{ path: string; labelKey: string; icon?: ReactNode; ability?: TAbility }>;
  /**
   * Pages by path. `page` loads the page component on first visit (a dynamic `import()`), so each page and what only
   * it uses (ECharts, SurveyJS, most of antd) is its own chunk instead of part of the first load.
   */
  routes: Array<{ path: string; page: () => Promise<ComponentType> }>;
  /** Translations for this module's namespace (the module key); `labelKey`s resolve here. */
  i18n: { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
}
