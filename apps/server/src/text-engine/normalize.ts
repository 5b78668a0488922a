import { ConverterBuilder } from 'opencc-js/core';
import CJK_Compatibility_Ideographs from 'opencc-js/dict/CJK_Compatibility_Ideographs';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import { configs, from, to } from 'opencc-js/preset/t2cn';

/**
 * Text normalisation that keeps every UTF-16 offset: the normalised string has exactly the length of the
 * input, so a span found in it is the same span in the original (topic highlights point into what the
 * respondent wrote). Full-width ASCII → half-width, ideographic space → space, typographic apostrophes (’ ‘ ʼ, which
 * phone keyboards type in "don’t") → ', ASCII upper → lower case, traditional → simplified Chinese (OpenCC, Taiwan
 * standard → mainland).
 */
const t2sPhrase = ConverterBuilder({ from, to, configs })({ from: 'tw', to: 'cn' });
const charCache = new Map<string, string>();

/**
 * Characters that mark a text as traditional Chinese: the sources of OpenCC's traditional → simplified character
 * table and the CJK compatibility ideographs. Only such a text goes through the (slow) conversion; text without
 * any is left as it is — most simplified Chinese, for which the conversion could only do harm (its Taiwan-variant
 * step turns a simplified 么 into 幺).
 */
const TRADITIONAL = (() => {
  const marks = new Uint8Array(0x10000);
  for (const dict of [TSCharacters, CJK_Compatibility_Ideographs]) {
    for (const entry of dict.split('|')) {
      const [source, target] = entry.split(' ');
      if (source && source !== target) marks[source.charCodeAt(0)] = 1;
    }
  }
  return marks;
})();

/** True when the text holds a traditional character (or a compatibility ideograph) that conversion would change. */
export function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TRADITIONAL[text.charCodeAt(i)] === 1) return true;
  return false;
}

function t2sChar(ch: string): string {
  let out = charCache.get(ch);
  if (out === undefined) {
    out = t2sPhrase(ch);
    if (out.length !== ch.length) out = ch;
    charCache.set(ch, out);
  }
  return out;
}

/** True for CJK unified ideographs (BMP blocks; enough for detection and conversion). */
export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

/** Width, apostrophe and case folding only (no Chinese conversion); used for keywords in taxonomies too. */
export function foldWidthCase(text: string): { text: string; han: number } {
  let changed = false;
  let han = 0;
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      c -= 0xfee0;
      changed = true;
    } else if (c === 0x3000) {
      c = 0x20;
      changed = true;
    } else if (c === 0x2019 || c === 0x2018 || c === 0x02bc) {
      // English negation and contractions are read on the ASCII apostrophe (don't, isn't, i'm).
      c = 0x27;
      changed = true;
    }
    if (c >= 65 && c <= 90) {
      c += 32;
      changed = true;
    } else if (c >= 0x3400 && isHan(c)) han++;
    codes[i] = c;
  }
  if (!changed) return { text, han };
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return { text: out, han };
}

/** Normalises `text` for analysis; `result.length === text.length` always holds. */
export function normalize(text: string): string {
  const folded = foldWidthCase(text);
  if (folded.han === 0 || !hasTraditional(folded.text)) return folded.text;
  const converted = t2sPhrase(folded.text);
  if (converted.length === folded.text.length) return converted;
  // A phrase conversion changed the length: fall back to character-by-character conversion so offsets hold.
  let out = '';
  for (let i = 0; i < folded.text.length; i++) {
    const c = folded.text.charCodeAt(i);
    out += isHan(c) ? t2sChar(folded.text[i]) : folded.text[i];
  }
  return out;
}
