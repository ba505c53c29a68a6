import type { Period } from '../calendar/periods.ts'
import { shanghaiDate, type ShanghaiDate } from '../calendar/shanghai-date.ts'
import { workingDaysBetween, type WorkingCalendar } from '../calendar/working-days.ts'
import type { PersonProgress } from './progress-service.ts'
import { isUnmet } from './rule.ts'
import { isWithdrawn, type Opinion } from '../opinions/opinion.ts'
import type { Messages } from '../../messages.ts'
import type { Units } from '../../store/units.ts'

/** A digest is read on a phone: its lists stop here, with the rest counted. */
const LIST_LIMIT = 15
const TOP_CATEGORIES = 3

export interface DigestInput {
  readonly period: Period
  /** Everyone's duties as of the period's last moment. */
  readonly progress: readonly PersonProgress[]
  /** The opinions raised or answered in the period. */
  readonly opinions: readonly Opinion[]
  /** Every opinion still waiting for an answer, wherever it was raised. */
  readonly open: readonly Opinion[]
  readonly units: Units
  readonly messages: Messages
  readonly calendar: WorkingCalendar
  readonly today: ShanghaiDate
}

/**
 * The admins' digest of a week or a month, as markdown: per unit how many leaders met every duty,
 * who is behind and on what, the linked targets nobody contacted, and the opinions opened,
 * answered and overdue with the average working days to answer and the top categories.
 */
export async function digestText(input: DigestInput): Promise<string> {
  const { period, progress, opinions, messages } = input
  const lines = [messages.text('DIGEST_HEAD', { period: period.name, from: messages.monthDay(period.start), to: messages.monthDay(period.end) })]

  const unitNames = new Map((await input.units.list()).map((u) => [u.id, u.name]))
  const byUnit = new Map<string, { total: number; met: number }>()
  for (const { person, rules } of progress) {
    const unit = (person.unitId && unitNames.get(person.unitId)) || messages.text('DIGEST_NO_UNIT')
    const entry = byUnit.get(unit) ?? { total: 0, met: 0 }
    entry.total++
    if (!rules.some((r) => isUnmet(r.status))) entry.met++
    byUnit.set(unit, entry)
  }
  lines.push('', messages.text('DIGEST_UNITS'))
  for (const [unit, { total, met }] of [...byUnit.entries()].sort((a, b) => a[1].met / a[1].total - b[1].met / b[1].total)) {
    lines.push(messages.text('DIGEST_UNIT_LINE', { unit, met, total }))
  }

  const behind = progress.map(({ person, rules }) => ({ person, unmet: rules.filter((r) => isUnmet(r.status)) })).filter((p) => p.unmet.length > 0)
  lines.push('', messages.text('DIGEST_BEHIND', { count: behind.length }))
  for (const { person, unmet } of behind.slice(0, LIST_LIMIT)) {
    lines.push(messages.text('DIGEST_BEHIND_LINE', { name: person.name, rules: messages.list(unmet.map((r) => `${r.id} ${r.title}`)) }))
  }
  if (behind.length > LIST_LIMIT) lines.push(messages.text('DIGEST_MORE', { count: behind.length - LIST_LIMIT }))

  const gaps = progress.flatMap(({ person, rules }) => rules.filter((r) => r.missingKind === 'targets' && r.status !== 'done').map((r) => ({ person, r })))
  if (gaps.length > 0) {
    lines.push('', messages.text('DIGEST_GAPS'))
    for (const { person, r } of gaps.slice(0, LIST_LIMIT)) lines.push(messages.text('DIGEST_GAP_LINE', { name: person.name, rule: r.id, targets: messages.list(r.missing) }))
    if (gaps.length > LIST_LIMIT) lines.push(messages.text('DIGEST_MORE', { count: gaps.length - LIST_LIMIT }))
  }

  // A withdrawn opinion was never handed on for good: it is not a new one to count.
  const opened = opinions.filter((o) => o.raisedOn >= period.start && o.raisedOn <= period.end && !isWithdrawn(o))
  const answered = opinions.filter((o) => o.resolution && shanghaiDate(o.resolution.at) >= period.start && shanghaiDate(o.resolution.at) <= period.end)
  const overdue = input.open.filter((o) => o.dueDate < input.today)
  const days = answered.map((o) => workingDaysBetween(o.raisedOn, shanghaiDate(o.resolution!.at), input.calendar))
  const average = days.length > 0 ? messages.text('DIGEST_AVERAGE', { days: (days.reduce((a, b) => a + b, 0) / days.length).toFixed(1) }) : messages.text('DIGEST_NO_AVERAGE')
  const categories = new Map<string, number>()
  for (const o of opened) categories.set(o.category, (categories.get(o.category) ?? 0) + 1)
  const top = [...categories.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP_CATEGORIES)
  lines.push('', messages.text('DIGEST_OPINIONS', { opened: opened.length, answered: answered.length, overdue: overdue.length, average }))
  if (top.length > 0) lines.push(messages.text('DIGEST_TOP_CATEGORIES', { categories: messages.list(top.map(([c, n]) => messages.text('DIGEST_CATEGORY', { category: c, count: n }))) }))
  return lines.join('\n')
}
