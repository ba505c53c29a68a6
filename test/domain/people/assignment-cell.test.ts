import { describe, expect, it } from 'vitest'
import type { Assignment } from '../../../src/domain/assignments/assignment.ts'
import { assignmentVocabulary } from '../../../src/domain/assignments/assignment-vocabulary.ts'
import { parseAssignmentCell, writeAssignmentCell } from '../../../src/domain/people/assignment-cell.ts'

const vocabulary = assignmentVocabulary()

describe('parseAssignmentCell', () => {
  it.each([
    ['one link', '班级:计算机2101班', [['class', '计算机2101班', []]]],
    ['a full-width colon and padding', ' 班级 ： 计算机2101班 ', [['class', '计算机2101班', []]]],
    ['several, separated every way', '班级:计算机2101班、党支部:学生第一党支部；必谈:王立新\n宿舍:3号宿舍,社团:吉他社;学院:计算机学院，单位:教务处', [
      ['class', '计算机2101班', []],
      ['branch', '学生第一党支部', []],
      ['mustTalk', '王立新', []],
      ['dorm', '3号宿舍', []],
      ['club', '吉他社', []],
      ['college', '计算机学院', []],
      ['unit', '教务处', []],
    ]],
    ['an item without a kind has the one before it', '班级:计算机2101班、计算机2102班、必谈:王立新、李明华', [
      ['class', '计算机2101班', []],
      ['class', '计算机2102班', []],
      ['mustTalk', '王立新', []],
      ['mustTalk', '李明华', []],
    ]],
    ['synonyms of the kinds', '联系班级:计算机2101班、必谈:王立新、老同志:刘德胜、思政课:思想道德与法治、系:软件工程系', [
      ['class', '计算机2101班', []],
      ['mustTalk', '王立新', []],
      ['retiree', '刘德胜', []],
      ['course', '思想道德与法治', []],
      ['teachingOffice', '软件工程系', []],
    ]],
    ['other names after =', '班级:计算机科学与技术2101班=计科2101＝ 计科21-1 ', [['class', '计算机科学与技术2101班', ['计科2101', '计科21-1']]]],
    ['names padded like 王　伟', '必谈:王　伟', [['mustTalk', '王伟', []]]],
    ['the same target twice, however typed', '班级:计算机2101班、计算机２１０１班', [['class', '计算机2101班', []]]],
    ['the same target under two kinds is two links', '班级:计算机2101班、宿舍:计算机2101班', [['class', '计算机2101班', []], ['dorm', '计算机2101班', []]]],
    ['an empty cell', ' ', []],
  ])('%s', (_, cell, expected) => {
    const parsed = parseAssignmentCell(cell, vocabulary)
    expect(parsed.problems).toEqual([])
    expect(parsed.drafts.map((d) => [d.kind, d.target, d.aliases])).toEqual(expected)
  })

  it('names every item it cannot take, and takes the others', () => {
    const parsed = parseAssignmentCell('计算机2101班、楼栋:3号楼、3号楼301、班级:、班级:计算机2102班', vocabulary)
    expect(parsed.problems.map((p) => [p.code, p.params.item])).toEqual([
      ['ASSIGNMENT_KIND_MISSING', '计算机2101班'],
      ['ASSIGNMENT_KIND_UNKNOWN', '楼栋:3号楼'],
      ['ASSIGNMENT_KIND_MISSING', '3号楼301'],
      ['ASSIGNMENT_TARGET_EMPTY', '班级:'],
    ])
    expect(parsed.drafts.map((d) => d.target)).toEqual(['计算机2102班'])
  })
})

describe('writeAssignmentCell', () => {
  const link = (a: Partial<Assignment> & Pick<Assignment, 'kind' | 'target'>): Assignment => ({ id: 'x', personId: 'p', aliases: [], source: 'roster', ...a })

  it('writes each link by its label, so reading the cell back gives the same links', () => {
    const links = [link({ kind: 'class', target: '计算机2101班', aliases: ['计科2101'] }), link({ kind: 'mustTalk', target: '王立新' }), link({ kind: 'course', target: '思想道德与法治', source: 'admin' })]
    const cell = writeAssignmentCell(links, vocabulary)
    expect(cell).toBe('班级:计算机2101班=计科2101、必谈对象:王立新、思政课程:思想道德与法治')
    expect(parseAssignmentCell(cell, vocabulary).drafts).toEqual(links.map(({ kind, target, aliases }) => ({ kind, target, aliases })))
  })
})
