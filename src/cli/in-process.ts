/**
 * Run the CLI inside this process (tests, embedding), as ESLint's `cli.execute` does: the commands
 * write to process.stdout/stderr and read process.cwd() and process.env, so for one run those are
 * lent from `io` and put back afterwards. One run at a time per process (the working directory is
 * the process's); the exit code is returned, process.exitCode is left as it was.
 */
export interface CliIo {
  /** What the run writes to stdout. */
  stdout(text: string): void;
  /** What the run writes to stderr. */
  stderr(text: string): void;
  /** The working directory of the run. */
  cwd: string;
  /** The whole environment of the run. */
  env: NodeJS.ProcessEnv;
  /** Whether stdout and stderr count as terminals (colour, progress); default false, as a pipe. */
  isTTY?: boolean;
}

type Write = typeof process.stdout.write;

/** Redirect a stream's writes and its isTTY; returns what puts them back. */
function lendStream(stream: NodeJS.WriteStream, sink: (text: string) => void, isTTY: boolean): () => void {
  const write = Object.getOwnPropertyDescriptor(stream, 'write');
  const tty = Object.getOwnPropertyDescriptor(stream, 'isTTY');
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as Write;
  Object.defineProperty(stream, 'isTTY', { value: isTTY, configurable: true, writable: true });
  return () => {
    for (const [key, own] of [['write', write], ['isTTY', tty]] as const) {
      if (own) Object.defineProperty(stream, key, own);
      else delete (stream as unknown as Record<string, unknown>)[key];
    }
  };
}

/** Replace process.env's contents in place (worker threads and child processes read the live object). */
function lendEnv(env: NodeJS.ProcessEnv): () => void {
  const saved = { ...process.env };
  const replace = (next: NodeJS.ProcessEnv): void => {
    for (const key of Object.keys(process.env)) if (next[key] === undefined) delete process.env[key];
    for (const [key, value] of Object.entries(next)) if (value !== undefined) process.env[key] = value;
  };
  replace(env);
  return () => replace(saved);
}

/** A run in progress: a second one would take the first's cwd and streams for its own "originals". */
let lent = false;

export async function withProcessIo<T>(io: CliIo, run: () => Promise<T>): Promise<T> {
  if (lent) throw new Error('runMain: one run at a time in a process (await the previous run first)');
  lent = true;
  const cwd = process.cwd();
  const exitCode = process.exitCode;
  const restore = [lendStream(process.stdout, io.stdout, io.isTTY ?? false), lendStream(process.stderr, io.stderr, io.isTTY ?? false), lendEnv(io.env)];
  try {
    process.chdir(io.cwd);
    process.exitCode = undefined;
    return await run();
  } finally {
    process.exitCode = exitCode;
    process.chdir(cwd);
    for (const undo of restore.reverse()) undo();
    lent = false;
  }
}
