// B of the pipe-full twin: a separate program that sends A its message on stdout and reads A's on
// stdin, both at once. Its own messages go to stderr, since stdout carries the data.
import { MESSAGE, receiveAll, sendAll } from './exchange.js';

const received = receiveAll(process.stdin);
const waits = await sendAll(process.stdout, MESSAGE);
process.stdout.end();
process.stderr.write(`B received ${await received} bytes (sent ${MESSAGE}, waited for 'drain' ${waits} times)\n`);
