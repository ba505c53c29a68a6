import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createUnderstanding, loadVocabulary, parse, VocabularyError } from '../../src/understanding/index.ts'

const SOURCE = 'conversations/vocabulary'
const copies: string[] = []

/** A copy of the real vocabulary with one file replaced. */
function vocabularyWith(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vocabulary-'))
  copies.push(dir)
  for (const name of fs.readdirSync(SOURCE)) fs.copyFileSync(path.join(SOURCE, name), path.join(dir, name))
  fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(SOURCE, file), 'utf8')))
  return dir
}

afterEach(() => {
  for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('loadVocabulary', () => {
  it('loads the real vocabulary, kinds in the order of the glossary', () => {
    const vocabulary = loadVocabulary(SOURCE)
    expect(vocabulary.kinds.kinds.map((k) => k.label)).toEqual([
      '座谈', '谈心谈话', '听课', '讲思政课', '调查研究', '接待日', '进宿舍', '进食堂', '进班级', '进社团',
      '进实验室', '进讲座', '进网络', '联系党支部', '联系高层次人才', '联系党外人士', '联系离退休老同志', '帮扶困难学生',
    ])
    expect(vocabulary.categories.categories.map((c) => c.label)).toEqual(
      expect.arrayContaining(['教学', '后勤', '宿舍', '食堂', '安全', '心理', '就业', '学工', '网络信息', '图书馆', '财务']),
    )
  })

  // [file, edit, message]
  const rows: ReadonlyArray<readonly [string, (text: string) => string, RegExp]> = [
    ['kinds.yaml', (t) => t.replace('  - label: 座谈\n', '  - label: 123\n'), /^kinds\.yaml: kinds\[0\]\.label: .*expected string/],
    ['kinds.yaml', (t) => t.replace("patterns: ['(?<!座)谈了']", "patterns: ['(谈了']"), /^kinds\.yaml: kinds\[1\]\.patterns\[0\]: expected a valid regular expression$/],
    ['categories.yaml', (t) => t.replace('fallback: 其他\n', ''), /^categories\.yaml: fallback: .*expected string/],
    ['dates.yaml', (t) => t.replace('今天: 0', '今天: yesterday'), /^dates\.yaml: relativeDays\.今天: .*expected number/],
    ['intents.yaml', (t) => t.replace('  help:\n    - 帮助\n', '  help: []\n  unused:\n    - 帮助\n'), /^intents\.yaml: intents\.help: /],
    ['commands.yaml', () => 'politeWords: [吧\n', /^commands\.yaml: expected a readable YAML file/],
  ]
  it.each(rows)('names the file, the path and what was expected (%s)', (file, edit, message) => {
    const dir = vocabularyWith(file, edit)
    expect(() => loadVocabulary(dir)).toThrow(VocabularyError)
    expect(() => loadVocabulary(dir)).toThrow(message)
  })

  it('reports a missing file by name', () => {
    const dir = vocabularyWith('places.yaml', (t) => t)
    fs.rmSync(path.join(dir, 'places.yaml'))
    expect(() => loadVocabulary(dir)).toThrow(/^places\.yaml: expected a readable YAML file/)
  })

  it('lets a university add a synonym without touching code', () => {
    const plain = createUnderstanding(SOURCE)
    const now = new Date('2026-11-18T10:00:00+08:00')
    const text = '今天和学生们开了个围炉夜话'
    expect(plain.kinds.some((k) => k.said.test(text))).toBe(false)
    const dir = vocabularyWith('kinds.yaml', (t) => t.replace('words: [座谈, ', 'words: [围炉夜话, 座谈, '))
    const adapted = createUnderstanding(dir)
    expect(parse(text, { now, role: 'collegeLeader' }, adapted)).toMatchObject({ intent: 'report_contact', kinds: ['座谈'] })
  })
})
