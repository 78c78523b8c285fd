import { crc32 } from 'node:zlib'
import { FRAME_HEADER_BYTES } from './encodeFrame.js'

export interface DecodedFrames {
  /** The payloads of the complete frames, in order. */
  payloads: string[]
  /** Where the complete frames end: the file's length, or the offset of a torn tail. */
  end: number
}

/**
 * Reads frames (`encodeFrame`) from the start of `bytes` until the end or the first frame that is cut short
 * or fails its checksum: what a crash in the middle of an append leaves. Everything from there on is the
 * torn tail; the caller decides what to say about it.
 */
export function decodeFrames(bytes: Buffer): DecodedFrames {
  const payloads: string[] = []
  let at = 0
  while (at + FRAME_HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at)
    const start = at + FRAME_HEADER_BYTES
    if (length > bytes.length - start) break
    const body = bytes.subarray(start, start + length)
    if (crc32(body) !== bytes.readUInt32LE(at + 4)) break
    payloads.push(body.toString('utf8'))
    at = start + length
  }
  return { payloads, end: at }
}
