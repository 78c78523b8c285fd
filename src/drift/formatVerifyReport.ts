import type { VerifyReport } from './verifyReport.js'

const pad = (rows: string[][]) => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  )
}

/** The report as `wealth-sandbox verify` prints it: a table of the steps, then each finding on a line. */
export function formatVerifyReport(report: VerifyReport): string {
  const status = (side: VerifyReport['steps'][number]['sandbox']) => (side.status === 0 ? '-' : String(side.status))
  const table = pad([
    ['step', 'operation', 'sandbox', 'upstream', 'drift'],
    ...report.steps.map((step) => [
      step.step,
      `${step.method} ${step.path || '?'}`,
      status(step.sandbox),
      status(step.upstream),
      step.findings.length > 0 ? String(step.findings.length) : step.upstream.error ? 'error' : 'ok',
    ]),
  ])
  const lines = [...table, '']
  for (const step of report.steps) {
    if (step.upstream.error) lines.push(`${step.step}: ${step.upstream.error}`)
    for (const finding of step.findings) {
      lines.push(
        `${finding.kind} ${finding.operation} ${finding.pointer}: expected ${finding.expected}, seen ${finding.seen}`,
      )
    }
  }
  lines.push(
    report.drift === 0 && report.errors === 0
      ? 'no drift: every answer has the statuses and shapes of the sandbox'
      : `${report.drift} finding(s), ${report.errors} step(s) without an answer`,
  )
  return lines.join('\n')
}
