import { afterAll, describe, expect, it } from 'vitest'
import { loadMessages } from '../../src/messages.ts'
import { runTool, scratchDirs } from '../support/run-tool.ts'

const messages = loadMessages()
const scratch = scratchDirs('liaison-duties-cli-')
afterAll(scratch.removeAll)

const STATUSES = ['done', 'on_track', 'at_risk', 'behind', 'overdue']

/** `npm run demo` then `npm run duties`, as the README's tour has an office try them. */
describe('npm run demo and npm run duties -- status', () => {
  const dataDir = scratch.fresh()

  it('loads the sample university once, however often it runs', async () => {
    const first = await runTool('scripts/demo.ts', [], dataDir)
    expect(first).toMatchObject({ code: 0, stderr: '' })
    const again = await runTool('scripts/demo.ts', [], dataDir)
    expect(again).toMatchObject({ code: 0, stdout: first.stdout })
  })

  it('prints one JSON object per person with every applicable rule, and one person with --person', async () => {
    const all = await runTool('scripts/duties.ts', ['status', '--json'], dataDir)
    expect(all).toMatchObject({ code: 0, stderr: '' })
    const people = all.lines.map((line) => JSON.parse(line) as { person: string; name: string; rules: Array<Record<string, unknown>> })
    expect(people.map((p) => p.name)).toContain('陈志强')
    for (const { rules } of people) {
      expect(rules.length).toBeGreaterThan(0)
      for (const rule of rules) {
        expect(Object.keys(rule)).toEqual(['id', 'source', 'period', 'status', 'count', 'minimum', 'missing'])
        expect(STATUSES).toContain(rule.status)
      }
    }
    const one = await runTool('scripts/duties.ts', ['status', '--json', '--person', 'chenzhiqiang', '--at', '2026-11-20T10:00'], dataDir)
    expect(one).toMatchObject({ code: 0, stderr: '' })
    expect(one.lines.map((line) => (JSON.parse(line) as { person: string }).person)).toEqual(['chenzhiqiang'])
  })

  it('says in Chinese what is wrong with a person, a unit or the command', async () => {
    expect(await runTool('scripts/duties.ts', ['status', '--person', 'nobody'], dataDir)).toMatchObject({ code: 2, stdout: '', stderr: `${messages.text('DUTIES_NO_PERSON', { id: 'nobody' })}\n` })
    expect(await runTool('scripts/duties.ts', ['status', '--unit', '火星学院'], dataDir)).toMatchObject({ code: 2, stderr: `${messages.text('DUTIES_NO_UNIT', { unit: '火星学院' })}\n` })
    expect(await runTool('scripts/duties.ts', ['status', '--at', '下周一'], dataDir)).toMatchObject({ code: 2, stderr: `${messages.text('DUTIES_USAGE')}\n` })
    expect(await runTool('scripts/duties.ts', ['status'], dataDir, { RULES_PROFILE: 'mit' })).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^Invalid configuration: RULES_PROFILE must be/) })
  })
})
