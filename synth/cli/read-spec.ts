/**
 * Reads the spec file for the CLI, safely: opened without blocking (a FIFO never hangs), refused unless it
 * is a regular file (FIFOs, devices, sockets, directories), and read at most MAX_SPEC_BYTES + 1 bytes, so
 * that `/proc` files (size 0) and files that grow are bounded too. Every refusal is a located diagnostic.
 */
import * as fs from 'fs';
import { MAX_SPEC_BYTES } from '../spec/load';
import type { Diagnostic } from '../util/errors';

export type SpecRead = { readonly text: string; readonly diagnostic?: undefined } | { readonly text?: undefined; readonly diagnostic: Diagnostic };

/** Where an empty --spec is reported (a file name is needed for `file:line:col`). */
const EMPTY_NAME = '""';

function located(file: string, code: string, message: string, expected: string, found: string, suggestion?: string): SpecRead {
  return { diagnostic: { code, severity: 'error', path: '--spec', file, line: 1, col: 1, message, expected, found, suggestion } };
}

function kind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function readSpec(file: string, maxBytes: number = MAX_SPEC_BYTES): SpecRead {
  if (file.trim() === '') {
    return located(EMPTY_NAME, 'spec-path-empty', 'the spec path is empty', 'a path to a platform spec YAML file', file === '' ? 'an empty string' : `"${file}"`, '--spec platform.spec.yaml');
  }
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return located(file, 'spec-not-a-file', 'the spec is not a regular file', 'a YAML file', 'a directory');
    return located(file, 'file-unreadable', `cannot read the spec: ${code ?? (e as Error).message}`, 'a readable YAML file', code === 'ENOENT' ? 'no such file' : (code ?? 'an error'));
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return located(file, 'spec-not-a-file', 'the spec is not a regular file: it is read only as a file on disk', 'a YAML file', kind(st));
    const tooLarge = (found: string) => located(file, 'file-too-large', 'the spec file is too large to be a platform spec', `at most ${maxBytes} bytes (1 MiB)`, found);
    if (st.size > maxBytes) return tooLarge(`${st.size} bytes`);
    // Bounded read: one byte more than the limit tells "too large" without reading further.
    const buf = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, length, buf.length - length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw e;
      }
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return tooLarge(`more than ${maxBytes} bytes`);
    }
    return { text: buf.subarray(0, length).toString('utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return located(file, 'file-unreadable', `cannot read the spec: ${code ?? (e as Error).message}`, 'a readable YAML file', code ?? 'an error');
  } finally {
    fs.closeSync(fd);
  }
}
