// A baseline for the benchmark: answers every request with the body precomputed for its path.
// Usage: tsx baseline-server.ts <bare|express> <bodies.json>; prints the port when listening.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'

const [kind, file] = process.argv.slice(2)
const bodies = new Map(
  Object.entries(
    JSON.parse(readFileSync(file as string, 'utf8')) as Record<string, { status: number; type: string; body: string }>,
  ),
)
const fallback = { status: 404, type: 'application/json', body: '{}' }

let server: ReturnType<typeof createServer>
if (kind === 'bare') {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string
    const entry = bodies.get(`${req.method} ${path}`) ?? fallback
    req.resume()
    req.on('end', () => {
      res.writeHead(entry.status, { 'content-type': entry.type, 'content-length': Buffer.byteLength(entry.body) })
      res.end(entry.body)
    })
  })
} else {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.use(express.raw({ type: () => true }))
  app.use((req, res) => {
    const entry = bodies.get(`${req.method} ${req.path}`) ?? fallback
    res.status(entry.status).type(entry.type).send(entry.body)
  })
  server = createServer(app)
}
server.listen(0, '127.0.0.1', () => console.log(`port ${(server.address() as AddressInfo).port}`))
