// The GSM 03.38 basic character set plus its extension table (which costs two septets).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€';
const GSM7 = new Set([...GSM7_BASIC, ...GSM7_EXTENDED]);

const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\t': ' ',
  '\u00e1': 'a',
  '\u00e2': 'a',
  '\u00e3': 'a',
  '\u00e7': 'c',
  '\u00ea': 'e',
  '\u00eb': 'e',
  '\u00ed': 'i',
  '\u00ee': 'i',
  '\u00ef': 'i',
  '\u00f3': 'o',
  '\u00f4': 'o',
  '\u00f5': 'o',
  '\u00fa': 'u',
  '\u00fb': 'u',
  '\u00fd': 'y',
  '\u00ff': 'y',
  '\u00c1': 'A',
  '\u00c0': 'A',
  '\u00c2': 'A',
  '\u00c3': 'A',
  '\u00c8': 'E',
  '\u00ca': 'E',
  '\u00cb': 'E',
  '\u00cd': 'I',
  '\u00d3': 'O',
  '\u00d4': 'O',
  '\u00da': 'U',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
};

/**
 * Rewrites text into the GSM-7 alphabet so an SMS stays one 160-character segment where
 * it can (a single emoji would switch the whole message to UCS-2 and 70 characters).
 * Characters with no sensible replacement are dropped; runs of spaces are collapsed.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (GSM7.has(char)) out += char;
    else if (REPLACEMENTS[char] !== undefined) out += REPLACEMENTS[char];
    else {
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length > 0 && [...base].every((c) => GSM7.has(c))) out += base;
    }
  }
  return out
    .replace(/ {2,}/g, ' ')
    .replace(/ +([.,!?])/g, '$1')
    .trim();
}

export function isGsm7(text: string): boolean {
  return [...text].every((char) => GSM7.has(char));
}
