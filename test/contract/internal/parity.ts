import { LOCAL_SERVER, type OpenApiValidator, UNMATCHED } from '../../../src/contract/OpenApiValidator.js'
import type { Tally } from './ContractChecker.js'
import type { FileCoverage } from './coverage.js'

// The parity table: for each operation of both documents and each status it documents, whether the test
// suite produced that status (seen) and whether every such response was within the contract (valid).

export interface StatusCell {
  /** The documented status key: `200`, `404`, `2XX`. */
  status: string
  seen: number
  valid: number
}

export interface ParityRow {
  api: string
  operationId: string
  method: string
  path: string
  statuses: StatusCell[]
}

export interface ParityReport {
  rows: ParityRow[]
  totals: { operations: number; documented: number; produced: number; validated: number }
  /** Responses of injected faults, checked against `x-injected-fault` rather than an operation. */
  injected: number
  /** Statuses seen that no document has (each is also a failed test). */
  undocumented: Tally[]
}

const covers = (key: string, status: number) =>
  key === String(status) || (key.endsWith('XX') && key[0] === String(status)[0]) || key === 'default'

export function parityReport(validators: readonly OpenApiValidator[], coverage: readonly FileCoverage[]): ParityReport {
  const tallies = coverage.flatMap((file) => file.tallies)
  const rows: ParityRow[] = []
  for (const validator of validators) {
    for (const operation of validator.operations()) {
      const mine = tallies.filter(
        (tally) => tally.api === validator.api && tally.operationId === operation.operationId && tally.documented,
      )
      rows.push({
        api: validator.api,
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        statuses: operation.statuses.map((status) => {
          const matching = mine.filter((tally) => covers(status, tally.status))
          return {
            status,
            seen: matching.reduce((sum, tally) => sum + tally.seen, 0),
            valid: matching.reduce((sum, tally) => sum + tally.valid, 0),
          }
        }),
      })
    }
  }
  const cells = rows.flatMap((row) => row.statuses)
  return {
    rows,
    totals: {
      operations: rows.length,
      documented: cells.length,
      produced: cells.filter((cell) => cell.seen > 0).length,
      validated: cells.filter((cell) => cell.seen > 0 && cell.valid === cell.seen).length,
    },
    injected: tallies.filter((tally) => tally.injected).reduce((sum, tally) => sum + tally.seen, 0),
    undocumented: tallies.filter((tally) => !tally.documented && !tally.injected),
  }
}

/**
 * Why the results cannot stand as the suite's parity in strict mode (`npm test`); empty when they can. Stale
 * results (recorded against another tree than the current one: an edit since, or a file that has not run
 * since) are refused rather than counted, and every documented status must have been produced and valid.
 */
export function strictFailures(report: ParityReport, stale: readonly FileCoverage[]): string[] {
  const failures = stale.map((coverage) => `stale results of ${coverage.file}: run it again`)
  const { documented, produced, validated } = report.totals
  if (produced < documented) failures.push(`${documented - produced} documented statuses were not produced`)
  if (validated < produced) failures.push(`${produced - validated} produced statuses had invalid responses`)
  for (const tally of report.undocumented) {
    failures.push(`undocumented: ${tally.api} ${tally.method} ${tally.path} answered ${tally.status}`)
  }
  return failures
}

/** ✓ produced and every response valid; ✗ produced but some response invalid; · never produced. */
const mark = (cell: StatusCell) => (cell.seen === 0 ? '·' : cell.valid === cell.seen ? '✓' : '✗')
const route = (row: ParityRow) =>
  row.operationId === LOCAL_SERVER
    ? 'any route, on the local server'
    : row.operationId === UNMATCHED
      ? 'any other route'
      : `${row.method} ${row.path}`

export function formatParity(report: ParityReport, format: 'text' | 'markdown' = 'text'): string {
  const { totals } = report
  const summary =
    `${totals.operations} operations, ${totals.documented} documented statuses: ` +
    `${totals.produced} produced by the test suite, ${totals.validated} produced and validated` +
    (report.injected > 0 ? `; ${report.injected} injected-fault responses checked` : '')
  const lines: string[] = []
  if (format === 'markdown') {
    lines.push('| API | operation | route | statuses (✓ produced and valid, · not produced, ✗ invalid) | covered |')
    lines.push('|---|---|---|---|---|')
    for (const row of report.rows) {
      const covered = row.statuses.filter((cell) => cell.seen > 0 && cell.valid === cell.seen).length
      lines.push(
        `| ${row.api} | \`${row.operationId}\` | \`${route(row)}\` | ${row.statuses.map((cell) => `${cell.status} ${mark(cell)}`).join(' ')} | ${covered}/${row.statuses.length} |`,
      )
    }
    lines.push('', summary)
  } else {
    const width = Math.max(...report.rows.map((row) => `${row.api} ${route(row)}`.length))
    for (const row of report.rows) {
      const covered = row.statuses.filter((cell) => cell.seen > 0 && cell.valid === cell.seen).length
      const cells = row.statuses.map((cell) => `${cell.status}${mark(cell)}${cell.seen > 0 ? `(${cell.seen})` : ''}`)
      lines.push(
        `${`${row.api} ${route(row)}`.padEnd(width)}  ${`${covered}/${row.statuses.length}`.padStart(5)}  ${cells.join(' ')}`,
      )
    }
    lines.push('', summary)
  }
  for (const tally of report.undocumented) {
    lines.push(`undocumented: ${tally.api} ${tally.method} ${tally.path} answered ${tally.status} (${tally.seen}x)`)
  }
  return lines.join('\n')
}
