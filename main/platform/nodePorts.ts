/** Real implementations of the engine's ports, for Node (CLI, browser host) and Electron's main process. */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { FILE_LIMITS, readBoundedFile } from '../engine/boundedFileRead';
import type { EnvironmentPort, FileSystemPort, Ports, ProcessRunner, RunOptions, RunResult } from '../engine/ports';

export const nodeProcessRunner: ProcessRunner = {
  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
        shell: false,
        // Its own process group on POSIX, so a timeout or abort stops what it started too
        // (pwsh installed as a .NET tool is a launcher that runs `dotnet pwsh.dll` as a child).
        detached: process.platform !== 'win32',
      });
      const stop = (signal: NodeJS.Signals) => {
        try {
          if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, signal);
          else child.kill(signal);
        } catch {
          child.kill(signal);
        }
      };
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const partial = { stdout: '', stderr: '' };
      const feed = (stream: 'stdout' | 'stderr', chunk: string) => {
        if (!options.onLine) return;
        const text = partial[stream] + chunk;
        const lines = text.split(/\r?\n/);
        partial[stream] = lines.pop() ?? '';
        for (const line of lines) options.onLine(stream, line);
      };
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        feed('stdout', c);
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
        feed('stderr', c);
      });
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              stop('SIGKILL');
            }, options.timeoutMs);
      const onAbort = () => stop('SIGTERM');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error) => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        for (const stream of ['stdout', 'stderr'] as const) {
          if (partial[stream] && options.onLine) options.onLine(stream, partial[stream]);
        }
        resolve({ code, signal, stdout, stderr, timedOut });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
    });
  },

  async which(command: string): Promise<string | null> {
    const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
    const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
    for (const dir of dirs) {
      for (const ext of exts) {
        const candidate = path.join(dir, command + ext);
        try {
          await fsp.access(candidate, fsConstants.X_OK);
          return candidate;
        } catch {
          // not here
        }
      }
    }
    return null;
  },
};

export const nodeFileSystem: FileSystemPort = {
  readFile: (p, options) => readBoundedFile(p, options?.maxBytes ?? FILE_LIMITS.default),
  writeFile: (p, data, options) => fsp.writeFile(p, data, { mode: options?.mode }),
  rename: (from, to) => fsp.rename(from, to),
  mkdir: async (p) => {
    await fsp.mkdir(p, { recursive: true });
  },
  stat: async (p) => {
    try {
      return await fsp.stat(p);
    } catch {
      return null;
    }
  },
  access: async (p, mode) => {
    try {
      await fsp.access(p, mode === 'w' ? fsConstants.W_OK : fsConstants.R_OK);
      return true;
    } catch {
      return false;
    }
  },
  mkdtemp: (prefix) => fsp.mkdtemp(prefix),
  rm: (p) => fsp.rm(p, { recursive: true, force: true }),
};

/** Where NGT Prep keeps its files, per OS convention (Electron's userData uses the same places). */
export function defaultAppDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.NGT_PREP_DATA_DIR) return env.NGT_PREP_DATA_DIR;
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'NGT Prep');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'NGT Prep');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'ngt-prep');
}

export function nodeEnvironment(overrides: Partial<EnvironmentPort> = {}): EnvironmentPort {
  return {
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    homedir: os.homedir(),
    hostname: os.hostname(),
    osRelease: os.release(),
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    appDataDir: defaultAppDataDir(),
    ...overrides,
  };
}

export function nodePorts(overrides: Partial<Ports> = {}): Ports {
  return {
    processes: nodeProcessRunner,
    fs: nodeFileSystem,
    clock: { now: () => new Date() },
    environment: nodeEnvironment(),
    ...overrides,
  };
}
