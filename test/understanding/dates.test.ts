import { describe, expect, it } from 'vitest'
import { compileDateGrammar } from '../../src/understanding/date-grammar.ts'
import { findDate } from '../../src/understanding/find-date.ts'
import { loadVocabulary } from '../../src/understanding/vocabulary.ts'

const grammar = compileDateGrammar(loadVocabulary('conversations/vocabulary').dates)

const WEDNESDAY = '2026-11-18T10:00:00+08:00'
const MONDAY = '2026-11-16T08:30:00+08:00'
const SUNDAY = '2026-11-22T21:00:00+08:00'
const DECEMBER_FIRST = '2026-12-01T09:00:00+08:00'
const NEW_YEAR = '2026-01-02T09:00:00+08:00'
const DECEMBER_SECOND = '2026-12-02T10:00:00+08:00'
/** 00:30 in Shanghai is still the previous day in UTC: the day must come from Shanghai. */
const AFTER_MIDNIGHT = '2026-11-19T00:30:00+08:00'

// [text, now, date, time]
const rows: ReadonlyArray<readonly [string, string, string | null, string | null]> = [
  ['今天去二食堂', WEDNESDAY, '2026-11-18', null],
  ['今早去二食堂', WEDNESDAY, '2026-11-18', null],
  ['今晚在宿舍', WEDNESDAY, '2026-11-18', null],
  ['昨天下午3点在马院', WEDNESDAY, '2026-11-17', '15:00'],
  ['昨晚8点半到12栋', WEDNESDAY, '2026-11-17', '20:30'],
  ['前天去看望', WEDNESDAY, '2026-11-16', null],
  ['大前天', WEDNESDAY, '2026-11-15', null],
  ['三天前去了实验室', WEDNESDAY, '2026-11-15', null],
  ['刚才去5号宿舍', WEDNESDAY, '2026-11-18', null],
  ['刚刚在寝室', AFTER_MIDNIGHT, '2026-11-19', null],
  ['昨晚11点在宿舍楼下', AFTER_MIDNIGHT, '2026-11-18', '23:00'],
  ['上周三下午在3号宿舍', WEDNESDAY, '2026-11-11', null],
  ['上周三下午在3号宿舍', SUNDAY, '2026-11-11', null],
  ['上周三下午在3号宿舍', MONDAY, '2026-11-11', null],
  ['上周五晚上', MONDAY, '2026-11-13', null],
  ['上个星期五', DECEMBER_FIRST, '2026-11-27', null],
  ['上上周四到化工学院', WEDNESDAY, '2026-11-05', null],
  ['上上周四到化工学院', MONDAY, '2026-11-05', null],
  ['本周二', WEDNESDAY, '2026-11-17', null],
  ['这周一', SUNDAY, '2026-11-16', null],
  ['周二和物理学院', WEDNESDAY, '2026-11-17', null],
  ['周三', WEDNESDAY, '2026-11-18', null],
  ['周四', WEDNESDAY, '2026-11-12', null],
  ['周日晚上在腾讯会议', WEDNESDAY, '2026-11-15', null],
  ['周日晚上在腾讯会议', SUNDAY, '2026-11-22', null],
  ['星期天', MONDAY, '2026-11-15', null],
  ['礼拜三', SUNDAY, '2026-11-18', null],
  ['周三', NEW_YEAR, '2025-12-31', null],
  ['11.20 去3栋', DECEMBER_FIRST, '2026-11-20', null],
  // A month-day is the latest such day unless the next one is nearer and within a month: a day still to
  // come is read as such, so the conversation refuses it instead of silently taking last year's.
  ['11.20 去3栋', WEDNESDAY, '2026-11-20', null],
  ['12月5日在二食堂和计算机2101班同学座谈', DECEMBER_SECOND, '2026-12-05', null],
  ['12月15日', DECEMBER_SECOND, '2026-12-15', null],
  ['1月1日', DECEMBER_SECOND, '2026-01-01', null],
  // Further ahead than two weeks, a month-day is a past one: reports look back far more often than they slip.
  ['1月10日', DECEMBER_SECOND, '2026-01-10', null],
  ['3月5日', DECEMBER_SECOND, '2026-03-05', null],
  ['11月5日', DECEMBER_SECOND, '2026-11-05', null],
  ['6月5日', DECEMBER_SECOND, '2026-06-05', null],
  ['明天在二食堂', DECEMBER_SECOND, '2026-12-03', null],
  ['后天下午3点', DECEMBER_SECOND, '2026-12-04', '15:00'],
  ['下周一', DECEMBER_SECOND, '2026-12-07', null],
  ['11/12 在3号楼会议室', WEDNESDAY, '2026-11-12', null],
  ['11-17 晚 线上班会', WEDNESDAY, '2026-11-17', null],
  ['11月10日在学生活动中心', WEDNESDAY, '2026-11-10', null],
  ['十一月十五号', WEDNESDAY, '2026-11-15', null],
  ['12月28日在6号宿舍楼', NEW_YEAR, '2025-12-28', null],
  ['12月3日', WEDNESDAY, '2025-12-03', null],
  ['11月30日', WEDNESDAY, '2026-11-30', null],
  ['9月3日', NEW_YEAR, '2025-09-03', null],
  ['2026年11月3日在实训中心', WEDNESDAY, '2026-11-03', null],
  ['15号中午在一食堂', WEDNESDAY, '2026-11-15', null],
  ['20号', WEDNESDAY, '2026-10-20', null],
  ['30号晚上', DECEMBER_FIRST, '2026-11-30', null],
  ['上个月15号', WEDNESDAY, '2026-10-15', null],
  ['上个月20号', NEW_YEAR, '2025-12-20', null],
  ['14:30 在经管学院312教室', WEDNESDAY, null, '14:30'],
  // A bare clock time is a working hour: 1–6 点 the afternoon, 7–11 点 the morning, 12 点 noon.
  ['三点半在会议室', WEDNESDAY, null, '15:30'],
  ['两点半 在图书馆', WEDNESDAY, null, '14:30'],
  ['4:30在学院会议室', WEDNESDAY, null, '16:30'],
  ['6点到实验室', WEDNESDAY, null, '18:00'],
  ['7点到二食堂', WEDNESDAY, null, '07:00'],
  ['9:30 在马院', WEDNESDAY, null, '09:30'],
  ['十点在会议室', WEDNESDAY, null, '10:00'],
  ['12点在一食堂', WEDNESDAY, null, '12:00'],
  ['14:00-16:30 在报告厅', WEDNESDAY, null, '14:00'],
  ['中午1点', WEDNESDAY, null, '13:00'],
  ['早上8点', WEDNESDAY, null, '08:00'],
  ['凌晨1点', WEDNESDAY, null, '01:00'],
  ['晚上七点半', WEDNESDAY, null, '19:30'],
  ['今早7点半到食堂', WEDNESDAY, '2026-11-18', '07:30'],
  ['昨晚10点去2栋', WEDNESDAY, '2026-11-17', '22:00'],
  ['上午十一点', WEDNESDAY, null, '11:00'],
  ['下午三点半在会议室', WEDNESDAY, null, '15:30'],
  ['晚7点', WEDNESDAY, null, '19:00'],
  ['中午12点', WEDNESDAY, null, '12:00'],
  ['上午在办公室', WEDNESDAY, null, null],
  ['晚上在宿舍', WEDNESDAY, null, null],
  ['上周在马院', WEDNESDAY, null, null],
  ['3号宿舍', WEDNESDAY, null, null],
  ['1号教学楼', WEDNESDAY, null, null],
  ['听课2.5小时', WEDNESDAY, null, null],
]

describe('findDate', () => {
  it.each(rows)('%s (sent %s) → %s %s', (text, now, date, time) => {
    expect(findDate(text, new Date(now), grammar)).toEqual({ date, time })
  })
})
