import type { Vocabulary } from './vocabulary.ts'
import { alternation, compile } from './patterns.ts'

/** The regular expressions of the date rules, built once from dates.yaml. */
export interface DateGrammar {
  readonly words: Vocabulary['dates']
  /** 2026年11月3日, 2026-11-03, 2026.11.3 */
  readonly fullDate: RegExp
  /** 11月15日, 十一月十五号, 11.20, 11/20, 11-20 */
  readonly monthDay: RegExp
  /** 上个月15号 */
  readonly monthOffsetDay: RegExp
  /** 15号, 十五日 */
  readonly dayOnly: RegExp
  /** 上上周四, 这周二, 周日, 星期天 */
  readonly weekday: RegExp
  /** 今天, 昨晚, 大前天, 刚才 */
  readonly relativeDay: RegExp
  /** 元旦, 国庆节 */
  readonly holiday: RegExp
  /** Anything that names a day or a time of day, to tell a time from a place. */
  readonly anyTime: RegExp
  /** A part of the day just before a clock time (下午 in 下午3点), in the group `part`. */
  readonly partBefore: RegExp
  /** A part of the day that starts a clock time as chrono read it (中午 in 中午1点). */
  readonly partAtStart: RegExp
  readonly partOfDay: RegExp
  /** Parts of the day, digits and clock marks: what is left of a chrono match without a day word. */
  readonly timeOnly: RegExp
}

export function compileDateGrammar(words: Vocabulary['dates']): DateGrammar {
  const num = `[0-9]{1,2}|[${Object.keys(words.numerals).join('')}]{1,3}`
  const day = `[${words.marks.day.join('')}]`
  const month = words.marks.month
  const unitAfterNumber = `(?![0-9]|\\s*(?:${alternation(words.quantityUnits)}))`
  const follower = `(?=$|[^\\p{Script=Han}]|${alternation(words.dayFollowers)}|${alternation(Object.keys(words.partsOfDay))})`
  const parts = alternation(Object.keys(words.partsOfDay))
  return {
    words,
    fullDate: compile(`(?<![0-9])(?<year>[0-9]{4})(?:${words.marks.year}|[-./])(?<month>[0-9]{1,2})(?:${month}|[-./])(?<day>[0-9]{1,2})${day}?`),
    monthDay: compile(
      `(?<![0-9.\\/-])(?:(?<month>${num})${month}(?<day>${num})${day}?|(?<month2>[0-9]{1,2})[./-](?<day2>[0-9]{1,2})${unitAfterNumber})`,
    ),
    monthOffsetDay: compile(`(?<offset>${alternation(Object.keys(words.monthOffsets))})(?<day>${num})${day}`),
    dayOnly: compile(`(?<![0-9${month}.\\/-])(?<day>${num})${day}${follower}`),
    weekday: compile(
      `(?<offset>${alternation(Object.keys(words.weekOffsets))})?(?:${alternation(words.weekWords)})(?<weekday>[${Object.keys(words.weekdays).join('')}])`,
    ),
    relativeDay: compile(`(?<word>${[alternation([...Object.keys(words.relativeDays), ...words.justNow]), ...words.justNowPatterns].join('|')})`),
    holiday: compile(`(?<holiday>${alternation(Object.keys(words.holidays))})(?!${alternation(words.notHolidayAfter)})`),
    anyTime: compile(
      [alternation([...Object.keys(words.relativeDays), ...words.justNow, ...Object.keys(words.partsOfDay), ...Object.keys(words.holidays)]),
        `(?:${alternation(words.weekWords)})[${Object.keys(words.weekdays).join('')}]`, `[0-9]+${words.marks.month}`].join('|'),
    ),
    partBefore: compile(`(?<part>${parts})\\s*$`),
    partAtStart: compile(`^(?<part>${parts})`),
    partOfDay: compile(alternation(Object.keys(words.partsOfDay))),
    timeOnly: compile(`^(?:${alternation(Object.keys(words.partsOfDay))}|${alternation(words.clockMarks)}|[0-9\\s])*$`),
  }
}
