import { AssignmentError } from '../domain/assignments/assignment-error.ts'
import { assignmentVocabulary } from '../domain/assignments/assignment-vocabulary.ts'
import { periodOf } from '../domain/calendar/periods.ts'
import { daysBetween, isShanghaiDate, shanghaiDate, type ShanghaiDate } from '../domain/calendar/shanghai-date.ts'
import { ruleAppliesTo } from '../domain/duties/applies.ts'
import { digestText } from '../domain/duties/digest.ts'
import { isUnmet, type Rule } from '../domain/duties/rule.ts'
import { isAdmin, type Person } from '../domain/people/person.ts'
import { LiaisonError } from '../errors.ts'
import type { Services } from '../services.ts'
import type { CommandGrammar, CommandName, WrittenDate } from './commands.ts'
import type { CommandHandler } from './opinion-commands.ts'
import { dutyHolder } from './duty-holder.ts'
import type { Turn } from './turn.ts'

export interface DutyCommandDeps {
  readonly services: Services
  readonly commands: CommandGrammar
}

/** Lists in the chat stop here, with the rest counted: they are read on a phone. */
const LIST_LIMIT = 20

/**
 * The duty commands of conversations/commands.yaml: a leader reports a submission (计划清单,
 * 工作记录表) and reads their assignments and rules; admins get the summary, the list of who is
 * behind, the overdue opinions, pause a person's nudges (leave, travel) and edit assignments.
 * Answers are private.
 */
