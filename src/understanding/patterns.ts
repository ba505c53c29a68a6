/** Helpers that turn vocabulary lists into regular expressions. */

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** An alternation of plain phrases, longest first so that 宿舍楼 wins over 宿舍. */
export function alternation(phrases: readonly string[]): string {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length)
  return sorted.length ? sorted.map(escapeRegExp).join('|') : '(?!)'
}

/** Compiles vocabulary patterns; `u` for \p{…}, `i` because input is lower-cased but data may not be. */
export function compile(source: string, flags = ''): RegExp {
  return new RegExp(source, `u${flags}`)
}

export function anyOf(sources: readonly string[], flags = ''): RegExp {
  return compile(sources.length ? sources.map((s) => `(?:${s})`).join('|') : '(?!)', flags)
}

export interface Span {
  readonly start: number
  readonly end: number
}

/** Replaces the spans with spaces, keeping every index in place. */
export function blank(text: string, spans: readonly Span[]): string {
  let out = text
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end)
  return out
}
