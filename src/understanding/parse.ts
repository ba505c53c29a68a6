import { analyseContact } from './analyse-contact.ts'
import { analyseSubmission } from './analyse-submission.ts'
import { decideIntent } from './decide-intent.ts'
import { findEditChanges } from './edit-changes.ts'
import { normalizeText } from './normalize-text.ts'
import { fixSlips } from './slips.ts'
import type { ContactField, ParseResult } from './parse-result.ts'
import type { Understanding } from './understanding.ts'

export interface ParseContext {
  /** The moment the message was sent. */
  readonly now: Date
  /** The sender's role (glossary.md), when known. */
  readonly role?: string
}

/** Understands one message. Pure: the same text, context and understanding give the same result. */
export function parse(text: string, context: ParseContext, understanding: Understanding): ParseResult {
  const normalized = fixSlips(normalizeText(text), understanding.slips)
  const contact = analyseContact(text, normalized, context.now, understanding)
  const intent = decideIntent(normalized, context.role, contact, understanding)
  switch (intent) {
    case 'report_contact': {
      const missing: ContactField[] = []
      if (!contact.kinds.length) missing.push('kinds')
      if (!contact.date) missing.push('date')
      if (!contact.targets.length) missing.push('targets')
      const { kinds, date, time, place, targets, opinions, summary } = contact
      return { intent, kinds, date, time, place, targets, faceToFace: !contact.online, opinions, summary, missing }
    }
    case 'submit_opinion':
      return { intent, ...analyseSubmission(text, normalized, understanding) }
    case 'query_opinion':
      return { intent, ticketNo: understanding.signals.ticket.exec(normalized)?.[0] ?? null }
    case 'edit':
      return findEditChanges(text, normalized, context.now, understanding)
    default:
      return { intent }
  }
}
