import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { consoleModules } from '../modules/registry.ts';
import { core } from './strings.ts';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('loopcx.locale') : null;

/** i18next with the core strings plus each module's bundle (namespace = module key). zh-CN is the default. */
i18n.use(initReactI18next).init({
  lng: stored === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  defaultNS: 'core',
  ns: ['core', ...consoleModules.map((m) => m.key)],
  resources: {
    'zh-CN': { core: core['zh-CN'], ...Object.fromEntries(consoleModules.map((m) => [m.key, m.i18n['zh-CN']])) },
    en: { core: core.en, ...Object.fromEntries(consoleModules.map((m) => [m.key, m.i18n.en])) },
  },
  interpolation: { escapeValue: false },
});

export function setLocale(locale: 'zh-CN' | 'en') {
  localStorage.setItem('loopcx.locale', locale);
  void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export default i18n;
