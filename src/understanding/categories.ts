import type { Vocabulary } from './vocabulary.ts'
import { alternation, compile } from './patterns.ts'

export interface CategoryMatcher {
  readonly keywords: RegExp
  readonly categoryOf: ReadonlyMap<string, number>
  readonly labels: readonly string[]
  readonly fallback: string
}

export function compileCategories(vocabulary: Vocabulary['categories']): CategoryMatcher {
  const categoryOf = new Map<string, number>()
  vocabulary.categories.forEach((c, index) => {
    for (const k of c.keywords) if (!categoryOf.has(k.toLowerCase())) categoryOf.set(k.toLowerCase(), index)
  })
  return {
    keywords: compile(alternation([...categoryOf.keys()]), 'g'),
    categoryOf,
    labels: vocabulary.categories.map((c) => c.label),
    fallback: vocabulary.fallback,
  }
}

/** The category of the first point (or, if it names none, of the whole text). */
export function findCategory(firstPoint: string, wholeText: string, matcher: CategoryMatcher): string {
  return best(firstPoint, matcher) ?? best(wholeText, matcher) ?? matcher.fallback
}

/** Longest keywords first, without overlap; the highest total length wins, ties go to the earlier category. */
function best(text: string, matcher: CategoryMatcher): string | null {
  const scores = new Array<number>(matcher.labels.length).fill(0)
  for (const match of text.toLowerCase().matchAll(matcher.keywords)) {
    scores[matcher.categoryOf.get(match[0])!]! += match[0].length
  }
  const top = Math.max(...scores)
  return top > 0 ? matcher.labels[scores.indexOf(top)]! : null
}
