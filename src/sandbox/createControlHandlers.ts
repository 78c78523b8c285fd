import { HttpResponse, type RequestHandler } from 'msw'
import { z } from 'zod'
import type { Sandbox } from './createSandbox.js'
import { http } from './http.js'
import { parseDuration } from './parseDuration.js'

export interface ControlHandlerOptions {
  /** Origin the control API answers under `__sandbox/`, e.g. `http://127.0.0.1:4010/`. */
  baseUrl: string
}

const advanceBody = z.object({ by: z.union([z.string().min(1), z.number().nonnegative()]) })

/** A control-API error: plain JSON naming the field at fault. */
export function controlError(status: number, message: string, field?: string) {
  return HttpResponse.json({ error: message, ...(field ? { field } : {}) }, { status })
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text.trim() === '') return {}
  return JSON.parse(text)
}

/** The shared `/__sandbox` routes over one sandbox: health, info, reset and the clock. */
export function createControlHandlers(sandbox: Sandbox, options: ControlHandlerOptions): RequestHandler[] {
  const url = (path: string) => new URL(`__sandbox/${path}`, options.baseUrl).href
  return [
    http.get(url('health'), () => HttpResponse.json({ status: 'ok' })),
    http.get(url('info'), () => HttpResponse.json(sandbox.info())),
    http.post(url('reset'), async () => {
      await sandbox.reset()
      return HttpResponse.json(sandbox.info())
    }),
    http.get(url('clock'), () => HttpResponse.json({ now: sandbox.clock.timestamp(), mode: sandbox.clock.mode })),
    http.post(url('clock/advance'), async ({ request }) => {
      let body: unknown
      try {
        body = await readJson(request)
      } catch {
        return controlError(400, 'request body is not valid JSON')
      }
      const parsed = advanceBody.safeParse(body)
      if (!parsed.success) return controlError(400, 'by: required, a duration such as "10m" or milliseconds', 'by')
      let ms: number
      try {
        ms = parseDuration(parsed.data.by)
      } catch (error) {
        return controlError(400, `by: ${(error as Error).message}`, 'by')
      }
      await sandbox.clock.advance(ms)
      return HttpResponse.json({ now: sandbox.clock.timestamp(), mode: sandbox.clock.mode })
    }),
  ]
}
