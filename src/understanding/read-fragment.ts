import { analyseContact } from './analyse-contact.ts'
import { analyseSubmission, type SubmissionAnalysis } from './analyse-submission.ts'
import { findCategory, ownCategory } from './categories.ts'
import { normalizeText } from './normalize-text.ts'
import { fixSlips } from './slips.ts'
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

/**
 * The category of each point of one message. A point that names no topic of its own (太贵了 after
 * 借书证补办要交50块钱) is about the topic before it, so it goes where that one goes. `first`, when
 * given, is the first point's (a submission's category, decided with the whole message).
 */
export function categorizePoints(points: readonly string[], understanding: Understanding, first?: string): string[] {
  const categories: string[] = []
  for (const [i, point] of points.entries()) {
    const previous = categories[i - 1]
    if (i === 0) categories.push(first ?? categorizeOpinion(point, understanding))
    else categories.push(ownCategory(normalizeText(point), understanding.categories) ?? previous!)
  }
  return categories
}

/**
 * The message read as an opinion raised, whatever its intent; `named` when its points name a
 * topic (上次反映的宿舍漏水问题还没修 does, 我反映的问题有人管吗 does not).
 */
export function readSubmission(text: string, understanding: Understanding): SubmissionAnalysis & { readonly named: boolean } {
  const analysed = analyseSubmission(text, fixSlips(normalizeText(text), understanding.slips), understanding)
  return { ...analysed, named: analysed.opinions.some((o) => ownCategory(normalizeText(o), understanding.categories) !== null) }
}

/** The opinions a message adds to a record being reported (还有就是食堂晚上关门太早): none unless it opens with a split word. */
export function readAddedOpinions(text: string, understanding: Understanding): string[] {
  if (!understanding.opinions.opensMore.test(fixSlips(normalizeText(text), understanding.slips).trim())) return []
  return readSubmission(text, understanding).opinions
}
