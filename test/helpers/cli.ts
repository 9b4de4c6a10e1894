/**
 * The CLI as a test calls it. `runCli` runs it in this process (src/cli/main.ts `runMain`, from
 * source, no build needed): the same arguments, exit code, stdout and stderr as the binary, ten
 * times faster. `spawnCli` starts the real binary (bin/ssot-lint.js, the bundle in dist/) for what
 * only a process shows: start-up, the bundle, TypeScript loading and its code cache, worker threads
 * started from the bundle, exit codes as the shell sees them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runMain } from '../../src/cli/main.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/ssot-lint.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** No colour unless a test asks for it, as in a pipe. */
const cliEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env });

/**
 * The CLI in this process; `env` is laid over this process's environment (undefined removes a
 * variable). With SSOT_TEST_CLI=spawn every call spawns the binary instead: the whole suite then
 * checks that both give the same results.
 */
export async function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  if (process.env.SSOT_TEST_CLI === 'spawn') return spawnCli(args, cwd, env);
  let stdout = '';
  let stderr = '';
  const code = await runMain(args, {
    cwd,
    env: cliEnv(env),
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  });
  return { code, stdout, stderr };
}

/** The real binary in a process of its own, as a user would run it. */
export function spawnCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cliEnv(env) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
