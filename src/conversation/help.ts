import { isAdmin, isLeader, type Person } from '../domain/people/person.ts'
import type { Messages } from '../messages.ts'

/**
 * 帮助: what this speaker can do, in the order they are most likely to need it. A requester
 * (not on the roster) only learns about opinions; everyone else also about their own roles.
 */
export function helpText(person: Person | undefined, messages: Messages): string {
  const parts = [messages.text('HELP_INTRO')]
  const reports = reportsContacts(person)
  if (reports) parts.push(messages.text('HELP_LEADER'))
  if (person?.roles.includes('secretary')) parts.push(messages.text('HELP_SECRETARY'))
  if (person?.roles.includes('handler')) parts.push(messages.text('HELP_HANDLER'))
  if (person && isAdmin(person)) parts.push(messages.text('HELP_ADMIN'))
  // 返回上一步 and the rest are steps of a report: only those who report need them.
  parts.push(messages.text('HELP_OPINION'), messages.text(reports ? 'HELP_CONTROLS' : 'HELP_CONTROLS_OPINION'))
  return parts.join('\n\n')
}

/** One line for a message that was not understood, pointing at what this speaker most likely wants. */
export function notUnderstoodText(person: Person | undefined, messages: Messages): string {
  if (reportsContacts(person)) return messages.text('NOT_UNDERSTOOD_LEADER')
  if (person?.roles.includes('handler')) return messages.text('NOT_UNDERSTOOD_HANDLER')
  return messages.text('NOT_UNDERSTOOD_REQUESTER')
}

/** Leaders report contacts, and secretaries for them. */
function reportsContacts(person: Person | undefined): boolean {
  return person !== undefined && (isLeader(person) || person.roles.includes('secretary'))
}
