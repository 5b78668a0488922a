import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

/** Historical response imports: the wizard opens from the responses page, so this module brings only its strings. */
export const consoleModule: ConsoleModule = {
  key: 'imports',
  order: 21,
  group: 'listen',
  nav: [],
  routes: [],
  i18n: { 'zh-CN': zhCN, en },
};
