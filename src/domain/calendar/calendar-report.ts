import type { CalendarImportFormat, CalendarMessageCode, CalendarMessageParams } from './calendar-import-format.ts'
import type { CalendarImport } from './import-calendar.ts'

/** The Chinese report of a calendar import: counts, every refused row with its reasons, the years declared or not. */
export function calendarReport(result: CalendarImport, format: CalendarImportFormat, options: { readonly dryRun: boolean }): string {
  const { parsed } = result
  const say = (code: CalendarMessageCode, params?: CalendarMessageParams) => format.text(code, params)
  const lines: string[] = []
  if (options.dryRun) lines.push(say('REPORT_DRY_RUN'))
  if (parsed.ignoredColumns.length > 0) lines.push(say('COLUMNS_IGNORED', { columns: parsed.ignoredColumns.join('、') }))
  lines.push(say('REPORT_COUNTS', { created: result.created, updated: result.updated, unchanged: result.unchanged }))
  if (parsed.refused.length > 0) {
    lines.push(say('REPORT_REFUSED', { count: parsed.refused.length }), ...parsed.refused.map((r) => `  ${say('REPORT_ROW', { row: r.row, reasons: r.reasons.join('；') })}`))
  } else lines.push(say('REPORT_ALL_TAKEN'))
  const years = (code: CalendarMessageCode, list: readonly number[]) => {
    if (list.length > 0) lines.push(say(code, { years: format.years(list) }))
  }
  years('REPORT_COMPLETE', result.completed)
  years('REPORT_NOT_COMPLETE_REFUSED', result.notCompletedRefused)
  years('REPORT_NOT_COMPLETE_EMPTY', result.notCompletedEmpty)
  years('REPORT_UNKNOWN_YEARS', result.unknownYears)
  return `${lines.join('\n')}\n`
}
