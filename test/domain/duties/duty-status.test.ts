import { describe, expect, it } from 'vitest'
import type { Assignment } from '../../../src/domain/assignments/assignment.ts'
import { chineseHolidayCalendar } from '../../../src/domain/calendar/chinese-holidays.ts'
import type { Semester } from '../../../src/domain/calendar/semesters.ts'
import type { CountedContact, DeadlineOpinion, DutyFacts } from '../../../src/domain/duties/duty-facts.ts'
import { dutyStatus, type DutyClock } from '../../../src/domain/duties/duty-status.ts'
import type { Counts, Rule } from '../../../src/domain/duties/rule.ts'
import type { Person } from '../../../src/domain/people/person.ts'

const semesters: Semester[] = [
  { name: '2025-2026学年第二学期', start: '2026-02-23', end: '2026-07-12' },
  { name: '2026-2027学年第一学期', start: '2026-08-31', end: '2027-01-17' },
]
const clock = (today: string): DutyClock => ({
  today,
  calendar: chineseHolidayCalendar(),
  semesters,
  atRiskWorkingDays: { week: 2, month: 5, quarter: 10, halfYear: 15, semester: 15, academicYear: 20, year: 20 },
  assignmentLabel: (kind) => ({ class: '班级', studentBranch: '学生党支部', dorm: '宿舍', club: '社团', college: '学院', youngTeacher: '青年教师' })[kind as string] ?? kind,
})
const leader: Person = { id: 'p1', name: '陈志强', roles: ['collegeLeader'], flags: [], secretaryOf: [], handlerOf: [] }
const any: Counts = { kinds: [], faceToFace: false, targets: [], mentions: [] }
const contact = (date: string, fields: Partial<CountedContact> = {}): CountedContact => ({
  date,
  kinds: ['座谈'],
  faceToFace: true,
  targets: ['计算机2101班'],
  targetKinds: new Set(['students']),
  text: '',
  time: null,
  place: '3号宿舍',
  summary: '座谈',
  ...fields,
})
const facts = (fields: Partial<DutyFacts> = {}): DutyFacts => ({ contacts: [], assignments: [], submissions: [], opinions: [], peopleByRole: new Map(), ...fields })
const base = { source: 'SUDA 三.1(3)', title: '每周面对面', who: [{ roles: ['collegeLeader' as const], flags: [], notFlags: [] }] }
const weekly: Rule = { ...base, id: 'R01', shape: 'count', counts: { ...any, faceToFace: true, targets: ['students'] }, period: 'week', minimum: 1, minimumFor: [] }

describe('count rules by the week (2026-11-16 is a Monday)', () => {
  it.each([
    ['Monday, nothing yet', '2026-11-16', [], 'on_track'],
    ['Wednesday, nothing yet', '2026-11-18', [], 'on_track'],
    ['Thursday, nothing yet: two working days left', '2026-11-19', [], 'at_risk'],
    ['Friday, nothing yet', '2026-11-20', [], 'at_risk'],
    ['Wednesday, done on Tuesday', '2026-11-18', [contact('2026-11-17')], 'done'],
    ['a contact of last week does not count', '2026-11-18', [contact('2026-11-13')], 'on_track'],
    ['a contact dated after today does not count yet', '2026-11-18', [contact('2026-11-19')], 'on_track'],
    ['an online contact does not count for face to face', '2026-11-18', [contact('2026-11-17', { faceToFace: false })], 'on_track'],
    ['a contact with teachers does not count for students', '2026-11-18', [contact('2026-11-17', { targetKinds: new Set(['teachers']) })], 'on_track'],
  ])('%s: %s', (_, today, contacts, status) => {
    const result = dutyStatus(weekly, leader, facts({ contacts }), clock(today))!
    expect(result).toMatchObject({ id: 'R01', source: 'SUDA 三.1(3)', status, period: expect.stringMatching(/^2026-W47$/), minimum: 1 })
  })

  it('is at risk only on the last working days around a holiday: the week of National Day 2026 has two (Sep 28-30)', () => {
    // 2026-09-28 Mon … 10-04 Sun; Oct 1-3 are holidays. Working days: Sep 28, 29, 30.
    expect(dutyStatus(weekly, leader, facts(), clock('2026-09-28'))!.status).toBe('on_track')
    expect(dutyStatus(weekly, leader, facts(), clock('2026-09-29'))!.status).toBe('at_risk')
  })
})

