import { analyseContact } from './analyse-contact.ts'
import { findCategory } from './categories.ts'
import { normalizeText } from './normalize-text.ts'
import type { ParseContext } from './parse.ts'
import type { ContactChanges } from './parse-result.ts'
import type { Understanding } from './understanding.ts'

/**
 * The contact fields a short answer gives, whatever its intent: a reply such as 上周三下午 or
 * 计算机2101班 to a question the conversation asked. Absent fields were not said.
 */
export function readContactFragment(text: string, context: ParseContext, understanding: Understanding): ContactChanges & { online?: boolean } {
  const found = analyseContact(text, normalizeText(text), context.now, understanding)
  return {
    ...(found.kinds.length ? { kinds: found.kinds } : {}),
    ...(found.date ? { date: found.date } : {}),
    ...(found.time ? { time: found.time } : {}),
    ...(found.place ? { place: found.place } : {}),
    ...(found.targets.length ? { targets: found.targets } : {}),
    ...(found.opinions.length ? { opinions: found.opinions } : {}),
    ...(found.online ? { online: true } : {}),
  }
}

/** The opinion category (categories.yaml) of a problem raised, e.g. in a contact report. */
export function categorizeOpinion(text: string, understanding: Understanding): string {
  const normalized = normalizeText(text)
  return findCategory(normalized, normalized, understanding.categories)
}
