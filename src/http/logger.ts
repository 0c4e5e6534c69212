// The server's log: pino to stdout, written asynchronously (under load several lines go out in one write; a quiet
// server still writes each line at once) and flushed before the process exits.
import pino from 'pino';

export function serverLogger(level: string) {
  const stream = pino.destination({ dest: 1, sync: false });
  return { options: { level, stream }, flush: () => stream.flushSync() };
}
