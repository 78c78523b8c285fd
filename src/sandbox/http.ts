import { type HttpHandler, type HttpResponseResolver, http as mswHttp, type PathParams, type RequestHandler } from 'msw'

type Resolver = HttpResponseResolver<PathParams<string>, never, never>
type Method = 'all' | 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options'

/** What the local server needs to run a resolver without msw's per-request machinery. */
export type DirectResolver = (args: {
  request: Request
  params: PathParams<string>
  cookies: Record<string, string>
  requestId: string
}) => ReturnType<Resolver>

const resolvers = new WeakMap<RequestHandler, DirectResolver>()

function route(method: Method) {
  return (path: string, resolver: Resolver): HttpHandler => {
    const handler = mswHttp[method](path, resolver)
    resolvers.set(handler, resolver as DirectResolver)
    return handler
  }
}

/**
 * msw's `http`, remembering each handler's resolver. Resolvers given to it must always answer (never fall
 * through to the next handler by returning nothing): the local server relies on that. In-process and in the browser msw runs the
 * handlers as usual; the local server, which has already matched method and path itself, calls the resolver
 * directly and so skips msw's per-request cloning, cookie parsing and abort bookkeeping.
 */
export const http = {
  all: route('all'),
  get: route('get'),
  post: route('post'),
  put: route('put'),
  patch: route('patch'),
  delete: route('delete'),
  head: route('head'),
  options: route('options'),
}

/** The resolver of a handler built with this module's `http`, if it was. */
export function directResolver(handler: RequestHandler): DirectResolver | undefined {
  return resolvers.get(handler)
}
