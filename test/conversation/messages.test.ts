import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadFlows } from '../../src/conversation/flows.ts'
import { loadMessages, MESSAGES_FILE } from '../../src/messages.ts'
import { parse } from 'yaml'

const ROOT = path.resolve(import.meta.dirname, '../..')
// The code that sends texts of messages.yaml: the bot, and the tools (npm run duties, demo). The
// roster, calendar and jobs tools have texts of their own, checked by their loaders.
const sources = ['src', 'scripts']
  .flatMap((dir) => (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, dir, f)))
  .map((f) => readFileSync(f, 'utf8'))
  .filter((source) => /\bMessages\b|messages\.text\(|LiaisonError/.test(source))
const code = sources.join('\n')

/** Codes named where a text is picked: text('X'), say(turn, 'X'), refused: 'X', LiaisonError('X', …), and 'X' ? / : 'X' choices. */
const named = new Set(
  [...code.matchAll(/(?:text\(|say\(turn, |refused: |LiaisonError\(|\? |: )'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!).filter((c) => !['GET', 'POST'].includes(c)),
)
/** Families picked by a computed name: STATUS_${status}, PERIOD_${period}. */
const families = [...code.matchAll(/`([A-Z][A-Z0-9_]*_)\$\{/g)].map((m) => m[1]!)
const texts = Object.keys(parse(readFileSync(MESSAGES_FILE, 'utf8')) as Record<string, string>)
const asks = loadFlows().flatMap((f) => f.slots.map((s) => s.ask))

describe('conversations/messages.yaml', () => {
  it('keeps a full-width indent, and trims the blanks YAML leaves', () => {
    const messages = loadMessages()
    expect(messages.text('DUTY_MISSING_TARGETS', { missing: '机械学院学生党支部' })).toBe('　　尚未联系：机械学院学生党支部')
    expect(messages.text('HELP_ADMIN').endsWith('\n')).toBe(false)
  })

  it('loads, with a text for every code the code base sends and every question a flow asks', () => {
    const messages = loadMessages()
    const errorCodes = [...code.matchAll(/LiaisonError\('([A-Z_]+)'/g)].map((m) => m[1]!)
    const userFacing = [...named].filter((c) => !errorCodes.includes(c) || messages.has(c))
    for (const c of [...userFacing, ...asks]) expect(messages.has(c), `messages.yaml lacks ${c}`).toBe(true)
  })

  it('has no text that nothing sends', () => {
    const unused = texts.filter((c) => !named.has(c) && !asks.includes(c) && !families.some((f) => c.startsWith(f)) && !code.includes(`'${c}'`))
    expect(unused).toEqual([])
  })

  it('fills the parameters it is given and leaves unknown ones visible', () => {
    const messages = loadMessages()
    expect(messages.text('OPINION_NOT_FOUND', { ticketNo: '2026-0042' })).toBe('没有找到编号为 2026-0042 的意见，请核对编号。')
    expect(messages.text('OPINION_NOT_FOUND')).toContain('{ticketNo}')
    expect(() => messages.text('NO_SUCH_CODE')).toThrow(/no text NO_SUCH_CODE/)
  })
})
