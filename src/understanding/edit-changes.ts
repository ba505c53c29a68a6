import { cutPoints } from './points.ts'
import { findDate } from './find-date.ts'
import { findKinds } from './kinds.ts'
import { splitClauses } from './clauses.ts'
import type { ContactChanges, EditRequest } from './parse-result.ts'
import type { Grammar } from './understanding.ts'

type Field = keyof ContactChanges

/**
 * What an edit changes. The new value is what follows the last edit verb (改成, 应该是 …), or the
 * last clause; the field is the one named (时间, 地点 …) or, unnamed, the one the value fits.
 */
export function findEditChanges(text: string, normalized: string, now: Date, grammar: Grammar): EditRequest {
  const named = grammar.commands.fields.find(([, words]) => words.test(normalized))?.[0]
  const field = named ?? null
  const valueStart = startOfValue(normalized, grammar)
  const value = normalized.slice(valueStart)
  const written = text.slice(valueStart).trim()
  const changes: { -readonly [F in Field]?: ContactChanges[F] } = {}
  const found = findDate(value, now, grammar.dates)
  if ((field === null || field === 'date') && (found.date || found.time)) {
    if (found.date) changes.date = found.date
    if (found.time) changes.time = found.time
  }
  const kinds = findKinds(value, value, grammar.kinds).kinds
  if ((field === null || field === 'kinds') && kinds.length) changes.kinds = kinds
  if (written && !changes.date && !changes.time && !changes.kinds) {
    if (field === 'place' || (field === null && grammar.places.ending.test(value.trim()))) changes.place = written
    else if (field === 'targets') changes.targets = written.split(grammar.targets.joiner).map((t) => t.trim()).filter(Boolean)
    else if (field === 'opinions') {
      changes.opinions = cutPoints(normalized, [{ start: valueStart, end: normalized.length }], grammar.opinions)
        .map((p) => text.slice(p.start, p.end))
    }
  }
  return { intent: 'edit', changes, field }
}

/** Just after the last edit verb, else at the start of the last clause. */
function startOfValue(normalized: string, grammar: Grammar): number {
  let start = -1
  for (const verb of normalized.matchAll(grammar.commands.editVerb)) start = verb.index + verb[0].length
  if (start >= 0 && start < normalized.trimEnd().length) return skipPunctuation(normalized, start)
  const clauses = splitClauses(normalized)
  return clauses.length > 1 ? clauses[clauses.length - 1]!.start : normalized.length
}

function skipPunctuation(text: string, from: number): number {
  let at = from
  while (at < text.length && /[\s，,：:]/u.test(text[at]!)) at++
  return at
}
