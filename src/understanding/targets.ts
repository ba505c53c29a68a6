import type { Vocabulary } from './vocabulary.ts'
import { alternation, anyOf, compile, escapeRegExp, type Span } from './patterns.ts'

export interface TargetGrammar {
  readonly introducer: RegExp
  readonly preposition: RegExp
  readonly companion: RegExp
  readonly stop: RegExp
  readonly possessives: readonly RegExp[]
  readonly head: RegExp
  readonly standalone: RegExp
  readonly skip: RegExp
  readonly joiner: RegExp
  readonly modifier: RegExp
}

/** Characters a target may contain; spaces too, since phone typing puts them anywhere. */
const TARGET_CHAR = /[\p{Script=Han}A-Za-z0-9、 ·]/u

export function compileTargets(vocabulary: Vocabulary['targets']): TargetGrammar {
  return {
    introducer: compile([alternation(vocabulary.introducers), ...vocabulary.introducerPatterns].join('|'), 'g'),
    preposition: compile([alternation(vocabulary.prepositions), ...vocabulary.prepositionPatterns].join('|'), 'g'),
    companion: anyOf(vocabulary.companionPatterns),
    stop: compile(`^(?:${alternation(vocabulary.stopWords)})`),
    possessives: vocabulary.possessivePatterns.map((p) => compile(p, 'g')),
    head: anyOf(vocabulary.headPatterns),
    standalone: anyOf(vocabulary.standalonePatterns, 'gi'),
    skip: anyOf(vocabulary.skipPatterns),
    joiner: compile(`(?:${alternation(vocabulary.joiners)})`, 'g'),
    modifier: compile(`^[\\p{Script=Han}A-Za-z0-9]{1,8}?${escapeRegExp(vocabulary.modifierMark)}`),
  }
}

export interface FoundTargets {
  /** Each target, as a span of the text. */
  readonly targets: Span[]
  /** The stretches they were found in (a stretch may hold several joined by 和). */
  readonly spans: Span[]
}

/**
 * Who was contacted, as written: the stretch after each introducer (和, 给, 看望 …) up to the
 * activity, split where 和 or 、 joins two; then 参加了X的 / 听了X的; else standalone groups and names.
 */
export function findTargets(contactText: string, grammar: TargetGrammar): FoundTargets {
  const spans: Span[] = []
  for (const intro of contactText.matchAll(grammar.introducer)) {
    const span = captureAfter(contactText, intro.index + intro[0].length, grammar)
    if (span) spans.push(span)
  }
  for (const intro of contactText.matchAll(grammar.preposition)) {
    const span = captureAfter(contactText, intro.index + intro[0].length, grammar)
    const rest = contactText.slice(span?.end ?? 0).trimStart()
    if (span && grammar.stop.test(rest) && !grammar.companion.test(rest)) spans.push(span)
  }
  for (const match of grammar.possessives.flatMap((p) => [...contactText.matchAll(p)])) {
    const target = match.groups?.target
    if (!target || !grammar.head.test(target)) continue
    const start = match.index + match[0].indexOf(target, match[0].length - target.length - 6)
    spans.push({ start, end: start + target.length })
  }
  if (!spans.length) {
    for (const match of contactText.matchAll(grammar.standalone)) {
      spans.push({ start: match.index, end: match.index + match[0].length })
    }
  }
  const distinct = removeOverlaps(spans)
  return { spans: distinct, targets: distinct.flatMap((s) => splitTargets(contactText, s, grammar)) }
}

function captureAfter(text: string, from: number, grammar: TargetGrammar): Span | null {
  let start = from
  while (text[start] === ' ') start++
  const skipped = grammar.skip.exec(text.slice(start))
  if (skipped) start += skipped[0].length
  while (text[start] === ' ') start++
  let end = start
  while (end < text.length && TARGET_CHAR.test(text[end]!) && end - start < 24) {
    if (end > start && grammar.stop.test(text.slice(end)) && !modifiesHead(text, end, grammar)) break
    end++
  }
  while (end > start && /[\s、]/u.test(text[end - 1]!)) end--
  return end > start ? { start, end } : null
}

/** A stop word inside a modifier (打饭的同学: the modifier mark, then a group or person) does not end the target. */
function modifiesHead(text: string, at: number, grammar: TargetGrammar): boolean {
  const modifier = grammar.modifier.exec(text.slice(at, at + 12))
  if (!modifier) return false
  const after = at + modifier[0].length
  let end = after
  while (end < text.length && TARGET_CHAR.test(text[end]!) && !grammar.stop.test(text.slice(end))) end++
  return end > after && grammar.head.test(text.slice(after, end).trim())
}

function splitTargets(text: string, span: Span, grammar: TargetGrammar): Span[] {
  const parts: Span[] = []
  let start = span.start
  const push = (end: number) => {
    let from = start
    let to = end
    while (from < to && text[from] === ' ') from++
    while (to > from && text[to - 1] === ' ') to--
    if (to - from > 1) parts.push({ start: from, end: to })
  }
  for (const joiner of text.slice(span.start, span.end).matchAll(grammar.joiner)) {
    push(span.start + joiner.index)
    start = span.start + joiner.index + joiner[0].length
  }
  push(span.end)
  return parts
}

/** Keeps the earlier of two overlapping spans, in text order. */
function removeOverlaps(spans: readonly Span[]): Span[] {
  const kept: Span[] = []
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (!kept.some((k) => span.start < k.end && span.end > k.start)) kept.push(span)
  }
  return kept
}
