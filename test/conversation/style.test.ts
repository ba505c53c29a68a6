import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const SOURCE = 'src/conversation'
const files = fs.readdirSync(SOURCE).filter((f) => f.endsWith('.ts'))

describe('src/conversation', () => {
  it.each(files)('%s keeps Chinese in conversations/, not in code', (file) => {
    const text = fs.readFileSync(path.join(SOURCE, file), 'utf8')
    const withoutComments = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gmu, '')
    expect(withoutComments.match(/\p{Script=Han}+/gu) ?? []).toEqual([])
  })

  it.each(files)('%s knows no platform or HTTP: of channels/ only the one message model', (file) => {
    const text = fs.readFileSync(path.join(SOURCE, file), 'utf8')
    const imports = [...text.matchAll(/from '([^']+)'/gu)].map((m) => m[1]!)
    expect(imports.filter((i) => /channels\/(?!message\.ts)|http|koa|wecom|dingtalk/u.test(i))).toEqual([])
  })
})
