import { cutPoints } from './points.ts'
import { findDate } from './find-date.ts'
import { findKinds } from './kinds.ts'
import { splitClauses } from './clauses.ts'
import type { ContactChanges, EditRequest } from './parse-result.ts'
import type { Grammar } from './understanding.ts'

type Field = keyof ContactChanges

/**
 * What an edit changes. The new value is what follows the first value verb (改成, 加上 …) that a
 * value follows, else the last edit verb (应该是, 是 …), else the last clause; the field is the one
 * named before the value (时间, 地点 …), else anywhere, else the one the value fits.
 */
export function findEditChanges(text: string, normalized: string, now: Date, grammar: Grammar): EditRequest {
  const { start: valueStart, adds, removes } = startOfValue(normalized, grammar)
  const field = namedField(normalized.slice(0, valueStart), grammar) ?? namedField(normalized, grammar)
  const value = grammar.commands.fieldWord.test(normalized.slice(valueStart).trim()) ? '' : normalized.slice(valueStart)
  const written = value && text.slice(valueStart).trim()
  const changes: { -readonly [F in Field]?: ContactChanges[F] } = {}
  const found = findDate(value, now, grammar.dates)
  if ((field === null || field === 'date') && (found.date || found.time)) {
    if (found.date) changes.date = found.date
    if (found.time) changes.time = found.time
  }
  const kinds = findKinds(value, value, grammar.kinds).kinds
  if ((field === null || field === 'kinds') && kinds.length) changes.kinds = kinds
  if (written && !changes.date && !changes.time && !changes.kinds) {
    if (field === 'place' || (field === null && grammar.places.ending.test(value.trim()))) {
      changes.place = text.slice(valueStart + placeIntroducerLength(value, grammar)).trim()
    } else if (field === 'targets') changes.targets = written.split(grammar.targets.joiner).map((t) => t.trim()).filter(Boolean)
    else if (field === 'opinions') {
      changes.opinions = cutPoints(normalized, [{ start: valueStart, end: normalized.length }], grammar.opinions)
        .map((p) => text.slice(p.start, p.end))
    }
  }
  return { intent: 'edit', changes, field, ...(adds ? { adds } : {}), ...(removes ? { removes } : {}) }
}

function namedField(words: string, grammar: Grammar): EditRequest['field'] {
  return grammar.commands.fields.find(([, pattern]) => pattern.test(words))?.[0] ?? null
}

/** 地点改一下，在学生活动中心: the 在 says where, it is no part of the place. */
function placeIntroducerLength(value: string, grammar: Grammar): number {
  const intro = [...value.matchAll(grammar.places.introducer)].find((m) => m.index === 0)
  return intro && intro[0].length < value.trim().length ? intro[0].length : 0
}

/**
 * Just after the first value verb a value follows (so a 是 inside the value stays in it), else just
 * after the last edit verb, else at the start of the last clause. `adds` when an add verb (加上 …) leads
 * it, `removes` when a remove verb (去掉 …) does.
 */
function startOfValue(normalized: string, grammar: Grammar): { start: number; adds?: true; removes?: true } {
  const end = normalized.trimEnd().length
  for (const verb of normalized.matchAll(grammar.commands.valueVerb)) {
    const start = skipPunctuation(normalized, verb.index + verb[0].length)
    if (start < end) return grammar.commands.addVerb.test(verb[0]) ? { start, adds: true } : grammar.commands.removeVerb.test(verb[0]) ? { start, removes: true } : { start }
  }
  let start = -1
  for (const verb of normalized.matchAll(grammar.commands.editVerb)) start = verb.index + verb[0].length
  if (start >= 0 && start < end) return { start: skipPunctuation(normalized, start) }
  const clauses = splitClauses(normalized)
  return { start: clauses.length > 1 ? clauses[clauses.length - 1]!.start : normalized.length }
}

function skipPunctuation(text: string, from: number): number {
  let at = from
  while (at < text.length && /[\s，,：:]/u.test(text[at]!)) at++
  return at
}
