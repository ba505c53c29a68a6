/**
 * npm run eval:nlu [-- --verbose] [-- --set dev,dev2,eval]: scores the parser on each set in test/fixtures/nlu
 * (dev.jsonl, dev2.jsonl, eval.jsonl and holdout.jsonl, those present) with the rules at the end of
 * docs/nlu-annotation.md. --verbose lists the mismatches of the development sets (dev, dev2); --set limits the run
 * to the sets named. The held-out sets (eval, holdout) are blind: only their totals are printed, never an item, a
 * mismatch or a confusion.
 */
import fs from 'node:fs'
import { createUnderstanding } from '../src/understanding/index.ts'
import { parseLine, type ParseLine } from './parse.ts'

interface Row {
  readonly id: string
  readonly text: string
  readonly now: string
  readonly role?: string
  readonly expect: Record<string, unknown>
}

interface Tally {
  right: number
  total: number
}

interface F1 {
  tp: number
  fp: number
  fn: number
}

const verbose = process.argv.includes('--verbose')
const only = process.argv.includes('--set') ? (process.argv[process.argv.indexOf('--set') + 1] ?? '').split(',') : null
const SETS = ['dev', 'dev2', 'eval', 'holdout'].filter((s) => only === null || only.includes(s))
/** Sets whose items nobody may read while the parser is being improved. */
const BLIND: ReadonlySet<string> = new Set(['eval', 'holdout'])

if (verbose && only !== null && only.every((s) => BLIND.has(s))) {
  console.log('the held-out sets are blind; --verbose refuses them (run without --verbose for their totals)')
  process.exit(1)
}
const understanding = createUnderstanding('conversations/vocabulary')

for (const set of SETS) {
  const file = `test/fixtures/nlu/${set}.jsonl`
  if (!fs.existsSync(file)) continue
  const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row)
  const score = {
    intent: tally(), date: tally(), place: tally(), category: tally(),
    kinds: f1(), targets: f1(), opinions: f1(),
  }
  const misses: string[] = []
  const confusions = new Map<string, number>()
  for (const row of rows) {
    const got = parseLine(JSON.stringify({ text: row.text, now: row.now, role: row.role }), understanding)
    const want = row.expect
    const note = (metric: string, expected: unknown, actual: unknown) =>
      misses.push(`${row.id} ${metric}: want ${JSON.stringify(expected)} got ${JSON.stringify(actual)}  | ${row.text}`)
    count(score.intent, got.intent === want.intent, () => {
      note('intent', want.intent, got.intent)
      const pair = `${String(want.intent)} → ${String(got.intent)}`
      confusions.set(pair, (confusions.get(pair) ?? 0) + 1)
    })
    if (want.intent === 'report_contact') {
      count(score.date, (got.date ?? null) === want.date, () => note('date', want.date, got.date ?? null))
      const place = typeof got.place === 'string' ? got.place.trim() : null
      const wantPlace = typeof want.place === 'string' ? want.place.trim() : null
      count(score.place, place === wantPlace, () => note('place', wantPlace, place))
      add(score.kinds, labelF1(list(got.types), list(want.types)), () => note('kinds', want.types, got.types ?? []))
      add(score.targets, itemF1(list(got.targets), list(want.targets)), () => note('targets', want.targets, got.targets ?? []))
    }
    if (want.intent === 'submit_opinion') {
      count(score.category, got.category === want.category, () => note('category', want.category, got.category))
    }
    if (Array.isArray(want.opinions)) {
      add(score.opinions, itemF1(list(got.opinions), list(want.opinions)), () => note('opinions', want.opinions, got.opinions ?? []))
    }
  }
  console.log(`\n${set}.jsonl: ${rows.length} messages`)
  console.log(`  intent accuracy   ${percent(score.intent)}   (target ≥ 97 %)`)
  console.log(`  date accuracy     ${percent(score.date)}   (target ≥ 98 %)`)
  console.log(`  kinds F1          ${f1Text(score.kinds)}   (target ≥ 0.95)`)
  console.log(`  place accuracy    ${percent(score.place)}   (target ≥ 95 %)`)
  console.log(`  targets F1        ${f1Text(score.targets)}   (target ≥ 0.85)`)
  console.log(`  opinions F1       ${f1Text(score.opinions)}   (target ≥ 0.90)`)
  console.log(`  category accuracy ${percent(score.category)}   (target ≥ 90 %)`)
  if (BLIND.has(set)) {
    if (verbose) console.log(`  ${set}.jsonl: its items are blind; --verbose lists nothing for it`)
    continue
  }
  const pairs = [...confusions].sort((a, b) => b[1] - a[1]).map(([pair, n]) => `${pair} ×${n}`)
  if (pairs.length) console.log(`  intent confusions ${pairs.join(', ')}`)
  if (verbose) for (const miss of misses) console.log(`    ${miss}`)
}

function tally(): Tally {
  return { right: 0, total: 0 }
}

function f1(): F1 {
  return { tp: 0, fp: 0, fn: 0 }
}

function count(t: Tally, right: boolean, onMiss: () => void): void {
  t.total++
  if (right) t.right++
  else onMiss()
}

function add(total: F1, one: F1, onMiss: () => void): void {
  total.tp += one.tp
  total.fp += one.fp
  total.fn += one.fn
  if (one.fp || one.fn) onMiss()
}

function list(value: ParseLine[string]): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function labelF1(got: string[], want: string[]): F1 {
  const tp = got.filter((g) => want.includes(g)).length
  return { tp, fp: got.length - tp, fn: want.length - tp }
}

/** Items match when, without punctuation and white space, one contains the other or their bigram Dice ≥ 0.6. */
function itemF1(got: string[], want: string[]): F1 {
  const wanted = want.map(clean).filter(Boolean)
  const used = new Set<number>()
  let tp = 0
  let fp = 0
  for (const item of got.map(clean).filter(Boolean)) {
    const at = wanted.findIndex((w, i) => !used.has(i) && matches(item, w))
    if (at >= 0) {
      used.add(at)
      tp++
    } else fp++
  }
  return { tp, fp, fn: wanted.length - tp }
}

function clean(text: string): string {
  return text.replace(/[\p{P}\p{S}\s]/gu, '')
}

function matches(a: string, b: string): boolean {
  return a.includes(b) || b.includes(a) || dice(a, b) >= 0.6
}

function dice(a: string, b: string): number {
  const grams = (s: string) => {
    const chars = [...s]
    return chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i]! + c)
  }
  const x = grams(a)
  const y = grams(b)
  const pool = [...y]
  let shared = 0
  for (const g of x) {
    const at = pool.indexOf(g)
    if (at >= 0) {
      pool.splice(at, 1)
      shared++
    }
  }
  return x.length + y.length ? (2 * shared) / (x.length + y.length) : 0
}

function percent(t: Tally): string {
  return t.total ? `${((100 * t.right) / t.total).toFixed(1).padStart(5)} %  (${t.right}/${t.total})` : '   n/a'
}

function f1Text(t: F1): string {
  const precision = t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1
  const recall = t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1
  const value = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  return `${value.toFixed(3)}  (P ${precision.toFixed(3)} R ${recall.toFixed(3)})`
}
