import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadTranscript, playTranscript } from '../support/transcript.ts'

// Every test/conversations/*.yaml is a conversation played through the real bot (see test/support/transcript.ts).
const dir = import.meta.dirname
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()

describe('conversation transcripts', () => {
  it.concurrent.each(files)('%s', async (file) => {
    const transcript = loadTranscript(path.join(dir, file))
    await playTranscript(transcript, (ok, message) => expect(ok, message).toBe(true))
  })
})
