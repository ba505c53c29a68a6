import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ASSIGNMENT_KINDS } from '../../../src/domain/assignments/assignment.ts'
import { ASSIGNMENTS_FILE, loadAssignmentVocabulary } from '../../../src/domain/assignments/assignment-vocabulary.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'liaison-assignments-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The shipped file with one replacement, as a file of its own. */
function variant(from: string, to: string): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.yaml`)
  const text = readFileSync(ASSIGNMENTS_FILE, 'utf8')
  expect(text).toContain(from)
  writeFileSync(file, text.replace(from, to))
  return file
}

describe('loadAssignmentVocabulary', () => {
  const vocabulary = loadAssignmentVocabulary()

  it('gives every kind a label, and finds kinds by label or synonym however typed', () => {
    for (const kind of ASSIGNMENT_KINDS) expect(vocabulary.kindByName(vocabulary.label(kind))).toBe(kind)
    expect(vocabulary.kindByName('必谈')).toBe('mustTalk')
    expect(vocabulary.kindByName(' 学生 党支部 ')).toBe('studentBranch')
    expect(vocabulary.kindByName('楼栋')).toBeUndefined()
    expect(vocabulary.acceptedNames().slice(0, 3)).toEqual(['班级', '宿舍', '社团'])
  })

  it('stops at a name given to two kinds, naming the file and the kind', () => {
    expect(() => loadAssignmentVocabulary(variant('synonyms: [学生宿舍, 寝室]', 'synonyms: [学生宿舍, 班级]'))).toThrow(/\.yaml: kinds\.dorm: 班级 is already a name of class$/)
  })

  it('stops at a kind without an entry', () => {
    expect(() => loadAssignmentVocabulary(variant('  club: { label: 社团, synonyms: [学生社团] }\n', ''))).toThrow(/\.yaml: kinds\.club: /)
  })
})
