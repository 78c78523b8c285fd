import { type ChildProcess, spawn } from 'node:child_process'
import { afterEach } from 'vitest'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/**
 * Starts the CLI from the sources as `npm start` runs it, killed after each test; resolves with its URL once
 * it is ready, and rejects with its output if it exits first.
 */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Upvest\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)
      if (match?.[1]) resolve({ child, url: match[1], output: () => output })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)))
  })
}
