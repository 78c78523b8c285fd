import { createHash, timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import { controlError } from '../control/controlError.js'
import { localRoute } from './localRoute.js'

/** Names of this machine that no other site's DNS can point a browser at. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * What needs no token, holding no state: the pages and documents, which the inspector and the docs page load
 * before they can send one (the inspector then sends it on every call), and the health check readiness
 * probes poll.
 */
const OPEN = [
  /^\/__sandbox\/?$/,
  /^\/__sandbox\/inspector\//,
  /^\/__sandbox\/docs(\/|$)/,
  /^\/__sandbox\/openapi\//,
  /^\/__sandbox\/health$/,
]

export interface ControlGuardOptions {
  /** The address the server binds (`--host`): a name the control API answers besides the loopback ones. */
  host?: string
  /** When set, every control call but the pages and the health check needs `Authorization: Bearer <token>`. */
  token?: string
}

/** `example.com:4010`, `[::1]:4010` or `example.com` as hostname (lower case, IPv6 in brackets) and port. */
function splitHost(host: string): { hostname: string; port: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host.trim().toLowerCase())
  return { hostname: match?.[1] ?? '', port: match?.[2] ?? '' }
}

const bracketed = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host).toLowerCase()
const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Keeps web pages from driving the control API (docs/security.md): a browser lets any page send requests to
 * `127.0.0.1`, so `/__sandbox/*` answers only requests that name this server in `Host` (a loopback name or
 * `host`; another name is a DNS-rebinding page) and come from no other origin than the server's own, and,
 * with a token, carry it. Refusals are control-API errors: 403, or 401 for a missing or wrong token.
 */
export function controlGuard(options: ControlGuardOptions = {}) {
  const names = new Set(LOOPBACK)
  if (options.host) names.add(bracketed(options.host))
  const token = options.token ? digest(options.token) : null
  /** Why a control request is refused, as its answer; null when it may pass. */
  const refusal = (req: Request, pathname: string) => {
    const host = req.headers.host
    const target = host === undefined ? null : splitHost(host)
    if (target && !names.has(target.hostname)) {
      return controlError(403, `host: ${host} is not a name of this server; use 127.0.0.1 or localhost`, 'host')
    }
    const origin = req.headers.origin
    if (origin !== undefined && !sameOrigin(origin, target, names)) {
      return controlError(403, `origin: ${origin} may not use the control API; only pages of this server may`, 'origin')
    }
    const open = (req.method === 'GET' || req.method === 'HEAD') && OPEN.some((each) => each.test(pathname))
    if (!token || open) return null
    const sent = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (sent && timingSafeEqual(digest(sent), token)) return null
    const refused = controlError(401, 'authorization: the control API needs "Bearer <control token>"', 'authorization')
    return { ...refused, headers: { ...refused.headers, 'www-authenticate': 'Bearer realm="wealth-sandbox control"' } }
  }
  return (req: Request, res: Response, next: NextFunction): void => {
    const route = localRoute(req.originalUrl)
    const refused = route.api === 'control' ? refusal(req, route.pathname) : null
    if (refused) res.writeHead(refused.status, refused.headers).end(refused.body)
    else next()
  }
}

/**
 * Whether `origin` is this server's own: http, the port the request came to, and a name of this server
 * (the loopback names stand for one another: the inspector opened on localhost may call 127.0.0.1).
 */
function sameOrigin(origin: string, target: { hostname: string; port: string } | null, names: Set<string>): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' || !target || !names.has(url.hostname)) return false
  const loopback = LOOPBACK.has(url.hostname) && LOOPBACK.has(target.hostname)
  return (loopback || url.hostname === target.hostname) && (url.port || '80') === (target.port || '80')
}
