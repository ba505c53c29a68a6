import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const SOURCE = 'src/understanding'
const files = fs.readdirSync(SOURCE).filter((f) => f.endsWith('.ts'))

describe('src/understanding', () => {
  it.each(files)('%s keeps Chinese in conversations/, not in code', (file) => {
    const text = fs.readFileSync(path.join(SOURCE, file), 'utf8')
    const withoutComments = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gmu, '')
    expect(withoutComments.match(/\p{Script=Han}+/gu) ?? []).toEqual([])
  })

  it.each(files)('%s imports nothing from channels, store, http, config or mongoose', (file) => {
    const text = fs.readFileSync(path.join(SOURCE, file), 'utf8')
    const imports = [...text.matchAll(/from '([^']+)'/gu)].map((m) => m[1]!)
    expect(imports.filter((i) => /channels|store|http|config|mongoose|koa/u.test(i))).toEqual([])
  })
})