describe('amounts and pace over a semester', () => {
  const hours: Rule = { ...base, id: 'R22', shape: 'amount', counts: { ...any, kinds: ['讲思政课'] }, measure: 'classHours', perContact: 2, period: 'semester', minimum: 4, minimumFor: [] }
  const lesson = (date: string, classHours?: number) => contact(date, { kinds: ['讲思政课'], ...(classHours ? { classHours } : {}) })

  it.each([
    ['early in the semester with nothing', '2026-09-10', [], 0, 'on_track'],
    ['past half way with nothing: behind the pace', '2026-11-20', [], 0, 'behind'],
    ['past half way with one class (2 课时 by default)', '2026-11-20', [lesson('2026-10-15')], 2, 'on_track'],
    ['a class said to be 3 课时 counts 3', '2026-11-20', [lesson('2026-10-15', 3)], 3, 'on_track'],
    ['two classes: done', '2026-11-20', [lesson('2026-10-15'), lesson('2026-11-12')], 4, 'done'],
    ['in the last working days, short', '2027-01-08', [lesson('2026-10-15')], 2, 'at_risk'],
    ['in the winter vacation, short: the semester that ended is overdue', '2027-02-01', [lesson('2026-10-15')], 2, 'overdue'],
  ])('%s', (_, today, contacts, count, status) => {
    expect(dutyStatus(hours, leader, facts({ contacts }), clock(today))).toMatchObject({ status, count, minimum: 4, unit: 'classHours', period: '2026-2027学年第一学期' })
  })

  it('takes a higher minimum for those minimumFor names', () => {
    const rule: Rule = { ...weekly, id: 'R30', period: 'semester', minimumFor: [{ who: { roles: ['collegeLeader'] }, minimum: 2 }] }
    expect(dutyStatus(rule, leader, facts({ contacts: [contact('2026-10-10')] }), clock('2026-10-20'))).toMatchObject({ count: 1, minimum: 2 })
  })
})

describe('coverage', () => {
  const assignments: Assignment[] = [
    { id: 'a1', personId: 'p1', kind: 'class', target: '计算机2101班', aliases: [], source: 'roster' },
    { id: 'a2', personId: 'p1', kind: 'studentBranch', target: '计算机学院学生第一党支部', aliases: [], source: 'roster' },
  ]
  const monthly: Rule = { ...base, id: 'R05', shape: 'coverage', counts: any, over: { assignments: ['class', 'studentBranch'] }, period: 'month', minimum: 1, minimumFor: [] }

  it('lists what has not been contacted this month', () => {
    const result = dutyStatus(monthly, leader, facts({ assignments, contacts: [contact('2026-11-03', { targets: ['计算机2101班的同学们'] })] }), clock('2026-11-10'))
    expect(result).toMatchObject({ status: 'on_track', count: 1, minimum: 2, missing: ['计算机学院学生第一党支部'], missingKind: 'targets' })
  })

  it('is done when every target was contacted', () => {
    const contacts = [contact('2026-11-03', { targets: ['计算机2101班'] }), contact('2026-11-05', { targets: ['学生第一党支部'] })]
    expect(dutyStatus(monthly, leader, facts({ assignments, contacts }), clock('2026-11-10'))).toMatchObject({ status: 'done', missing: [] })
  })

  it('says nothing when the person has no assignment of those kinds (the assignment rule does)', () => {
    expect(dutyStatus(monthly, leader, facts(), clock('2026-11-10'))).toBeUndefined()
  })

  it('covers a listed set of courses by any of their names, and the people of a role but the person himself', () => {
    const courses: Rule = { ...monthly, id: 'R13', counts: { ...any, kinds: ['听课'] }, over: { listed: ['中国近现代史纲要|纲要', '形势与政策|形策'] }, period: 'semester' }
    const heard = [contact('2026-10-12', { kinds: ['听课'], targets: ['21级'], text: '听了一节纲要课' })]
    expect(dutyStatus(courses, leader, facts({ contacts: heard }), clock('2026-11-10'))).toMatchObject({ count: 1, minimum: 2, missing: ['形势与政策'] })
    const colleagues: Rule = { ...monthly, id: 'R31', counts: { ...any, kinds: ['谈心谈话'] }, over: { people: ['schoolLeader'] }, period: 'year' }
    const byRole = new Map([['schoolLeader', ['陈志强', '王立新', '李明华']]])
    const talks = [contact('2026-05-12', { kinds: ['谈心谈话'], targets: ['王立新副书记'] })]
    expect(dutyStatus(colleagues, leader, facts({ contacts: talks, peopleByRole: byRole }), clock('2026-11-10'))).toMatchObject({ count: 1, minimum: 2, missing: ['李明华'] })
  })
})

describe('assignments', () => {
  const rule: Rule = { ...base, id: 'A01', shape: 'assignment', groups: [{ kinds: ['class', 'dorm', 'club'], minimum: 1 }, { kinds: ['studentBranch'], minimum: 1 }] }
  const college: Rule = { ...base, id: 'A04', shape: 'assignment', groups: [{ kinds: ['college'], minimum: 1, maximum: 3 }] }
  const link = (kind: Assignment['kind'], target: string): Assignment => ({ id: target, personId: 'p1', kind, target, aliases: [], source: 'roster' })

  it.each([
    ['none', [], 'behind', ['班级/宿舍/社团', '学生党支部']],
    ['a dorm only', [link('dorm', '3号宿舍')], 'behind', ['学生党支部']],
    ['a club and a branch', [link('club', '书法社'), link('studentBranch', '学生第一党支部')], 'done', []],
  ])('%s', (_, assignments, status, missing) => {
    expect(dutyStatus(rule, leader, facts({ assignments }), clock('2026-11-10'))).toMatchObject({ status, missing, missingKind: 'assignments', period: null })
  })

  it('names a group over its maximum', () => {
    const four = ['计算机学院', '化工学院', '机械学院', '外国语学院'].map((c) => link('college', c))
    expect(dutyStatus(college, leader, facts({ assignments: four }), clock('2026-11-10'))).toMatchObject({ status: 'behind', missing: ['学院 ≤ 3'] })
  })
})