export function dutyCommands(deps: DutyCommandDeps): Partial<Record<CommandName, CommandHandler>> {
  const { services, commands } = deps
  const { messages } = services
  const say = (turn: Turn, code: string, params?: Record<string, string | number>) => turn.replyPrivately({ kind: 'text', text: messages.text(code, params) })
  const labels = assignmentVocabulary()

  const holderOf = (turn: Turn) => dutyHolder(turn.person, turn.text, services, 'only')

  /** The one person of that name on the roster; refused when there is none or there are several. */
  async function personNamed(name: string): Promise<Person> {
    const found = await services.people.findByName(name)
    if (found.length === 0) throw new LiaisonError('PERSON_NOT_FOUND', `no person named ${name}`, { name })
    if (found.length > 1) throw new LiaisonError('PERSON_AMBIGUOUS', `${found.length} people named ${name}`, { name, count: found.length })
    return found[0]!
  }

  async function editAssignment(args: Readonly<Record<string, string>>, turn: Turn, edit: 'add' | 'remove'): Promise<void> {
    const person = await personNamed(args.name!)
    const kind = labels.kindByName(args.kind!)
    if (!kind) return say(turn, 'ASSIGNMENT_KIND_UNKNOWN', { kind: args.kind!, kinds: labels.acceptedNames().slice(0, 17).join('、') })
    try {
      if (edit === 'add') {
        await services.assignmentService.add(person.id, kind, args.target!, turn.person!.id)
        return say(turn, 'ASSIGNMENT_ADDED', { name: person.name, kind: labels.label(kind), target: args.target! })
      }
      const removed = await services.assignmentService.remove(person.id, kind, args.target!, turn.person!.id)
      return say(turn, removed ? 'ASSIGNMENT_REMOVED' : 'ASSIGNMENT_NOT_HELD', { name: person.name, kind: labels.label(kind), target: args.target! })
    } catch (error) {
      if (error instanceof AssignmentError) return turn.replyPrivately({ kind: 'text', text: labels.text(error.code, error.params) })
      throw error
    }
  }

  return {
    async submit_event({ what }, turn) {
      const holder = await holderOf(turn)
      if (!holder) return 'pass'
      const rule = services.progress.rulesFor(holder).find((r) => r.shape === 'event' && r.submission?.some((name) => what!.includes(name) || name.includes(what!)))
      if (!rule || rule.shape !== 'event') return 'pass'
      const today = shanghaiDate(turn.sentAt)
      const period = periodOf(rule.period, today, services.semesters)
      if (!period) return say(turn, 'SUBMISSION_NO_PERIOD', { title: rule.title })
      const recorded = await services.submissions.record({ personId: holder.id, ruleId: rule.id, date: today, period: period.name, by: turn.person!.id, at: turn.sentAt })
      return say(turn, recorded ? 'SUBMISSION_RECORDED' : 'SUBMISSION_ALREADY', { title: rule.submission![0]!, period: period.name, name: holder.name })
    },

    async my_assignments(_args, turn) {
      const holder = await holderOf(turn)
      if (!holder) return say(turn, 'PROGRESS_NO_DUTIES')
      const links = await services.assignments.list({ personId: holder.id })
      if (links.length === 0) return say(turn, 'ASSIGNMENTS_NONE', { name: holder.name })
      const lines = links.map((a) => messages.text('ASSIGNMENT_LINE', { kind: labels.label(a.kind), target: a.target }))
      return say(turn, 'ASSIGNMENTS_LIST', { name: holder.name, list: lines.join('\n') })
    },

    async rules(_args, turn) {
      const holder = turn.person && isAdmin(turn.person) ? undefined : await holderOf(turn)
      const rules = holder ? services.progress.rulesFor(holder) : services.rules.rules
      if (rules.length === 0) return say(turn, 'PROGRESS_NO_RULES')
      const lines = rules.map((r) => messages.text('RULE_LIST_LINE', { id: r.id, title: r.title, source: r.source }))
      return say(turn, 'RULE_LIST', { profile: services.rules.name, list: lines.join('\n') })
    },

    async explain_rule({ rule: id }, turn) {
      const rule = services.rules.rules.find((r) => r.id === id!.toUpperCase())
      if (!rule) return say(turn, 'RULE_NOT_FOUND', { id: id!.toUpperCase(), profile: services.rules.name })
      const applies = turn.person ? ruleAppliesTo(rule, turn.person) : false
      return say(turn, 'RULE_EXPLAINED', { id: rule.id, title: rule.title, source: rule.source, period: periodText(rule), applies: messages.text(applies ? 'RULE_APPLIES' : 'RULE_NOT_FOR_YOU') })
    },

    async summary({ month }, turn) {
      const today = shanghaiDate(turn.sentAt)
      const period = periodOf(month ? 'month' : 'week', today, services.semesters)!
      const [progress, opinions, open] = await Promise.all([
        services.progress.everyone(turn.sentAt),
        services.opinions.raisedOrAnsweredBetween(period.start, today),
        services.opinions.withStatus(['open', 'accepted', 'transferring'], 10_000),
      ])
      const markdown = await digestText({ period, progress, opinions, open, units: services.units, messages, calendar: services.calendar.calendar, today })
      return turn.replyPrivately({ kind: 'markdown', title: messages.text('DIGEST_TITLE', { period: period.name }), markdown })
    },

    async unfinished(_args, turn) {
      const behind = (await services.progress.everyone(turn.sentAt)).map((p) => ({ ...p, unmet: p.rules.filter((r) => isUnmet(r.status)) })).filter((p) => p.unmet.length > 0)
      if (behind.length === 0) return say(turn, 'UNFINISHED_NONE')
      const lines = behind.slice(0, LIST_LIMIT).map(({ person, unmet }) => messages.text('UNFINISHED_LINE', { name: person.name, rules: messages.list(unmet.map((r) => r.id)) }))
      if (behind.length > LIST_LIMIT) lines.push(messages.text('LIST_MORE', { count: behind.length - LIST_LIMIT }))
      return say(turn, 'UNFINISHED', { count: behind.length, list: lines.join('\n') })
    },

    async overdue_opinions(_args, turn) {
      const today = shanghaiDate(turn.sentAt)
      const overdue = (await services.opinions.withStatus(['open', 'accepted', 'transferring'], 10_000)).filter((o) => o.dueDate < today)
      if (overdue.length === 0) return say(turn, 'OVERDUE_NONE')
      const units = new Map((await services.units.list()).map((u) => [u.id, u.name]))
      const lines = overdue.slice(0, LIST_LIMIT).map((o) => messages.text('OVERDUE_LINE', { ticketNo: o.ticketNo, unit: units.get(o.handlerUnitId) ?? '', due: messages.monthDay(o.dueDate), content: o.content.slice(0, 30) }))
      if (overdue.length > LIST_LIMIT) lines.push(messages.text('LIST_MORE', { count: overdue.length - LIST_LIMIT }))
      return say(turn, 'OVERDUE', { count: overdue.length, list: lines.join('\n') })
    },

    async pause({ name, from, to, reason }, turn) {
      const person = await personNamed(name!)
      const today = shanghaiDate(turn.sentAt)
      const start = pauseStart(commands.dateOf(from!), today)
      const end = start && pauseEnd(commands.dateOf(to!), start)
      if (!start || !end) return say(turn, 'PAUSE_BAD_DATES', { from: from!, to: to! })
      if (end < today) return say(turn, 'PAUSE_IN_PAST', { from: from!, to: to! })
      await services.pauses.add({ personId: person.id, from: start, to: end, reason: reason?.trim() ?? '', by: turn.person!.id }, turn.sentAt)
      // The year is shown when the pause is not all in this year, so a misread year cannot pass unseen.
      const day = (date: ShanghaiDate) =>
        start.slice(0, 4) === today.slice(0, 4) && end.slice(0, 4) === today.slice(0, 4) ? messages.monthDay(date) : messages.text('YEAR_MONTH_DAY', { year: date.slice(0, 4), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) })
      return say(turn, 'PAUSED', { name: person.name, from: day(start), to: day(end) })
    },

    add_assignment: (args, turn) => editAssignment(args, turn, 'add'),
    remove_assignment: (args, turn) => editAssignment(args, turn, 'remove'),
  }

  function periodText(rule: Rule): string {
    if (!('period' in rule)) return messages.text('RULE_NO_PERIOD')
    const per = messages.text(`PER_${rule.period.toUpperCase()}`)
    return 'minimum' in rule ? messages.text('RULE_PERIOD_MINIMUM', { per, minimum: rule.minimum }) : per
  }
}

