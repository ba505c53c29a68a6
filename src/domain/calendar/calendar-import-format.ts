import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { loadYamlFile } from '../load-yaml-file.ts'

export const CALENDAR_IMPORT_FILE = fileURLToPath(new URL('../../../conversations/calendar-import.yaml', import.meta.url))

export const CALENDAR_FIELDS = ['date', 'kind', 'note'] as const
export type CalendarField = (typeof CALENDAR_FIELDS)[number]

/** Every text `npm run calendar` shows; the file must have each, and nothing else. */
export const CALENDAR_MESSAGE_CODES = [
  'DATE_MISSING', 'DATE_INVALID', 'KIND_MISSING', 'KIND_UNKNOWN', 'DATE_DUPLICATE',
  'FILE_TYPE', 'FILE_UNREADABLE', 'FILE_NOT_UTF8', 'FILE_NO_HEADER', 'FILE_COLUMNS_MISSING', 'COLUMNS_IGNORED',
  'REPORT_DRY_RUN', 'REPORT_COUNTS', 'REPORT_REFUSED', 'REPORT_ROW', 'REPORT_ALL_TAKEN', 'REPORT_COMPLETE', 'REPORT_NOT_COMPLETE_REFUSED',
  'REPORT_NOT_COMPLETE_EMPTY', 'REPORT_UNKNOWN_YEARS', 'REPORT_REFRESH', 'STORE_MONGODB', 'STORE_RUNNING_BOT', 'STORE_DATA_DIR',
  'STORE_UNAVAILABLE', 'LIST_EMPTY', 'LIST_COUNT', 'LIST_COMPLETE', 'STATUS_PACKAGE', 'STATUS_OVERRIDES', 'STATUS_OVERRIDES_NONE',
  'STATUS_DAYS', 'STATUS_NEEDED', 'STATUS_MISSING', 'STATUS_OK', 'USAGE',
] as const
export type CalendarMessageCode = (typeof CALENDAR_MESSAGE_CODES)[number]
export type CalendarMessageParams = Readonly<Record<string, string | number>>

const names = z.array(z.string().trim().min(1)).min(1)
const schema = z.strictObject({
  columns: z.strictObject(Object.fromEntries(CALENDAR_FIELDS.map((f) => [f, names])) as Record<CalendarField, typeof names>),
  kinds: z.strictObject({ notWorking: names, working: names }),
  messages: z.strictObject(Object.fromEntries(CALENDAR_MESSAGE_CODES.map((c) => [c, z.string().trim().min(1)])) as Record<CalendarMessageCode, z.ZodString>),
})

export interface CalendarImportFormat {
  /** Header names per field; the first is the one `list` shows. */
  readonly columns: Readonly<Record<CalendarField, readonly string[]>>
  field(header: string): CalendarField | undefined
  /** Whether a type cell means a working day; undefined for a name it does not know. */
  working(kind: string): boolean | undefined
  kindLabel(working: boolean): string
  acceptedKinds(): string[]
  /** Years as a short list: 2004–2026、2028. */
  years(years: readonly number[]): string
  text(code: CalendarMessageCode, params?: CalendarMessageParams): string
}

/** Loads conversations/calendar-import.yaml; errors name the file, the path inside it and the expectation. */
export function loadCalendarImportFormat(file: string = CALENDAR_IMPORT_FILE): CalendarImportFormat {
  const data = loadYamlFile(file, schema)
  const headers = new Map<string, CalendarField>()
  for (const field of CALENDAR_FIELDS) for (const header of data.columns[field]) headers.set(clean(header), field)
  const kinds = new Map<string, boolean>([...data.kinds.notWorking.map((k) => [clean(k), false] as const), ...data.kinds.working.map((k) => [clean(k), true] as const)])
  return {
    columns: data.columns,
    field: (header) => headers.get(clean(header)),
    working: (kind) => kinds.get(clean(kind)),
    kindLabel: (working) => (working ? data.kinds.working[0]! : data.kinds.notWorking[0]!),
    acceptedKinds: () => [...data.kinds.notWorking, ...data.kinds.working],
    years(years) {
      const sorted = [...new Set(years)].sort((a, b) => a - b)
      const runs: Array<[number, number]> = []
      for (const year of sorted) {
        const last = runs.at(-1)
        if (last && year === last[1] + 1) last[1] = year
        else runs.push([year, year])
      }
      return runs.map(([from, to]) => (from === to ? String(from) : `${from}–${to}`)).join('、')
    },
    text(code, params = {}) {
      return data.messages[code].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
    },
  }
}

function clean(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
}
