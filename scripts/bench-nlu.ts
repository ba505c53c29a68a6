/**
 * npm run bench:nlu: start-up time, messages per second on one core, p50/p99 per message and RSS,
 * over the messages of test/fixtures/nlu (or a built-in sample). Prints figures; asserts nothing.
 */
import fs from 'node:fs'
import { createUnderstanding, parse } from '../src/understanding/index.ts'

const ROUNDS = 20

const started = performance.now()
const understanding = createUnderstanding('conversations/vocabulary')
const startupMs = performance.now() - started

const messages = ['dev', 'eval']
  .map((set) => `test/fixtures/nlu/${set}.jsonl`)
  .filter((file) => fs.existsSync(file))
  .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()))
  .map((line) => JSON.parse(line) as { text: string; now: string; role?: string })
  .map((m) => ({ text: m.text, context: { now: new Date(m.now), ...(m.role ? { role: m.role } : {}) } }))

for (const m of messages.slice(0, 200)) parse(m.text, m.context, understanding)

const timings: number[] = []
const loopStarted = performance.now()
for (let round = 0; round < ROUNDS; round++) {
  for (const m of messages) {
    const t0 = performance.now()
    parse(m.text, m.context, understanding)
    timings.push(performance.now() - t0)
  }
}
const totalMs = performance.now() - loopStarted
timings.sort((a, b) => a - b)
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!

console.log(`messages            ${messages.length} × ${ROUNDS} rounds`)
console.log(`start-up            ${startupMs.toFixed(0)} ms   (target < 2000 ms)`)
console.log(`throughput          ${Math.round((timings.length / totalMs) * 1000)} messages/s on one core   (target ≥ 2000)`)
console.log(`p50 per message     ${at(0.5).toFixed(3)} ms`)
console.log(`p99 per message     ${at(0.99).toFixed(3)} ms   (target < 5 ms)`)
console.log(`RSS                 ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB   (target < 150 MB)`)
