import type { ContactAnalysis } from './analyse-contact.ts'
import { findCommand } from './commands.ts'
import { intentFeatures } from './intent-features.ts'
import { findCue } from './opinion-grammar.ts'
import type { Understanding } from './understanding.ts'
import type { Intent } from './vocabulary.ts'

/**
 * Commands and ticket numbers by rule; the rest by the classifier, corrected where the rules are
 * surer: a message that tells of a contact (a kind, and whom, where or when) is a report even when
 * it carries complaints, and a role only breaks ties (a requester's complaint is an opinion).
 */
export function decideIntent(
  normalized: string,
  role: string | undefined,
  contact: ContactAnalysis,
  understanding: Understanding,
): Intent {
  const command = findCommand(normalized, understanding.commands)
  if (command === 'edit' && !findCue(normalized.trim(), understanding.opinions)) return 'edit'
  if (command && command !== 'edit') return command
  const { signals } = understanding
  if (signals.ticket.test(normalized)) return 'query_opinion'
  const scores = understanding.classifier.classify(intentFeatures(normalized, contact, understanding))
  const top = scores[0]?.intent ?? 'other'
  const told = contact.kinds.length > 0 && (contact.targets.length > 0 || contact.place !== null || contact.date !== null)
  const tentative = signals.question.test(normalized) || signals.future.test(normalized)
  if (told && !tentative && (top === 'submit_opinion' || top === 'other')) {
    return role === 'requester' && contact.opinions.length > 0 ? 'submit_opinion' : 'report_contact'
  }
  if (top === 'report_contact' && role === 'requester' && contact.opinions.length > 0) return 'submit_opinion'
  return top
}
