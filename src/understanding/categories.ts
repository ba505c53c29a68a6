import type { Vocabulary } from './vocabulary.ts'
import { alternation, compile } from './patterns.ts'

export interface CategoryMatcher {
  readonly keywords: RegExp
  /** The category of each keyword, by index into `labels`; neutral words have none. */
  readonly categoryOf: ReadonlyMap<string, number | null>
  readonly strong: ReadonlySet<string>
  readonly labels: readonly string[]
  readonly fallback: string
}

export function compileCategories(vocabulary: Vocabulary['categories']): CategoryMatcher {
  const categoryOf = new Map<string, number | null>()
  for (const word of vocabulary.neutral) categoryOf.set(word.toLowerCase(), null)
  vocabulary.categories.forEach((c, index) => {
    for (const k of c.keywords) if (!categoryOf.has(k.toLowerCase())) categoryOf.set(k.toLowerCase(), index)
  })
  return {
    keywords: compile(alternation([...categoryOf.keys()]), 'g'),
    categoryOf,
    strong: new Set(vocabulary.categories.flatMap((c) => c.strong.map((w) => w.toLowerCase()))),
    labels: vocabulary.categories.map((c) => c.label),
    fallback: vocabulary.fallback,
  }
}

/** The category of the first point (or, if it names none, of the whole text). */
export function findCategory(firstPoint: string, wholeText: string, matcher: CategoryMatcher): string {
  return best(firstPoint, matcher) ?? best(wholeText, matcher) ?? matcher.fallback
}

/** The category the text names by its own keywords; null when it names none (太贵了). */
export function ownCategory(text: string, matcher: CategoryMatcher): string | null {
  return best(text, matcher)
}

/**
 * Longest keywords first, without overlap; the highest score wins, ties go to the earlier category.
 * A keyword scores its length, twice that when it is strong (焦虑 decides for 心理 wherever it
 * stands), and the first keyword one more: a point names its subject first (图书馆 in
 * 图书馆增加考研的书), and what follows is often a detail from another topic.
 */
function best(text: string, matcher: CategoryMatcher): string | null {
  const scores = new Array<number>(matcher.labels.length).fill(0)
  let first = true
  for (const match of text.toLowerCase().matchAll(matcher.keywords)) {
    const category = matcher.categoryOf.get(match[0])
    if (category === null || category === undefined) continue
    scores[category]! += match[0].length * (matcher.strong.has(match[0]) ? 2 : 1) + (first ? 1 : 0)
    first = false
  }
  const top = Math.max(...scores)
  return top > 0 ? matcher.labels[scores.indexOf(top)]! : null
}
