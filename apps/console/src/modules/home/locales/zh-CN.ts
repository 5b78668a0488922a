/** Chinese strings of the home module (namespace `home`); the default language and the shape `en.ts` must match. */
export const zhCN = { nav: '首页' };
