import type { ContactAnalysis } from './analyse-contact.ts'
import { bare, findCommand } from './commands.ts'
import { intentFeatures } from './intent-features.ts'
import type { Understanding } from './understanding.ts'
import type { Intent } from './vocabulary.ts'

/**
 * Commands and ticket numbers by rule; the rest by the classifier, corrected where the rules are
 * surer: a message that tells of a contact (a kind, and whom, where or when) is a report even when
 * it carries complaints; a question, or one with no kind, target or place, is none; a query or help request needs
 * its words; and a role only breaks ties (a requester's complaint is an opinion).
 */
export function decideIntent(
  normalized: string,
  role: string | undefined,
  contact: ContactAnalysis,
  understanding: Understanding,
): Intent {
  const intent = decideAnyRole(normalized, role, contact, understanding)
  // A requester is on no roster and has no contacts to report: what they tell of happened to them
  // (有人在宿舍楼里推销), so a complaint is raised to be handled and anything else is chat.
  if (role === 'requester' && intent === 'report_contact') return complainsOf(normalized, contact, understanding) ? 'submit_opinion' : 'other'
  return intent
}

function decideAnyRole(
  normalized: string,
  role: string | undefined,
  contact: ContactAnalysis,
  understanding: Understanding,
): Intent {
  const command = findCommand(normalized, understanding.commands)
  if (command === 'edit' && (understanding.commands.editStart.test(normalized.trim()) || !understanding.opinions.raise.test(normalized))) {
    return 'edit'
  }
  if (command && command !== 'edit') return command
  const { signals } = understanding
  if (signals.ticket.test(normalized) || signals.ownOpinion.test(normalized)) return 'query_opinion'
  if (signals.progress.test(normalized)) return 'query_progress'
  const scores = understanding.classifier.classify(intentFeatures(normalized, contact, understanding))
  const structured = contact.kinds.length > 0 || contact.targets.length > 0 || contact.place !== null
  // A place alone (去了趟教育厅) tells of no contact: the classifier needs a kind or a target to say report.
  const contacted = contact.kinds.length > 0 || contact.targets.length > 0
  const question = signals.question.test(normalized)
  const future = signals.future.test(normalized)
  const supported = (intent: Intent) => signals.support.get(intent)?.test(normalized) ?? true
  const candidates = scores.filter((s) =>
    !COMMAND_INTENTS.has(s.intent) && supported(s.intent) &&
    (s.intent !== 'report_contact' || (contacted && !question)))
  const top = candidates[0]?.intent ?? 'other'
  const { opinions } = understanding
  const complains = complainsOf(normalized, contact, understanding)
  const went = contact.placeIntroduced
  const told = contact.kinds.length > 0 && (
    ((contact.saysKind || went) && (went || contact.date !== null)) ||
    (contact.targets.length > 0 && (role !== undefined || !complains)))
  const narrated = (contact.date !== null || went) && contact.targets.length > 0
  if (role === 'requester' && (top === 'report_contact' || top === 'submit_opinion') && complains) return 'submit_opinion'
  if ((told || narrated) && !question && !future) return 'report_contact'
  if (future && top === 'report_contact') return 'other'
  // A statement that complains is an opinion, though it names a query or help word (进度太快, 格式太多).
  if (QUERIES.has(top) && !question && (opinions.problem.test(normalized) || normalized.search(opinions.cue) >= 0)) return 'submit_opinion'
  if (top === 'other' && complains && bare(normalized).length >= MIN_OPINION_LENGTH) return 'submit_opinion'
  if (top === 'other' && role !== undefined && role !== 'requester' && contact.date && signals.done.test(normalized) && structured) {
    return 'report_contact'
  }
  return top
}

function complainsOf(normalized: string, contact: ContactAnalysis, { opinions }: Understanding): boolean {
  return contact.opinions.length > 0 || opinions.problem.test(normalized) ||
    opinions.raise.test(normalized) || opinions.asksAnonymity.test(normalized)
}

/** Chit-chat is short; a longer message that complains is an opinion. */
const MIN_OPINION_LENGTH = 8

const QUERIES: ReadonlySet<Intent> = new Set(['query_progress', 'query_opinion', 'help'])

/** Commands come from the rules above, never from the classifier, which only learns to tell them apart. */
const COMMAND_INTENTS: ReadonlySet<Intent> = new Set(['confirm', 'cancel', 'back', 'undo', 'edit'])
