import type { RowProblem } from './parse-roster.ts'
import type { RosterImport } from './import-roster.ts'
import type { RosterFormat } from './roster-format.ts'

/** The Chinese report of an import: counts, new units, every refused row with its reasons, notes. */
export function rosterReport(result: RosterImport, format: RosterFormat, options: { readonly dryRun: boolean; readonly gbk: boolean }): string {
  const { parsed } = result
  const lines: string[] = []
  if (options.dryRun) lines.push(format.text('REPORT_DRY_RUN'))
  if (options.gbk) lines.push(format.text('FILE_GBK'))
  if (parsed.ignoredColumns.length > 0) lines.push(format.text('COLUMNS_IGNORED', { columns: parsed.ignoredColumns.join('、') }))
  lines.push(format.text('REPORT_COUNTS', { created: result.created, updated: result.updated, unchanged: result.unchanged }))
  if (result.assignments) lines.push(format.text('REPORT_ASSIGNMENTS', { ...result.assignments }))
  if (result.newUnits.length > 0) {
    lines.push(format.text('REPORT_NEW_UNITS', { count: result.newUnits.length, units: result.newUnits.map((u) => u.name).join('、') }))
  }
  if (parsed.refused.length > 0) {
    lines.push('', format.text('REPORT_REFUSED', { count: parsed.refused.length }), ...parsed.refused.map((r) => `  ${rowLine(r, format)}`))
  } else lines.push(format.text('REPORT_ALL_TAKEN'))
  const notes = parsed.notes.map((n) => `  ${rowLine(n, format)}`)
  if (result.unitsWithoutHandler.length > 0) notes.push(`  ${format.text('REPORT_NO_HANDLER', { units: result.unitsWithoutHandler.join('、') })}`)
  if (notes.length > 0) lines.push('', format.text('REPORT_NOTES'), ...notes)
  return `${lines.join('\n')}\n`
}

function rowLine(problem: RowProblem, format: RosterFormat): string {
  const reasons = problem.reasons.join('；')
  return problem.name
    ? format.text('REPORT_ROW', { row: problem.row, name: problem.name, reasons })
    : format.text('REPORT_ROW_NO_NAME', { row: problem.row, reasons })
}
