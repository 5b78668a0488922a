/** The SurveyJS JSON the builder edits, and helpers over its localizable strings and lists. */

export type Loc = string | { default?: string; 'zh-cn'?: string; [k: string]: string | undefined };
export type El = Record<string, any>;
export type Def = {
  pages?: Array<{ name: string; title?: Loc; elements?: El[] }>;
  elements?: El[];
  [k: string]: unknown;
};

/** SurveyJS localizable strings: English in `default`, Chinese under `zh-cn` (see the templates). */
export const zh = (v: Loc | undefined) => (typeof v === 'string' ? v : (v?.['zh-cn'] ?? ''));
export const en = (v: Loc | undefined) => (typeof v === 'string' ? v : (v?.default ?? ''));
export const setLoc = (v: Loc | undefined, lang: 'zh' | 'en', text: string): Loc => {
  const o = typeof v === 'string' ? { default: v, 'zh-cn': v } : { ...(v ?? {}) };
  if (lang === 'zh') o['zh-cn'] = text;
  else o.default = text;
  return o;
};

/** Choices as editable lines: `value | 中文 | English`. */
export const choicesToText = (list: any[] = []) =>
  list.map((c) => (typeof c === 'object' ? `${c.value} | ${zh(c.text)} | ${en(c.text)}` : String(c))).join('\n');
export const textToChoices = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [value, z, e] = l.split('|').map((s) => s.trim());
      return z || e ? { value, text: { default: e || z, 'zh-cn': z || e } } : value;
    });

/** `list` with the item at `i` moved by `d` places (clamped to the ends). */
export const move = <T>(list: T[], i: number, d: number) => {
  const copy = [...list];
  const [x] = copy.splice(i, 1);
  copy.splice(Math.max(0, Math.min(copy.length, i + d)), 0, x);
  return copy;
};

/** Every rating question of the survey (all pages), with its title in the reader's language. */
export function ratingQuestions(def: Def | null, lang: string) {
  const els: El[] = [...(def?.elements ?? []), ...(def?.pages ?? []).flatMap((p) => p.elements ?? [])];
  return els
    .filter((e) => e.type === 'rating' && typeof e.name === 'string')
    .map((e) => {
      const title = (lang === 'en' ? en(e.title) || zh(e.title) : zh(e.title) || en(e.title)) || e.name;
      const scale = typeof e.rateMax === 'number' ? `${e.rateMin ?? 1}–${e.rateMax}` : '';
      return { value: e.name as string, label: `${title}${scale ? ` (${scale})` : ''}`, max: e.rateMax as unknown };
    });
}
