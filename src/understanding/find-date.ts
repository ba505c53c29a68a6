import * as chronoZh from 'chrono-node/zh/hans'
import {
  addDays, compareDates, formatDate, formatTime, isValidDate, shanghaiClock, shiftMonth,
  type CalendarDate, type WallClock,
} from './calendar-date.ts'
import { chineseNumber } from './chinese-number.ts'
import type { DateGrammar } from './date-grammar.ts'

export interface FoundDate {
  /** YYYY-MM-DD in Asia/Shanghai, or null when the text names no day. */
  readonly date: string | null
  /** HH:mm when a clock time is written, else null. */
  readonly time: string | null
}

interface Mention {
  readonly start: number
  readonly end: number
  readonly date: CalendarDate
}

type Rule = (match: RegExpExecArray, today: WallClock, grammar: DateGrammar) => CalendarDate | null

/** Our rules, strongest first; a later rule never takes text an earlier one matched. */
const rules: ReadonlyArray<readonly [keyof DateGrammar, Rule]> = [
  ['fullDate', (m) => valid(Number(m.groups!.year), Number(m.groups!.month), Number(m.groups!.day))],
  ['monthOffsetDay', (m, today, g) => {
    const { year, month } = shiftMonth(today.year, today.month, g.words.monthOffsets[m.groups!.offset!]!)
    return valid(year, month, number(m.groups!.day!, g))
  }],
  ['monthDay', (m, today, g) => latestMonthDay(
    number(m.groups!.month ?? m.groups!.month2!, g), number(m.groups!.day ?? m.groups!.day2!, g), today,
  )],
  ['weekday', (m, today, g) => {
    const weekday = g.words.weekdays[m.groups!.weekday!]!
    const offset = m.groups!.offset
    if (offset === undefined) return addDays(today, -((today.weekday - weekday + 7) % 7))
    return addDays(today, 7 * g.words.weekOffsets[offset]! + weekday - today.weekday)
  }],
  ['relativeDay', (m, today, g) => addDays(today, g.words.relativeDays[m.groups!.word!] ?? 0)],
  ['holiday', (m, today, g) => {
    const [month, day] = g.words.holidays[m.groups!.holiday!]!.split('-').map(Number)
    return latestMonthDay(month!, day!, today)
  }],
  ['dayOnly', (m, today, g) => latestDay(number(m.groups!.day!, g), today)],
]

/**
 * Finds the day and clock time of a contact in `text` (already stripped of opinions, so "晚上断网太早"
 * dates nothing). `now` is the moment the message was sent.
 */
export function findDate(text: string, now: Date, grammar: DateGrammar): FoundDate {
  const today = shanghaiClock(now)
  const mentions: Mention[] = []
  for (const [name, rule] of rules) {
    const regex = new RegExp(grammar[name] as RegExp, 'gu')
    for (const match of text.matchAll(regex)) {
      const start = match.index
      const end = start + match[0].length
      if (mentions.some((m) => start < m.end && end > m.start)) continue
      const date = rule(match as RegExpExecArray, today, grammar)
      if (date) mentions.push({ start, end, date })
    }
  }
  const fromChrono = chronoFindings(text, today, grammar)
  for (const found of fromChrono.dates) {
    if (!mentions.some((m) => found.start < m.end && found.end > m.start)) mentions.push(found)
  }
  mentions.sort((a, b) => a.start - b.start)
  const first = mentions[0]
  return { date: first ? formatDate(first.date) : null, time: fromChrono.time }
}

/**
 * chrono-node reads clock times (下午3点, 三点半, 14:30) and spans such as 3天前. It works in the
 * host's zone, so it gets a reference whose local fields are the Shanghai wall clock, and only
 * fields (never instants) are read back.
 */
function chronoFindings(text: string, today: WallClock, grammar: DateGrammar) {
  const reference = new Date(today.year, today.month - 1, today.day, today.hour, today.minute)
  const dates: Mention[] = []
  let time: string | null = null
  for (const result of chronoZh.parse(text, reference)) {
    const { start } = result
    if (time === null && start.isCertain('hour')) {
      const said = grammar.partAtStart.exec(result.text) ?? grammar.partBefore.exec(text.slice(Math.max(0, result.index - 4), result.index))
      const part = said ? grammar.words.partsOfDay[said.groups!.part!] : undefined
      time = formatTime(clockHour(start.get('hour')!, start.isCertain('meridiem'), part), start.get('minute') ?? 0)
    }
    if (start.isCertain('day') && !start.isCertain('weekday') && !grammar.timeOnly.test(result.text)) {
      const date = valid(start.get('year')!, start.get('month')!, start.get('day')!)
      if (date && compareDates(date, today) <= 0) {
        dates.push({ start: result.index, end: result.index + result.text.length, date })
      }
    }
  }
  return { dates, time }
}

/**
 * The hour of a clock time on a 24-hour clock. Without a part of the day a leader means a working
 * hour: 1–6 点 is the afternoon, 7–11 点 the morning, 12 点 noon (docs/nlu-annotation.md).
 */
function clockHour(hour: number, meridiemSaid: boolean, part: 'am' | 'noon' | 'pm' | undefined): number {
  if (meridiemSaid || hour >= 12 || part === 'am') return hour
  if (part === 'pm') return hour + 12
  return hour >= 1 && hour <= 6 ? hour + 12 : hour
}

function number(text: string, grammar: DateGrammar): number {
  return chineseNumber(text, grammar.words.numerals) ?? Number.NaN
}

function valid(year: number, month: number, day: number): CalendarDate | null {
  return isValidDate(year, month, day) ? { year, month, day } : null
}

/**
 * How far ahead an undated M月D日 may be read as this year's: a slip or a plan of the next two
 * weeks, not 1月1日 typed in December (last New Year's Day, far more likely in a report).
 */
const NEAR_FUTURE_DAYS = 14

/**
 * M月D日 without a year: the latest such day not after today, unless the next such day is nearer
 * and within NEAR_FUTURE_DAYS (docs/nlu-annotation.md). In January 12月28日 is last December; on
 * 12月2日, 12月5日 is in three days, so the conversation can refuse it instead of silently taking
 * last year's, while 3月5日 is still last March (reports look back far more often than they slip).
 */
function latestMonthDay(month: number, day: number, today: CalendarDate): CalendarDate | null {
  let past: CalendarDate | null = null
  for (const year of [today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4]) {
    const date = valid(year, month, day)
    if (date && compareDates(date, today) <= 0) {
      past = date
      break
    }
  }
  const next = [today.year, today.year + 1].map((year) => valid(year, month, day)).find((d) => d && compareDates(d, today) > 0) ?? null
  if (past && next) return compareDates(next, today) < compareDates(today, past) && compareDates(next, today) <= NEAR_FUTURE_DAYS ? next : past
  return past ?? next
}

/** D号 alone: the latest D-th not after today. */
function latestDay(day: number, today: CalendarDate): CalendarDate | null {
  for (let back = 0; back < 12; back++) {
    const { year, month } = shiftMonth(today.year, today.month, -back)
    const date = valid(year, month, day)
    if (date && compareDates(date, today) <= 0) return date
  }
  return null
}
