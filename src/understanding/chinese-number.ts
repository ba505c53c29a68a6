/**
 * Reads a small number written in digits or Chinese numerals (15, 十五, 二十八, 三十一). `numerals`
 * maps each numeral to its value; the one worth 10 multiplies what precedes it.
 */
export function chineseNumber(text: string, numerals: Readonly<Record<string, number>>): number | null {
  if (/^\d+$/.test(text)) return Number(text)
  let total = 0
  let pending = 0
  for (const char of text) {
    const value = numerals[char]
    if (value === undefined) return null
    if (value === 10) {
      total += (pending || 1) * 10
      pending = 0
    } else {
      pending = pending * 10 + value
    }
  }
  return total + pending
}
