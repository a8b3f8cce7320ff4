// Sending and receiving at once, with streams: the part both processes of the pipe-full twin share.
import type { Readable, Writable } from 'node:stream';

/** Bytes each side sends: far more than any pipe or socket buffer holds. */
export const MESSAGE = 4 * 1024 * 1024;
const CHUNK = 4096;

/**
 * Writes `total` bytes, respecting backpressure: when write() returns false the stream's buffer is
 * full, so we stop and carry on at 'drain'. Resolves with the number of times it had to wait.
 */
export function sendAll(stream: Writable, total: number): Promise<number> {
  const chunk = Buffer.alloc(CHUNK, 0x61);
  let sent = 0;
  let waits = 0;
  return new Promise((resolve) => {
    const pump = () => {
      while (sent < total) {
        sent += CHUNK;
        if (!stream.write(chunk)) {
          waits++;
          stream.once('drain', pump);
          return;
        }
      }
      resolve(waits);
    };
    pump();
  });
}

/** Counts what arrives until the other side ends its stream. Reading starts at once, while we send. */
export function receiveAll(stream: Readable): Promise<number> {
  let got = 0;
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => (got += chunk.length));
    stream.on('end', () => resolve(got));
  });
}
