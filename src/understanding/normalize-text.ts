/**
 * Maps full-width ASCII to half-width, the ideographic space to a space and ASCII letters to lower
 * case, one character for one, so that an index into the result is an index into the original and
 * fields can be cut "as written" from what the user typed.
 */
export function normalizeText(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code >= 0xff21 && code <= 0xff3a) out += String.fromCharCode(code - 0xfee0 + 32)
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0)
    else if (code === 0x3000) out += ' '
    else if (code >= 0x41 && code <= 0x5a) out += String.fromCharCode(code + 32)
    else out += char
  }
  return out
}
