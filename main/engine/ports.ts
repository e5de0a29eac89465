/**
 * Side effects a step may use, passed in so tests can swap them without
 * module mocking. Real implementations live in main/platform/nodePorts.ts.
 */
export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called for each complete line of stdout/stderr as it arrives. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ProcessRunner {
  /** Runs a program with an argument vector (never a shell string). */
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Resolves the absolute path of a program on PATH, or null. */
  which(command: string): Promise<string | null>;
}

export interface Clock {
  now(): Date;
}

export interface FileSystemPort {
  /**
   * Reads a regular file of at most `maxBytes` (default FILE_LIMITS.default); anything else is
   * refused with a FileRefusedError (main/engine/boundedFileRead.ts).
   */
  readFile(path: string, options?: { maxBytes?: number }): Promise<Buffer>;
  writeFile(path: string, data: string | Uint8Array, options?: { mode?: number }): Promise<void>;
  /** Renames a file, replacing `to` if it exists (atomic on one file system). */
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; size: number; mtime: Date } | null>;
  access(path: string, mode: 'r' | 'w'): Promise<boolean>;
  mkdtemp(prefix: string): Promise<string>;
  rm(path: string): Promise<void>;
}

export interface EnvironmentPort {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  homedir: string;
  hostname: string;
  osRelease: string;
  uid: number | null;
  /** Where NGT Prep keeps its own files (settings, reports). */
  appDataDir: string;
}

export interface Ports {
  processes: ProcessRunner;
  fs: FileSystemPort;
  clock: Clock;
  environment: EnvironmentPort;
}
