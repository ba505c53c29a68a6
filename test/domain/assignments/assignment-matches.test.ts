import { describe, expect, it } from 'vitest'
import type { AssignmentKind } from '../../../src/domain/assignments/assignment.ts'
import { assignmentMatches } from '../../../src/domain/assignments/assignment-matches.ts'

type Row = readonly [kind: AssignmentKind, target: string, written: string]

const link = (kind: AssignmentKind, target: string, aliases: string[] = []) => ({ kind, target, aliases })

/** Contact targets as leaders write them, each of which must count for the link. */
const matches: readonly Row[] = [
  // Groups: the same name, cleaned.
  ['class', '计算机2101班', '计算机2101班'],
  ['class', '计算机2101班', '计算机2101班同学'],
  ['class', '计算机2101班', '计算机2101班的同学们'],
  ['class', '计算机2101班', '全体计算机2101班同学'],
  ['class', '计算机2101班', '计算机２１０１班'],
  ['class', '计算机2101班', ' 计算机 2101 班 '],
  ['class', '计算机2101班', '“计算机2101班”'],
  ['class', '计算机2101班（2021级）', '计算机2101班学生'],
  ['class', 'CS2101班', 'cs2101班同学'],
  // … or the contact names it and more.
  ['class', '计算机2101班', '计算机2101班团支部'],
  ['class', '计算机2101班', '大一计算机2101班'],
  ['college', '计算机学院', '计算机学院学生第一党支部'],
  ['college', '计算机学院', '计算机学院师生'],
  ['course', '思想道德与法治', '《思想道德与法治》课'],
  ['dorm', '3号宿舍', '3号宿舍楼'],
  ['unit', '教务处', '教务处全体老师'],
  // … or the link without its qualifier in front.
  ['class', '计算机2101班', '2101班'],
  ['class', '计算机2101班', '2101班同学们'],
  ['studentBranch', '计算机学院学生第一党支部', '学生第一党支部'],
  ['studentBranch', '计算机学院学生第一党支部', '第一党支部'],
  ['studentBranch', '计算机学院学生第一党支部', '计算机学院学生第一党支部全体党员'],
  ['departmentTeam', '软件工程系领导班子', '软件工程系领导班子成员'],
  // People: the whole name, with or without a title, a prefix or a unit.
  ['youngTeacher', '李明', '李明'],
  ['youngTeacher', '李明', '李明老师'],
  ['youngTeacher', '李明', '青年教师李明'],
  ['youngTeacher', '李明', '青年教师李明老师'],
  ['youngTeacher', '李明', '计算机学院李明'],
  ['youngTeacher', '青年教师李明', '李明'],
  ['youngTeacher', '李明（软件工程教研室）', '李明老师'],
  ['student', '王小明', '计算机2101班王小明同学'],
  ['mustTalk', '王立新', '王立新同志'],
  ['mustTalk', '王　立新', '王立新'],
  ['nonParty', '林文博', '党外人士林文博'],
  // … or the surname and a title.
  ['youngTeacher', '李明', '李老师'],
  ['youngTeacher', '李明', '青年教师李老师'],
  ['talent', '张建华教授', '张教授'],
  ['talent', '张建华教授', '张建华'],
  ['talent', '欧阳明', '欧阳教授'],
  ['mustTalk', '王立新', '王书记'],
  ['retiree', '刘德胜', '刘老'],
  // A must-talk target that is no name is matched as a group.
  ['mustTalk', '计算机2101班班长', '2101班班长'],
  ['mustTalk', '计算机2101班全体学生', '计算机2101班同学'],
]

/** Near misses: a contact that must not count for the link. */
const misses: readonly Row[] = [
  ['class', '计算机2101班', '计算机2102班'],
  ['class', '2101班', '21011班'],
  ['class', '2101班', '32101班'],
  ['class', '1班', '21班'],
  ['class', '计算机2101班', '计算机21班'],
  ['class', '计算机2101班', '软件2101'],
  ['class', '计算机2101班', '同学们'],
  ['class', '计算机2101班', '班级'],
  ['class', '计算机2101班', '计算机'],
  ['class', '计算机2101班', '全体同学'],
  ['class', '计算机2101班', ''],
  ['studentBranch', '计算机学院学生第一党支部', '党支部'],
  ['studentBranch', '计算机学院学生第一党支部', '学生党支部'],
  ['studentBranch', '计算机学院学生第一党支部', '计算机学院'],
  ['studentBranch', '计算机学院学生第一党支部', '学生第二党支部'],
  ['studentBranch', '第一党支部', '第十一党支部'],
  ['college', '计算机学院', '机械工程学院'],
  ['college', '计算机学院', '学院'],
  ['course', '思想道德与法治', '形势与政策'],
  ['dorm', '3号宿舍', '13号宿舍'],
  ['dorm', '3号宿舍', '宿舍楼'],
  ['youngTeacher', '李明', '李明华'],
  ['youngTeacher', '李明', '李明华老师'],
  ['youngTeacher', '李明华', '李明'],
  ['youngTeacher', '李明华', '李明老师'],
  ['youngTeacher', '李明', '王李明'],
  ['youngTeacher', '李明', '明老师'],
  ['youngTeacher', '李明', '王老师'],
  ['youngTeacher', '李明', '青年教师'],
  ['youngTeacher', '李明', '老师们'],
  ['talent', '张建华', '建华'],
  ['talent', '张建华', '张华'],
  ['mustTalk', '王立新', '立新'],
  ['mustTalk', '王立新', '王立新华'],
  ['mustTalk', '计算机2101班班长', '计算机2101班'],
]

describe('assignmentMatches', () => {
  it.each(matches)('%s %s counts a contact with %s', (kind, target, written) => {
    expect(assignmentMatches(link(kind, target), [written])).toBe(true)
  })

  it.each(misses)('%s %s does not count a contact with %s', (kind, target, written) => {
    expect(assignmentMatches(link(kind, target), [written])).toBe(false)
  })

  it('takes any of the contact targets and any of the names of the link', () => {
    const link2101 = link('class', '计算机科学与技术2101班', ['计科2101'])
    expect(assignmentMatches(link2101, ['3号宿舍', '计科2101班同学'])).toBe(true)
    expect(assignmentMatches(link2101, ['计算机科学与技术2101班'])).toBe(true)
    expect(assignmentMatches(link2101, ['3号宿舍', '计科2102班'])).toBe(false)
    expect(assignmentMatches(link2101, [])).toBe(false)
    expect(assignmentMatches(link('youngTeacher', '李明', ['小李']), ['小李'])).toBe(true)
  })
})
