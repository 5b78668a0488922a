import { isHan } from './normalize.ts';

export type Language = 'zh' | 'en' | 'mixed';

/**
 * zh / en / mixed from the share of Han characters and Latin words. A Chinese word is about 1.5 characters,
 * so Han characters are weighed at 1/1.5 of a word; the minority language must reach a quarter of the
 * words (and at least two words) for the text to be called mixed, so "我点了一个 burger" stays zh.
 * Text with neither (emoji, digits, empty) is reported as `fallback`.
 */
export function detectLanguage(normalized: string, fallback: 'zh' | 'en' = 'zh'): Language {
  let han = 0;
  let latinWords = 0;
  let inWord = false;
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i);
    const latin = c >= 97 && c <= 122;
    if (latin && !inWord) latinWords++;
    inWord = latin || (inWord && (c === 39 || c === 45));
    if (!latin && c >= 0x3400 && isHan(c)) han++;
  }
  const zhWords = han / 1.5;
  if (han === 0 && latinWords === 0) return fallback;
  if (han === 0) return 'en';
  if (latinWords === 0) return 'zh';
  const total = zhWords + latinWords;
  const minority = Math.min(zhWords, latinWords);
  if (minority >= 2 && minority / total >= 0.25) return 'mixed';
  return zhWords >= latinWords ? 'zh' : 'en';
}
