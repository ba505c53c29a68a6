/**
 * npm run duties -- status [--at TIME] [--person ID] [--unit NAME] [--json]: every applicable duty
 * rule's status for each person, as of TIME (now by default), from the rule profile in force
 * (RULES_PROFILE), in the running bot's store when a bot holds DATA_DIR (see openToolStore).
 * ID is a person's WeCom, DingTalk or local chat id; NAME a unit's name. With --json, one line per
 * person: {"person", "name", "rules": [{"id", "source", "period", "status", "count", "minimum", "missing"}]}.
 *
 * Exit codes: 0 done; 1 the tool could not run (configuration, store, data); 2 wrong usage.
 */
import './closed-pipe.ts'
import { EXIT, fail, failedTool, parseMoment, print, toolConfig, usingStore } from './cli.ts'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { byUrgency, ruleLines } from '../src/domain/duties/duty-texts.ts'
import type { PersonProgress } from '../src/domain/duties/progress-service.ts'
import { localUserId, type Person } from '../src/domain/people/person.ts'
import { createLogger } from '../src/log.ts'
import { loadMessages } from '../src/messages.ts'
import type { Services } from '../src/services.ts'
import { openToolServices } from './tool-services.ts'


interface StatusCommand {
  readonly at: Date
  readonly person?: string
  readonly unit?: string
  readonly json: boolean
}

const messages = loadMessages()

function parseCommand(args: readonly string[]): StatusCommand | undefined {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { at: { type: 'string' }, person: { type: 'string' }, unit: { type: 'string' }, json: { type: 'boolean', default: false } },
    })
  } catch {
    return undefined
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'status') return undefined
  const { at, person, unit, json } = parsed.values
  const moment = at === undefined ? new Date() : parseMoment(at)
  if (!moment) return undefined
  return { at: moment, json: json ?? false, ...(person ? { person } : {}), ...(unit ? { unit } : {}) }
}

async function whom(command: StatusCommand, services: Services): Promise<Person[] | string> {
  if (command.person) {
    const person = await services.people.findByPlatformId('local', command.person)
    return person ? [person] : messages.text('DUTIES_NO_PERSON', { id: command.person })
  }
  if (command.unit) {
    const unit = await services.units.findByName(command.unit)
    if (!unit) return messages.text('DUTIES_NO_UNIT', { unit: command.unit })
    return (await services.people.list({ unitId: unit.id })).filter((p) => services.progress.rulesFor(p).length > 0)
  }
  return (await services.people.list()).filter((p) => services.progress.rulesFor(p).length > 0)
}

function printText(progress: readonly PersonProgress[], unitNames: ReadonlyMap<string, string>, services: Services, at: Date): void {
  const shanghai = new Date(at.getTime() + 8 * 3600_000).toISOString()
  print(messages.text('DUTIES_HEAD', { profile: services.rules.name, date: shanghai.slice(0, 10), time: shanghai.slice(11, 16), count: progress.length }))
  const tally = new Map<string, number>()
  for (const { person, rules } of progress) {
    print('')
    print(messages.text('DUTIES_PERSON', { name: person.name, unit: (person.unitId && unitNames.get(person.unitId)) || '', id: localUserId(person) }))
    for (const result of byUrgency(rules)) {
      for (const line of ruleLines(result, messages)) print(`  ${line}`)
      tally.set(result.status, (tally.get(result.status) ?? 0) + 1)
    }
  }
  const counts = ['done', 'on_track', 'at_risk', 'behind', 'overdue'].map((s) => messages.text('DUTIES_TALLY', { status: messages.text(`DUTY_${s.toUpperCase()}`), count: tally.get(s) ?? 0 }))
  print('')
  print(messages.list(counts))
}

export async function main(args: readonly string[]): Promise<number> {
  const command = parseCommand(args)
  if (!command) return fail(messages.text('DUTIES_USAGE'), EXIT.usage)
  const config = toolConfig()
  if (!config) return EXIT.failed
  const log = createLogger(config.log, process.stderr)
  try {
    return await usingStore(config, log, (error) => messages.text('DUTIES_STORE_UNAVAILABLE', { error }), async (store) => {
      const { services } = await openToolServices(config, log, store)
      const people = await whom(command, services)
      if (typeof people === 'string') return fail(people, EXIT.usage)
      const progress = await services.progress.forPeople(people, command.at)
      if (command.json) {
        for (const { person, rules } of progress) {
          print(
            JSON.stringify({
              person: localUserId(person),
              name: person.name,
              rules: rules.map((r) => ({ id: r.id, source: r.source, period: r.period, status: r.status, count: r.count, minimum: r.minimum, missing: r.missing })),
            }),
          )
        }
      } else {
        printText(progress, new Map((await services.units.list()).map((u) => [u.id, u.name])), services, command.at)
      }
      services.calendar.stop()
      return EXIT.done
    })
  } catch (error) {
    return failedTool(error, log, 'duties status')
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2))