describe('deadlines: the opinions raised in the leader\'s contacts', () => {
  const rule: Rule = { ...base, id: 'D02', shape: 'deadline', raisedIn: ['座谈'], workingDays: 10 }
  const opinion = (fields: Partial<DeadlineOpinion>): DeadlineOpinion => ({ ticketNo: '2026-0001', raisedIn: ['座谈'], raisedOn: '2026-11-02', dueDate: '2026-11-16', status: 'accepted', ...fields })

  it.each([
    ['none raised', [], undefined],
    ['one open, due in two weeks', [opinion({})], 'on_track'],
    ['one open, due tomorrow', [opinion({ dueDate: '2026-11-11' })], 'at_risk'],
    ['one open, past due', [opinion({ dueDate: '2026-11-09' })], 'overdue'],
    ['one answered on time', [opinion({ status: 'answered', answeredOn: '2026-11-09' })], 'done'],
    ['one answered late', [opinion({ status: 'closed', dueDate: '2026-11-05', answeredOn: '2026-11-09' })], 'behind'],
    ['one withdrawn', [opinion({ status: 'closed' })], undefined],
    ['one raised in a contact of another kind', [opinion({ raisedIn: ['进食堂'], dueDate: '2026-11-09' })], undefined],
  ])('%s', (_, opinions, status) => {
    const result = dutyStatus(rule, leader, facts({ opinions }), clock('2026-11-10'))
    expect(result?.status).toBe(status)
  })
})

describe('events', () => {
  const plan: Rule = { ...base, id: 'E01', shape: 'event', period: 'semester', submission: ['访谈计划清单'], dueWorkingDays: 10 }
  const form: Rule = { ...base, id: 'R16', shape: 'event', period: 'month', submission: ['工作记录表'] }
  const firstLesson: Rule = { ...base, id: 'R03', shape: 'event', period: 'academicYear', counts: { ...any, kinds: ['讲思政课'], mentions: ['大学第一课'] }, dueWorkingDays: 45 }
  const record: Rule = { ...base, id: 'E03', shape: 'event', period: 'month', recordFields: ['place', 'targets', 'summary'] }

  it.each([
    ['the plan list on the first day of the semester', plan, '2026-08-31', [], 'on_track'],
    ['the plan list in the last days before it is due', plan, '2026-09-10', [], 'at_risk'],
    ['the plan list after its due day (the 10th working day, Sep 11)', plan, '2026-09-14', [], 'overdue'],
    ['the plan list submitted', plan, '2026-09-14', [{ ruleId: 'E01', date: '2026-09-02' }], 'done'],
    ['a submission for another rule does not count', plan, '2026-09-14', [{ ruleId: 'E02', date: '2026-09-02' }], 'overdue'],
    ['the monthly form at the start of the month', form, '2026-11-02', [], 'on_track'],
    ['the monthly form on its last days', form, '2026-11-27', [], 'at_risk'],
    ['the monthly form submitted last month does not count', form, '2026-11-27', [{ ruleId: 'R16', date: '2026-10-30' }], 'at_risk'],
  ])('%s', (_, rule, today, submissions, status) => {
    expect(dutyStatus(rule, leader, facts({ submissions }), clock(today))?.status).toBe(status)
  })

  it('is fulfilled by a contact that matches, and says what is due when', () => {
    const lesson = contact('2026-09-15', { kinds: ['讲思政课'], text: '为新生讲授大学第一课' })
    expect(dutyStatus(firstLesson, leader, facts({ contacts: [lesson] }), clock('2026-10-20'))).toMatchObject({ status: 'done', missing: [] })
    expect(dutyStatus(firstLesson, leader, facts(), clock('2026-10-20'))).toMatchObject({ status: 'on_track', missing: ['每周面对面'], due: expect.stringMatching(/^2026-11-/) })
  })

  it('checks that every contact of the month is recorded with the form\'s fields', () => {
    const contacts = [contact('2026-11-03'), contact('2026-11-05', { place: null })]
    expect(dutyStatus(record, leader, facts({ contacts }), clock('2026-11-10'))).toMatchObject({ status: 'behind', count: 1, minimum: 2, missing: ['2026-11-05'], missingKind: 'records' })
  })
})
