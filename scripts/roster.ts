/**
 * npm run roster -- import FILE [--dry-run] | export FILE | list: the roster from and to .xlsx and
 * .csv files, in the running bot's store when a bot holds DATA_DIR (see openToolStore).
 *
 * Exit codes: 0 done, every row imported; 1 rows refused, or the tool could not run (configuration,
 * store, an unexpected error); 2 wrong usage, or a file that cannot be read, written or imported at all.
 */
import './closed-pipe.ts'
import { EXIT, fail, failedTool, print, Stop, toolConfig, withToolStore } from './cli.ts'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Config } from '../src/config/load-config.ts'
import { loadRouting } from '../src/domain/opinions/routing.ts'
import { exportRoster, rosterRecords } from '../src/domain/people/export-roster.ts'
import { importRoster } from '../src/domain/people/import-roster.ts'
import { rosterColumns } from '../src/domain/people/parse-roster.ts'
import { readRosterTable, RosterFileError, rosterFileType } from '../src/domain/people/read-roster-table.ts'
import { loadRosterFormat, type RosterField, type RosterFormat } from '../src/domain/people/roster-format.ts'
import { rosterReport } from '../src/domain/people/roster-report.ts'
import { createLogger, type Logger } from '../src/log.ts'
import { Assignments } from '../src/store/assignments.ts'
import { People } from '../src/store/people.ts'
import { Units } from '../src/store/units.ts'
import { loadVocabulary } from '../src/understanding/vocabulary.ts'

const VOCABULARY_DIR = fileURLToPath(new URL('../conversations/vocabulary', import.meta.url))
const LIST_FIELDS: readonly RosterField[] = ['name', 'unit', 'roles', 'wecomId', 'dingtalkId']

type Command = { readonly name: 'import'; readonly file: string; readonly dryRun: boolean } | { readonly name: 'export'; readonly file: string } | { readonly name: 'list' }

interface Context {
  readonly config: Config
  readonly log: Logger
  readonly format: RosterFormat
}

type Repositories = { readonly people: People; readonly units: Units; readonly assignments: Assignments }


function parseCommand(args: readonly string[]): Command | undefined {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } })
  } catch {
    return undefined
  }
  const [name, file, ...rest] = parsed.positionals
  const dryRun = parsed.values['dry-run']
  if (rest.length > 0 || (dryRun && name !== 'import')) return undefined
  // npm runs scripts in the package root; a relative path means the directory the user typed it in.
  const resolve = (f: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), f)
  if (name === 'import' && file) return { name, file: resolve(file), dryRun }
  if (name === 'export' && file) return { name, file: resolve(file) }
  if (name === 'list' && file === undefined) return { name }
  return undefined
}

async function runImport(file: string, dryRun: boolean, context: Context): Promise<number> {
  const { format } = context
  const table = await readRosterTable(file, format)
  const { missing } = rosterColumns(table.headers, format)
  if (missing.length > 0) throw new Stop(format.text('FILE_COLUMNS_MISSING', { columns: missing.join('、') }), EXIT.usage)
  const vocabulary = loadVocabulary(VOCABULARY_DIR)
  const routing = loadRouting({ categories: vocabulary.categories.categories.map((c) => c.label) })
  return withStore(context, async (store) => {
    const result = await importRoster(table, store, format, { dryRun, now: new Date(), routedUnits: routing.unitNames() })
    print(rosterReport(result, format, { dryRun, gbk: table.encoding === 'gbk' }))
    return result.parsed.refused.length > 0 ? EXIT.failed : EXIT.done
  })
}

async function runExport(file: string, context: Context): Promise<number> {
  rosterFileType(file)
  return withStore(context, async (store) => {
    print(context.format.text('EXPORTED', { count: await exportRoster(store, context.format, file), file }))
    return EXIT.done
  })
}

async function runList(context: Context): Promise<number> {
  const { format } = context
  return withStore(context, async (store) => {
    const records = rosterRecords(await store.people.list(), await store.units.list(), format)
    if (records.length === 0) print(format.text('LIST_EMPTY'))
    else {
      print(LIST_FIELDS.map((f) => format.columns[f][0]!).join('\t'))
      for (const record of records) print(LIST_FIELDS.map((f) => record[f]).join('\t'))
      print(format.text('LIST_COUNT', { count: records.length }))
    }
    return EXIT.done
  })
}

/** Opens the store, says which one it is, and closes it once `use` is done. */
async function withStore(context: Context, use: (store: Repositories) => Promise<number>): Promise<number> {
  const { config, log, format } = context
  return withToolStore(config, log, (code, params) => format.text(code, params), async (store) => use({ people: await People.open(store.connection), units: await Units.open(store.connection), assignments: await Assignments.open(store.connection) }))
}

async function main(args: readonly string[]): Promise<number> {
  const format = loadRosterFormat()
  const command = parseCommand(args)
  if (!command) return fail(format.text('USAGE'), EXIT.usage)
  const config = toolConfig()
  if (!config) return EXIT.failed
  // Logs go to stderr: stdout is the report.
  const context: Context = { config, log: createLogger(config.log, process.stderr), format }
  try {
    if (command.name === 'import') return await runImport(command.file, command.dryRun, context)
    if (command.name === 'export') return await runExport(command.file, context)
    return await runList(context)
  } catch (error) {
    if (error instanceof RosterFileError) return fail(format.text(error.code, error.params), EXIT.usage)
    return failedTool(error, context.log, `roster ${command.name}`)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2))