/** A pause written without years longer than this is a slip (12月10日至12月5日), not a leave: the admin is asked again. */
const LONGEST_UNDATED_PAUSE_DAYS = 183

/**
 * A pause's first day. Without its year it is the one nearest today: a leave that began
 * yesterday (12月1日 typed on 12月2日), or one after New Year (1月3日 typed in December).
 */
function pauseStart(written: WrittenDate | undefined, today: ShanghaiDate): ShanghaiDate | undefined {
  if (!written?.month) return undefined
  const dated = { ...written, month: written.month }
  const year = Number(today.slice(0, 4))
  const candidates = (written.year ? [written.year] : [year - 1, year, year + 1]).map((y) => dateIn(y, dated)).filter((d): d is ShanghaiDate => d !== undefined)
  return candidates.sort((a, b) => Math.abs(daysBetween(today, a)) - Math.abs(daysBetween(today, b)))[0]
}

/** A pause's last day: on or after its first; without its year the first such day, within half a year. */
function pauseEnd(written: WrittenDate | undefined, start: ShanghaiDate): ShanghaiDate | undefined {
  if (!written) return undefined
  const year = Number(start.slice(0, 4))
  // 12月3日至5日: the day alone is in the month of the first, or the next one (12月28日至3日).
  const month = Number(start.slice(5, 7))
  const full = written.month ? [{ day: written.day, month: written.month }] : [{ day: written.day, month }, { day: written.day, month: (month % 12) + 1 }]
  const end = full
    .flatMap((w) => (written.year ? [written.year] : [year, year + 1]).map((y) => dateIn(y, w)))
    .filter((d): d is ShanghaiDate => d !== undefined && d >= start)
    .sort()[0]
  if (!end || (!written.year && daysBetween(start, end) > LONGEST_UNDATED_PAUSE_DAYS)) return undefined
  return end
}

function dateIn(year: number, written: WrittenDate & { month: number }): ShanghaiDate | undefined {
  const pad = (n: number) => String(n).padStart(2, '0')
  const date = `${year}-${pad(written.month)}-${pad(written.day)}`
  return isShanghaiDate(date) ? date : undefined
}
