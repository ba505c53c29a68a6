import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import mongoose from 'mongoose'
import { afterAll, describe, expect, it } from 'vitest'
import { startBotProcess } from '../../support/bot-process.ts'

/**
 * The bot runs as a child process on its embedded store; a plain mongoose client (not the
 * project's code) writes continuously until the child is killed with SIGKILL. After a
 * restart every acknowledged write must be there.
 */
describe('embedded store crash safety', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-crash-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('keeps every acknowledged write across SIGKILL and opens cleanly', async () => {
    const first = await startBotProcess({ DATA_DIR: dataDir })
    const writer = await mongoose.createConnection(`mongodb://127.0.0.1:${first.storePort}/crash`, { serverSelectionTimeoutMS: 2000 }).asPromise()
    const items = writer.collection('items')
    const counters = writer.collection('counters')
    await items.createIndex({ seq: 1 }, { unique: true })
    const acked: number[] = []
    let incsAcked = 0
    let incsTried = 0
    let stop = false
    const loop = async (lane: number) => {
      for (let i = lane; !stop; i += 4) {
        try {
          await items.insertOne({ seq: i, body: `写入 ${i}`.repeat(5), at: new Date() })
          acked.push(i)
          incsTried++
          await counters.updateOne({ _id: 'c' as never }, { $inc: { n: 1 } }, { upsert: true })
          incsAcked++
        } catch {
          return
        }
      }
    }
    const lanes = [0, 1, 2, 3].map(loop)
    while (acked.length < 400) await sleep(10)
    first.child.kill('SIGKILL')
    expect(await first.exited()).toBe('SIGKILL')
    stop = true
    await Promise.all(lanes)
    await writer.close(true)

    const second = await startBotProcess({ DATA_DIR: dataDir })
    const reader = await mongoose.createConnection(`mongodb://127.0.0.1:${second.storePort}/crash`).asPromise()
    const stored = new Set((await reader.collection('items').find({}, { projection: { seq: 1 } }).toArray()).map((d) => d.seq as number))
    expect(acked.filter((seq) => !stored.has(seq))).toEqual([])
    const counter = await reader.collection('counters').findOne({ _id: 'c' as never })
    expect(counter!.n).toBeGreaterThanOrEqual(incsAcked)
    expect(counter!.n).toBeLessThanOrEqual(incsTried)
    expect((await reader.collection('items').indexes()).map((i) => i.name)).toContain('seq_1')
    await reader.close()
    second.child.kill('SIGTERM')
    expect(await second.exited()).toBe(0)
    expect(second.output()).not.toMatch(/"level":(50|60)/)
  }, 60_000)
})
