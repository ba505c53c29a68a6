import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'
import { isShanghaiDate, type ShanghaiDate } from './shanghai-date.ts'

export const CALENDAR_FILE = fileURLToPath(new URL('../../../conversations/calendar.yaml', import.meta.url))

export interface Semester {
  readonly name: string
  readonly start: ShanghaiDate
  /** Inclusive. */
  readonly end: ShanghaiDate
}

const date = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)).refine(isShanghaiDate, 'a date as YYYY-MM-DD')
const schema = z.strictObject({ semesters: z.array(z.strictObject({ name: z.string().min(1), start: date, end: date })).min(1) })

/** Loads the semesters of conversations/calendar.yaml; errors name the file, the entry and the field. */
export function loadSemesters(file: string = CALENDAR_FILE): Semester[] {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`calendar.yaml: ${issue.path.join('.')}: ${issue.message}`)
  }
  for (const s of parsed.data.semesters) if (s.end < s.start) throw new Error(`calendar.yaml: semester ${s.name} ends before it starts`)
  return parsed.data.semesters
}

/** The semester holding the date; between semesters (a vacation), the one that ended last. */
export function semesterOf(date: ShanghaiDate, semesters: readonly Semester[]): Semester | undefined {
  const started = semesters.filter((s) => s.start <= date).sort((a, b) => (a.start < b.start ? 1 : -1))
  return started[0]
}
