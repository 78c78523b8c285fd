import { crc32 } from 'node:zlib'
import { FRAME_HEADER_BYTES } from './encodeFrame.js'

export interface DecodedFrames {
  /** The payloads of the complete frames, in order. */
  payloads: string[]
  /** Where the complete frames end: the file's length, the start of its unused space, or the offset of a torn tail. */
  end: number
  /** Whether anything but zeros follows `end`: a write the process did not finish. */
  torn: boolean
}

/**
 * Reads frames (`encodeFrame`) from the start of `bytes` until the end, a frame of length 0, or the first frame
 * that is cut short or fails its checksum. No payload is empty (each is JSON), so a length of 0 is where the
 * writes stopped in a log made longer with zeros ahead of them (docs/persistence.md#log); anything but zeros
 * from there on is a torn tail, what a crash in the middle of a write leaves. The caller decides what to say.
 */
export function decodeFrames(bytes: Buffer): DecodedFrames {
  const payloads: string[] = []
  let at = 0
  while (at + FRAME_HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at)
    if (length === 0) break
    const start = at + FRAME_HEADER_BYTES
    if (length > bytes.length - start) break
    const body = bytes.subarray(start, start + length)
    if (crc32(body) !== bytes.readUInt32LE(at + 4)) break
    payloads.push(body.toString('utf8'))
    at = start + length
  }
  let torn = false
  for (let i = at; i < bytes.length && !torn; i++) torn = bytes[i] !== 0
  return { payloads, end: at, torn }
}
