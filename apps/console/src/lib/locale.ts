import type { TUiLang } from '@loopcx/shared';

/**
 * The shape another language's bundle must have: the same keys as the default (zh-CN) bundle at every depth, with
 * any string as a value. Declaring `export const en: Shape<typeof zhCN> = { … }` makes a key missing from `en`, or
 * present in `en` only, a type error, so the two languages cannot drift apart unnoticed.
 */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** The console language as a survey-text language. */
export const uiLang = (language: string): TUiLang => (language === 'en' ? 'en' : 'zh-CN');
