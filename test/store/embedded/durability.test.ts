import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/log.ts'
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts'
import { withDecodedBatches } from '../../../src/store/embedded/wire/messages.ts'

const dirs: string[] = []
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'liaison-store-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const log = silentLogger()
const run = async (store: EmbeddedStore, command: Record<string, unknown>) => withDecodedBatches(await store.run({ ...command, $db: 'app' }))

describe('embedded store durability', () => {
  it('recovers documents, updates, deletes and indexes after a restart', async () => {
    const dir = dataDir()
    const first = await EmbeddedStore.start({ dataDir: dir, log })
    await run(first, { createIndexes: 'people', indexes: [{ key: { wecomId: 1 }, name: 'wecomId_1', unique: true }] })
    await run(first, { insert: 'people', documents: [{ _id: 1, wecomId: 'a', n: 1 }, { _id: 2, wecomId: 'b' }, { _id: 3, wecomId: 'c' }] })
    await run(first, { update: 'people', updates: [{ q: { _id: 1 }, u: { $inc: { n: 41 } } }] })
    await run(first, { delete: 'people', deletes: [{ q: { _id: 3 }, limit: 1 }] })
    await first.close()

    const second = await EmbeddedStore.start({ dataDir: dir, log })
    const found = await run(second, { find: 'people', filter: {}, sort: { _id: 1 } })
    expect(found.cursor.firstBatch).toEqual([{ _id: 1, wecomId: 'a', n: 42 }, { _id: 2, wecomId: 'b' }])
    const duplicate = await run(second, { insert: 'people', documents: [{ wecomId: 'a' }] })
    expect(duplicate.writeErrors[0].code).toBe(11000)
    await second.close()
  })

  it('drops a torn last record and opens cleanly', async () => {
    const dir = dataDir()
    const first = await EmbeddedStore.start({ dataDir: dir, log })
    await run(first, { insert: 'items', documents: [{ _id: 1 }, { _id: 2 }] })
    await first.close()
    const journal = path.join(dir, readdirSync(dir).find((f) => f.startsWith('journal-'))!)
    const before = statSync(journal).size
    appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6]))

    const second = await EmbeddedStore.start({ dataDir: dir, log })
    expect(statSync(journal).size).toBe(before)
    expect((await run(second, { count: 'items' })).n).toBe(2)
    await run(second, { insert: 'items', documents: [{ _id: 3 }] })
    await second.close()
    const third = await EmbeddedStore.start({ dataDir: dir, log })
    expect((await run(third, { count: 'items' })).n).toBe(3)
    await third.close()
  })

  it('ignores a record whose checksum does not match and everything after it', async () => {
    const dir = dataDir()
    const first = await EmbeddedStore.start({ dataDir: dir, log })
    await run(first, { insert: 'items', documents: [{ _id: 1 }] })
    await first.close()
    const journal = path.join(dir, readdirSync(dir).find((f) => f.startsWith('journal-'))!)
    const good = statSync(journal).size
    const second = await EmbeddedStore.start({ dataDir: dir, log })
    await run(second, { insert: 'items', documents: [{ _id: 2, text: 'will be corrupted' }] })
    await second.close()
    const { openSync, writeSync, closeSync } = await import('node:fs')
    const fd = openSync(journal, 'r+')
    writeSync(fd, Buffer.from('XX'), 0, 2, good + 20)
    closeSync(fd)
    const third = await EmbeddedStore.start({ dataDir: dir, log })
    expect((await run(third, { find: 'items', filter: {} })).cursor.firstBatch).toEqual([{ _id: 1 }])
    await third.close()
  })

  it('compacts into a snapshot and recovers from snapshot plus journal', async () => {
    const dir = dataDir()
    const first = await EmbeddedStore.start({ dataDir: dir, log })
    await run(first, { createIndexes: 'items', indexes: [{ key: { k: 1 }, name: 'k_1' }] })
    await run(first, { insert: 'items', documents: Array.from({ length: 5000 }, (_, i) => ({ _id: i, k: i % 10 })) })
    await first.compact()
    await run(first, { update: 'items', updates: [{ q: { k: 3 }, u: { $set: { touched: true } }, multi: true }] })
    await first.close()
    expect(readdirSync(dir).filter((f) => /^(snapshot|journal)-/.test(f)).sort()).toEqual(['journal-00000002.log', 'snapshot-00000002.bson'])

    const second = await EmbeddedStore.start({ dataDir: dir, log })
    expect((await run(second, { count: 'items' })).n).toBe(5000)
    expect((await run(second, { count: 'items', query: { touched: true } })).n).toBe(500)
    const indexes = await run(second, { listIndexes: 'items' })
    expect(indexes.cursor.firstBatch.map((i: { name: string }) => i.name)).toEqual(['_id_', 'k_1'])
    await second.close()
  })

  it('refuses a second process-level owner of the same data directory', async () => {
    const dir = dataDir()
    const first = await EmbeddedStore.start({ dataDir: dir, log })
    const { spawnSync } = await import('node:child_process')
    const script = `import('./src/store/embedded/embedded-store.ts').then(({ EmbeddedStore }) => EmbeddedStore.start({ dataDir: ${JSON.stringify(dir)}, log: { info() {}, warn() {}, debug() {}, error() {} } })).then(() => process.exit(0), (e) => { console.log(e.code + ': ' + e.message); process.exit(3) })`
    const other = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.resolve(import.meta.dirname, '../../..'), encoding: 'utf8' })
    expect(other.status).toBe(3)
    expect(other.stdout).toMatch(/^DATA_DIR_LOCKED: DATA_DIR .* is in use by process \d+ \(embedded store on port \d+\)/)
    await first.close()
  })
})
