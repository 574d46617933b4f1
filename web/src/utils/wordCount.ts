// Word's 字数 as the server counts it (a port of base/text.cc, keep the two in step): each CJK
// character or full-width punctuation mark is one word; each run of other non-space characters
// (a Latin word, a number) is one; whitespace counts nothing. 字符数 is characters without spaces.
// Code points, not UTF-16 units, are counted, so an extension-B character is one character.

export interface TextCounts {
  words: number;
  charsNoSpaces: number;
  charsWithSpaces: number;
}

export function isSpace(cp: number): boolean {
  return (
    cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d || cp === 0x0b || cp === 0x0c || cp === 0x00a0 ||
    cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f ||
    cp === 0x205f || cp === 0x3000 || cp === 0xfeff
  );
}

export function isEastAsian(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0x2fdf) || // CJK radicals, Kangxi radicals
    (cp >= 0x3001 && cp <= 0x303f) || // CJK symbols and punctuation (not U+3000)
    (cp >= 0x3040 && cp <= 0x31ff) || // kana, bopomofo, CJK strokes
    (cp >= 0x3200 && cp <= 0x4dbf) || // enclosed CJK, compatibility, extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0xac00 && cp <= 0xd7af) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff01 && cp <= 0xff60) || // full-width ASCII forms and punctuation
    (cp >= 0xffe0 && cp <= 0xffe6) || // full-width signs
    (cp >= 0x20000 && cp <= 0x3134f) || // extensions B–G
    // Quotation marks, dashes and ellipsis as Chinese text uses them (“”‘’—…), and the middle dot
    // in names (·): Word counts each as one in East Asian text.
    cp === 0x2018 || cp === 0x2019 || cp === 0x201c || cp === 0x201d || cp === 0x2014 || cp === 0x2026 ||
    cp === 0x00b7
  );
}

export function countText(text: string): TextCounts {
  const counts: TextCounts = { words: 0, charsNoSpaces: 0, charsWithSpaces: 0 };
  let inRun = false;
  for (const char of text) {
    // A lone surrogate decodes to itself here; the server sees U+FFFD for it. Both count one.
    const cp = char.codePointAt(0) ?? 0xfffd;
    counts.charsWithSpaces += 1;
    if (isSpace(cp)) {
      inRun = false;
      continue;
    }
    counts.charsNoSpaces += 1;
    if (isEastAsian(cp)) {
      counts.words += 1;
      inRun = false;
    } else if (!inRun) {
      counts.words += 1;
      inRun = true;
    }
  }
  return counts;
}

/** The counts of several texts together (sections of one report). */
export function countAll(texts: readonly string[]): TextCounts {
  return texts.map(countText).reduce(
    (sum, c) => ({ words: sum.words + c.words, charsNoSpaces: sum.charsNoSpaces + c.charsNoSpaces, charsWithSpaces: sum.charsWithSpaces + c.charsWithSpaces }),
    { words: 0, charsNoSpaces: 0, charsWithSpaces: 0 },
  );
}
