import { periodOf, type Period } from '../domain/calendar/periods.ts'
import { addDays, shanghaiDate } from '../domain/calendar/shanghai-date.ts'
import type { Semester } from '../domain/calendar/semesters.ts'
import type { ContactService } from '../domain/contacts/contact-service.ts'
import { byUrgency, ruleLines } from '../domain/duties/duty-texts.ts'
import type { ProgressService } from '../domain/duties/progress-service.ts'
import type { Person } from '../domain/people/person.ts'
import type { Messages } from '../messages.ts'
import type { ProgressPeriod } from './commands.ts'
import type { Turn } from './turn.ts'

export interface ProgressAnswerDeps {
  readonly contacts: ContactService
  readonly progress: ProgressService
  readonly semesters: readonly Semester[]
  readonly messages: Messages
}

/**
 * 本周/本月/本学期进度: the leader's recorded contacts per kind in the period asked, then every
 * duty of the rule profile with its state, the unmet ones first with what they still lack and
 * the policy they come from; the met ones on one line.
 */
export async function answerProgress(turn: Turn, leader: Person, asked: ProgressPeriod, deps: ProgressAnswerDeps, previous = false): Promise<string> {
  const { messages } = deps
  const today = shanghaiDate(turn.sentAt)
  const current = askedPeriod(asked, today, deps.semesters)
  // 上周进度: the period that ended the day before this one began.
  const period = previous ? askedPeriod(asked, addDays(current.start, -1), deps.semesters) : current
  const end = addDays(period.end, 1)
  const [counts, total, progress] = await Promise.all([
    deps.contacts.countByKind(leader.id, period.start, end),
    deps.contacts.countBetween(leader.id, period.start, end),
    deps.progress.forPerson(leader, turn.sentAt),
  ])
  const label = asked === 'semester' ? period.name : previous ? messages.text(`PREVIOUS_${asked.toUpperCase()}`) : messages.text(`PERIOD_${asked.toUpperCase()}`)
  const head = messages.text(turn.person?.id === leader.id ? 'PROGRESS_HEAD' : 'PROGRESS_HEAD_FOR', {
    label,
    from: messages.monthDay(period.start),
    to: messages.monthDay(period.end),
    leader: leader.name,
    total,
  })
  const lines = [head, total === 0 ? messages.text('PROGRESS_NONE') : messages.list([...counts.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => messages.text('PROGRESS_KIND', { kind, n })))]
  // The duties' states are those of today: under a past period's counts they would mislead.
  if (previous) return [...lines, messages.text('PROGRESS_PAST_NOTE')].join('\n')
  if (progress.rules.length === 0) return [...lines, messages.text('PROGRESS_NO_RULES')].join('\n')
  const results = byUrgency(progress.rules)
  const done = results.filter((r) => r.status === 'done')
  lines.push('', messages.text('PROGRESS_RULES_HEAD', { profile: deps.progress.ruleSet.name }))
  for (const result of results.filter((r) => r.status !== 'done')) lines.push(...ruleLines(result, messages))
  if (done.length > 0) lines.push(messages.text('PROGRESS_DONE_LIST', { rules: messages.list(done.map((r) => r.title)) }))
  return lines.join('\n')
}

/** The period a question names, as of today; the semester that ended last when asked in a vacation. */
function askedPeriod(asked: ProgressPeriod, today: string, semesters: readonly Semester[]): Period {
  const current = periodOf(asked, today, semesters)
  if (current) return current
  const ended = semesters.filter((s) => s.end < today).sort((a, b) => (a.end < b.end ? 1 : -1))[0]
  return (ended && periodOf('semester', ended.end, semesters)) || periodOf('month', today, semesters)!
}
