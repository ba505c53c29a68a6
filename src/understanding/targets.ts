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
  /** A class right before 和 (计算机2101班和2102班的学生代表): listed with the target after it. */
  readonly listedBefore: RegExp
  readonly modifier: RegExp
  /** Prepositions of company (和, 跟 …): a group or person after them is a target though no activity word follows. */
  readonly joined: ReadonlySet<string>
  /** How a person or a group of people ends (同学, 老师, 协会 …). */
  readonly people: RegExp
  /** A group that joins the activity (和街舞社一起参加) is contacted, not a companion. */
  readonly contacted: RegExp
  readonly notTarget: RegExp
  readonly modifierMark: string
  /** Words that refer back to a target named elsewhere (和他们座谈). */
  readonly reference: RegExp
  /** A count alone (5位) is not yet the target: 接待了5位来访师生 goes on over the stop word 来访. */
  readonly count: RegExp
  /** People words that start with a stop word (讲师): they do not end a target. */
  readonly notStop: RegExp
}

/** Characters a target may contain; spaces too, since phone typing puts them anywhere. */
const TARGET_CHAR = /[\p{Script=Han}A-Za-z0-9、 ·-]/u
/** An aside in brackets after a target (李教授（国家杰青）) is skipped before the activity word. */
const ASIDE = /^[（(][^）)，。,]{0,16}[）)]\s*/u

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
    joiner: compile([alternation(vocabulary.joiners), ...vocabulary.joinerPatterns].join('|'), 'g'),
    listedBefore: compile(vocabulary.listedBeforePattern),
    modifier: compile(`^[\\p{Script=Han}A-Za-z0-9]{1,8}?${escapeRegExp(vocabulary.modifierMark)}`),
    joined: new Set(vocabulary.joinedPrepositions),
    people: anyOf(vocabulary.peoplePatterns),
    contacted: anyOf(vocabulary.contactedPatterns),
    notTarget: anyOf(vocabulary.notTargetPatterns),
    modifierMark: vocabulary.modifierMark,
    reference: anyOf(vocabulary.referencePatterns),
    count: compile(vocabulary.countPattern),
    notStop: compile(`^(?:${alternation(vocabulary.notStopWords)})`),
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
 * Counts, venues and events are dropped, and so are words that refer back when a target is named.
 */
export function findTargets(contactText: string, grammar: TargetGrammar): FoundTargets {
  const spans: Span[] = []
  /** Targets guessed from how they end, with no activity word after them: standalone ones still count. */
  let guessed = 0
  for (const intro of contactText.matchAll(grammar.introducer)) {
    const span = captureAfter(contactText, intro.index + intro[0].length, grammar)
    if (span) spans.push(span)
  }
  for (const intro of contactText.matchAll(grammar.preposition)) {
    const after = captureAfter(contactText, intro.index + intro[0].length, grammar)
    if (!after) continue
    const span = grammar.joined.has(intro[0]) ? withListedBefore(contactText, intro.index, after, grammar) : after
    const rest = contactText.slice(span.end).trimStart().replace(ASIDE, '')
    const words = contactText.slice(span.start, span.end)
    if (grammar.stop.test(rest)) {
      if (!grammar.companion.test(rest) || grammar.contacted.test(words + rest)) spans.push(span)
    } else if (grammar.joined.has(intro[0])) {
      const head = cutAtHead(contactText, span, grammar)
      if (head) {
        spans.push(head)
        guessed++
      }
    }
  }
  for (const match of grammar.possessives.flatMap((p) => [...contactText.matchAll(p)])) {
    const target = match.groups?.target
    if (!target || !grammar.head.test(target)) continue
    const start = match.index + match[0].indexOf(target, match[0].length - target.length - 6)
    spans.push({ start, end: start + target.length })
  }
  if (spans.length === guessed) {
    for (const match of contactText.matchAll(grammar.standalone)) {
      spans.push({ start: match.index, end: match.index + match[0].length })
    }
  }
  const distinct = removeOverlaps(spans)
  const targets = distinct.flatMap((s) => splitTargets(contactText, s, grammar))
    .flatMap((t) => asTarget(contactText, t, grammar) ?? [])
  const named = targets.filter((t) => !grammar.reference.test(contactText.slice(t.start, t.end)))
  const kept = named.length ? named : targets
  // A stretch that holds no target (走访了几个寝室) still tells where the contact was.
  return { spans: distinct.filter((s) => kept.some((t) => t.start >= s.start && t.end <= s.end)), targets: kept }
}

/**
 * A count, venue or event is no target, but whose it is may be (同学们的项目 → 同学们); nor is a
 * modifier left when its venue was taken as the place (看了看新建的 · 学生活动中心).
 */
function asTarget(text: string, span: Span, grammar: TargetGrammar): Span | null {
  const words = text.slice(span.start, span.end)
  if (words.endsWith(grammar.modifierMark)) return null
  if (!grammar.notTarget.test(words)) return span
  const mark = words.lastIndexOf(grammar.modifierMark)
  return mark >= 2 && grammar.people.test(words.slice(0, mark)) ? { start: span.start, end: span.start + mark } : null
}

/** The span from a class listed just before the preposition at `at`, when there is one. */
function withListedBefore(text: string, at: number, span: Span, grammar: TargetGrammar): Span {
  const clauseStart = Math.max(...[...'，。,；;'].map((mark) => text.lastIndexOf(mark, at - 1))) + 1
  const listed = grammar.listedBefore.exec(text.slice(clauseStart, at))
  return listed ? { start: clauseStart + listed.index, end: span.end } : span
}

/**
 * The longest start of a span that ends like a group or person: 乒协的同学 in 乒协的同学切磋了一下, or
 * all of 辅导员 in 和辅导员，班主任座谈.
 */
function cutAtHead(text: string, span: Span, grammar: TargetGrammar): Span | null {
  for (let end = span.end; end >= span.start + 2; end--) {
    if (grammar.people.test(text.slice(span.start, end))) return { start: span.start, end }
  }
  return null
}

function captureAfter(text: string, from: number, grammar: TargetGrammar): Span | null {
  let start = from
  while (text[start] === ' ') start++
  const skipped = grammar.skip.exec(text.slice(start))
  if (skipped) start += skipped[0].length
  while (text[start] === ' ') start++
  let end = start
  while (end < text.length && TARGET_CHAR.test(text[end]!) && end - start < 24) {
    const rest = text.slice(end)
    const stops = grammar.stop.test(rest) && !grammar.notStop.test(rest)
    if (end > start && stops && !modifiesHead(text, end, grammar) && !grammar.count.test(text.slice(start, end))) break
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
