/**
 * npm run calendar -- import FILE [--dry-run] [--complete-year YYYY]… | list [--year YYYY] | status:
 * the days admins set over the chinese-days package (school closures, a State Council schedule
 * the package does not have yet), in calendar_days, through the running bot's store when a bot
 * holds DATA_DIR (see openToolStore). The bot reads them again within CALENDAR_REFRESH_MS. How a
 * year is declared complete: conversations/calendar-import.yaml.
 *
 * Exit codes: 0 done; 1 rows refused, a year asked for not declared complete, a needed year
 * missing (status), or the tool could not run (configuration, store, an unexpected error); 2 wrong
 * usage, or a file that cannot be read or imported at all.
 */
import './closed-pipe.ts'
import { EXIT, fail, failedTool, print, Stop, toolConfig, withToolStore } from './cli.ts'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Config } from '../src/config/load-config.ts'
import { loadCalendarImportFormat, type CalendarImportFormat } from '../src/domain/calendar/calendar-import-format.ts'
import { mergeCalendar, missingYears, neededYears } from '../src/domain/calendar/calendar-overrides.ts'
import { calendarReport } from '../src/domain/calendar/calendar-report.ts'
import { CALENDAR_REFRESH_MS } from '../src/domain/calendar/calendar-service.ts'
import { chineseHolidayCalendar } from '../src/domain/calendar/chinese-holidays.ts'
import { importCalendar } from '../src/domain/calendar/import-calendar.ts'
import { parseCalendarTable } from '../src/domain/calendar/parse-calendar-table.ts'
import { CalendarFileError, readCalendarTable } from '../src/domain/calendar/read-calendar-table.ts'
import { shanghaiDate } from '../src/domain/calendar/shanghai-date.ts'
import { createLogger, type Logger } from '../src/log.ts'
import { CalendarDays } from '../src/store/calendar-days.ts'
import type { ToolStoreSource } from '../src/store/open-tool-store.ts'

const CHINESE_DAYS_VERSION = (createRequire(import.meta.url)('chinese-days/package.json') as { version: string }).version

type Command =
  | { readonly name: 'import'; readonly file: string; readonly dryRun: boolean; readonly completeYears: readonly number[] }
  | { readonly name: 'list'; readonly year: number | undefined }
  | { readonly name: 'status' }

interface Context {
  readonly config: Config
  readonly log: Logger
  readonly format: CalendarImportFormat
}


function parseCommand(args: readonly string[]): Command | undefined {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean', default: false }, 'complete-year': { type: 'string', multiple: true, default: [] }, year: { type: 'string' } },
    })
  } catch {
    return undefined
  }
  const [name, file, ...rest] = parsed.positionals
  const { 'dry-run': dryRun, 'complete-year': completeYears, year } = parsed.values
  const isYear = (value: string) => /^(20|21)\d\d$/.test(value)
  if (rest.length > 0 || !completeYears.every(isYear) || (year !== undefined && !isYear(year))) return undefined
  if ((dryRun || completeYears.length > 0) && name !== 'import') return undefined
  if (year !== undefined && name !== 'list') return undefined
  // npm runs scripts in the package root; a relative path means the directory the user typed it in.
  if (name === 'import' && file) return { name, file: path.resolve(process.env.INIT_CWD ?? process.cwd(), file), dryRun, completeYears: completeYears.map(Number) }
  if (name === 'list' && file === undefined) return { name, year: year === undefined ? undefined : Number(year) }
  if (name === 'status' && file === undefined) return { name }
  return undefined
}

async function runImport(command: Extract<Command, { name: 'import' }>, context: Context): Promise<number> {
  const { format } = context
  const table = await readCalendarTable(command.file, format)
  const { missingColumns } = parseCalendarTable({ headers: table.headers, rows: [] }, format)
  if (missingColumns.length > 0) throw new Stop(format.text('FILE_COLUMNS_MISSING', { columns: missingColumns.join('、') }), EXIT.usage)
  return withStore(context, async (days, source) => {
    const result = await importCalendar(table, days, format, {
      dryRun: command.dryRun,
      now: new Date(),
      source: path.basename(command.file),
      completeYears: command.completeYears,
      packageYears: chineseHolidayCalendar().knownYears,
    })
    print(calendarReport(result, format, { dryRun: command.dryRun }))
    // Without a bot on the data directory nobody needs telling; with MongoDB one may run elsewhere.
    if (!command.dryRun && source.kind !== 'data-dir') print(format.text('REPORT_REFRESH', { minutes: CALENDAR_REFRESH_MS / 60_000 }))
    const incomplete = result.notCompletedRefused.length + result.notCompletedEmpty.length
    return result.parsed.refused.length > 0 || incomplete > 0 ? EXIT.failed : EXIT.done
  })
}

async function runList(year: number | undefined, context: Context): Promise<number> {
  const { format } = context
  return withStore(context, async (days) => {
    const listed = await days.list(year === undefined ? {} : { year })
    const complete = (await days.completeYears()).filter((y) => year === undefined || y === year)
    if (listed.length === 0) print(format.text('LIST_EMPTY'))
    else {
      print([format.columns.date[0], format.columns.kind[0], format.columns.note[0]].join('\t'))
      for (const day of listed) print([day.date, format.kindLabel(day.working), day.note].join('\t'))
      print(format.text('LIST_COUNT', { count: listed.length }))
    }
    if (complete.length > 0) print(format.text('LIST_COMPLETE', { years: format.years(complete) }))
    return EXIT.done
  })
}

async function runStatus(context: Context): Promise<number> {
  const { format } = context
  return withStore(context, async (days) => {
    const base = chineseHolidayCalendar()
    const overrides = await days.overrides()
    print(format.text('STATUS_PACKAGE', { version: CHINESE_DAYS_VERSION, years: format.years([...base.knownYears]) }))
    const complete = overrides.completeYears
    print(complete.length > 0 ? format.text('STATUS_OVERRIDES', { years: format.years(complete) }) : format.text('STATUS_OVERRIDES_NONE'))
    print(format.text('STATUS_DAYS', { count: overrides.days.length }))
    const today = shanghaiDate(new Date())
    const missing = missingYears(today, mergeCalendar(base, overrides))
    print(format.text('STATUS_NEEDED', { years: format.years(neededYears(today)) }))
    print(missing.length > 0 ? format.text('STATUS_MISSING', { years: format.years(missing) }) : format.text('STATUS_OK'))
    return missing.length > 0 ? EXIT.failed : EXIT.done
  })
}

/** Opens the store, says which one it is, and closes it once `use` is done. */
async function withStore(context: Context, use: (days: CalendarDays, source: ToolStoreSource) => Promise<number>): Promise<number> {
  const { config, log, format } = context
  return withToolStore(config, log, (code, params) => format.text(code, params), async (store) => use(await CalendarDays.open(store.connection), store.source))
}

async function main(args: readonly string[]): Promise<number> {
  const format = loadCalendarImportFormat()
  const command = parseCommand(args)
  if (!command) return fail(format.text('USAGE'), EXIT.usage)
  const config = toolConfig()
  if (!config) return EXIT.failed
  // Logs go to stderr: stdout is the report.
  const context: Context = { config, log: createLogger(config.log, process.stderr), format }
  try {
    if (command.name === 'import') return await runImport(command, context)
    if (command.name === 'list') return await runList(command.year, context)
    return await runStatus(context)
  } catch (error) {
    if (error instanceof CalendarFileError) return fail(format.text(error.code, error.params), EXIT.usage)
    return failedTool(error, context.log, `calendar ${command.name}`)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2))
