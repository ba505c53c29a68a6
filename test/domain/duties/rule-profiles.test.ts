import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ASSIGNMENT_KINDS } from '../../../src/domain/assignments/assignment.ts'
import { loadRules, ruleProfiles, RULES_DIR, type RuleVocabulary } from '../../../src/domain/duties/load-rules.ts'
import { loadTargetKinds } from '../../../src/domain/duties/target-kinds.ts'
import { loadVocabulary } from '../../../src/understanding/vocabulary.ts'

const contactKinds = loadVocabulary('conversations/vocabulary').kinds.kinds.map((k) => k.label)
const vocabulary: RuleVocabulary = { contactKinds, targetKinds: loadTargetKinds(contactKinds).names, assignmentKinds: ASSIGNMENT_KINDS }

/** Every row of the tables of policy-rules.md: its id and its source, as written there. */
function policyRows(): Map<string, string> {
  const text = readFileSync(new URL('../../../docs/policy-rules.md', import.meta.url), 'utf8')
  const rows = new Map<string, string>()
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    const id = cells[1]
    if (!id || !/^[RADE]\d{2}$/.test(id)) continue
    rows.set(id, cells.at(-2)!)
  }
  return rows
}

describe('conversations/rules', () => {
  it('ships the default profile and one per source university', () => {
    expect(ruleProfiles()).toEqual(['default', 'fjhc', 'hpu', 'njtech', 'suda'])
  })

  it.each(ruleProfiles())('%s loads against the vocabulary', (profile) => {
    const set = loadRules(profile, vocabulary)
    expect(set.rules.length).toBeGreaterThan(0)
    expect(set.name).not.toBe('')
  })

  it('expresses every row of policy-rules.md, each with its source exactly as written there', () => {
    const rows = policyRows()
    expect(rows.size).toBe(36 + 6 + 4 + 5)
    const expressed = new Map<string, Set<string>>()
    for (const profile of ruleProfiles()) {
      for (const rule of loadRules(profile, vocabulary).rules) expressed.set(rule.id, new Set([...(expressed.get(rule.id) ?? []), rule.source]))
    }
    for (const [id, source] of rows) {
      expect(expressed.get(id), `${id} is in no profile`).toBeDefined()
      expect([...expressed.get(id)!], `${id} must cite ${source}`).toEqual([source])
    }
  })

  it.each([
    ['an unknown contact kind', 'counts: { kinds: [进厨房] }', /rules\[0\] \(R01\)\.counts\.kinds\[0\]: expected one of the contact kinds/],
    ['an unknown period', 'period: fortnight', /rules\[0\] \(R01\)\.period/],
    ['an unknown role', null, /rules\[0\] \(R01\)\.who/],
    ['a bad 职务 pattern', null, /rules\[0\] \(R01\)\.who.*titles: expected a regular expression/],
  ])('names the file, the rule and the field of %s', (_, line, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rules-'))
    let rule = ['  - id: R01', '    source: SUDA 三.1(3)', '    title: 每周', '    who: { roles: [schoolLeader] }', '    shape: count', '    counts: { kinds: [座谈] }', '    period: week', '    minimum: 1']
    if (line?.startsWith('counts')) rule = rule.map((l) => (l.trim().startsWith('counts') ? `    ${line}` : l))
    else if (line?.startsWith('period')) rule = rule.map((l) => (l.trim().startsWith('period') ? `    ${line}` : l))
    else if (String(message).includes('titles')) rule = rule.map((l) => (l.trim().startsWith('who') ? "    who: { roles: [schoolLeader], titles: '(' }" : l))
    else rule = rule.map((l) => (l.trim().startsWith('who') ? '    who: { roles: [king] }' : l))
    writeFileSync(path.join(dir, 'test.yaml'), ['name: 测试', 'rules:', ...rule].join('\n'))
    expect(() => loadRules('test', vocabulary, dir)).toThrow(new RegExp(`test\\.yaml: .*${message.source}`))
  })

  it('refuses a profile that does not exist, naming those that do', () => {
    expect(() => loadRules('mit', vocabulary)).toThrow(/no such rule profile \(RULES_PROFILE is one of default, fjhc, hpu, njtech, suda\)/)
    expect(RULES_DIR).toMatch(/conversations[/\\]rules$/)
  })

  it('refuses two rules with one id', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rules-'))
    const rule = ['  - id: R01', '    source: S', '    title: T', '    who: { roles: [schoolLeader] }', '    shape: count', '    period: week', '    minimum: 1']
    writeFileSync(path.join(dir, 'twice.yaml'), ['name: 测试', 'rules:', ...rule, ...rule].join('\n'))
    expect(() => loadRules('twice', vocabulary, dir)).toThrow(/rules\[1\] \(R01\)\.id: R01 is declared twice/)
  })
})
