/** GBK bytes of a string (Node decodes GBK but has no encoder): a reverse table of the decoder's two-byte codes. */
let gbkTable: Map<string, number[]> | undefined;

/** Encodes `s` as GBK, the way Excel on a Chinese Windows saves a CSV; characters GBK lacks become `?`. */
export function encodeGbk(s: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) out.push(c);
    else out.push(...(gbkTable.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}
