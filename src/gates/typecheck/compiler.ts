/**
 * Which TypeScript checks the snapshot: the repository's own, fastest first.
 *
 * 1. `node_modules/.bin/tsgo` (@typescript/native-preview): the native compiler.
 * 2. `node_modules/typescript` at 7.x: TypeScript 7, whose `tsc` is the native compiler.
 * 3. `node_modules/typescript` (5.x and earlier): the JavaScript `tsc`.
 * 4. The TypeScript bosun itself depends on (resolved from bosun's own install).
 *
 * The native ones are spawned as their platform binary directly (what their `bin` script would exec), so a
 * killed gate does not leave a node wrapper between it and the compiler.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Compiler {
  kind: 'tsgo' | 'typescript-7' | 'typescript' | 'bundled';
  version: string;
  /** Executable and leading arguments (node + script for the JavaScript tsc). */
  command: string;
  args: string[];
  /** The package dir it came from (for messages and the cache key). */
  from: string;
}

function readVersion(pkgDir: string): string | null {
  try {
    const v = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** The platform binary of a native TypeScript package, as its getExePath finds it; null when absent. */
function nativeExe(pkgDir: string, baseName: string, binName: string): string | null {
  try {
    const req = createRequire(join(realpathSync(pkgDir), 'package.json'));
    const platformPkg = req.resolve(`@typescript/${baseName}-${process.platform}-${process.arch}/package.json`);
    const exe = join(dirname(platformPkg), 'lib', process.platform === 'win32' ? `${binName}.exe` : binName);
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

function packageDirAbove(file: string): string | null {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

function tsgo(repoRoot: string): Compiler | null {
  const bin = join(repoRoot, 'node_modules', '.bin', 'tsgo');
  if (!existsSync(bin)) return null;
  const script = realpathSync(bin);
  const pkg = packageDirAbove(script);
  const version = (pkg && readVersion(pkg)) ?? 'unknown';
  const exe = pkg ? nativeExe(pkg, 'native-preview', 'tsgo') : null;
  return exe ? { kind: 'tsgo', version, command: exe, args: [], from: pkg ?? script } : { kind: 'tsgo', version, command: process.execPath, args: [script], from: pkg ?? script };
}

function typescriptAt(pkgDir: string, kind: 'typescript' | 'bundled'): Compiler | null {
  const version = readVersion(pkgDir);
  if (version === null) return null;
  const major = Number(version.split('.')[0]);
  if (major >= 7) {
    const exe = nativeExe(pkgDir, 'typescript', 'tsc');
    if (exe) return { kind: kind === 'bundled' ? 'bundled' : 'typescript-7', version, command: exe, args: [], from: realpathSync(pkgDir) };
  }
  const script = join(pkgDir, 'bin', 'tsc');
  if (!existsSync(script)) return null;
  return { kind: major >= 7 && kind === 'typescript' ? 'typescript-7' : kind, version, command: process.execPath, args: [realpathSync(script)], from: realpathSync(pkgDir) };
}

function bundled(): Compiler | null {
  try {
    const pkgJson = createRequire(import.meta.url).resolve('typescript/package.json');
    return typescriptAt(dirname(pkgJson), 'bundled');
  } catch {
    return null;
  }
}

export function selectCompiler(repoRoot: string): Compiler | null {
  return tsgo(repoRoot) ?? typescriptAt(join(repoRoot, 'node_modules', 'typescript'), 'typescript') ?? bundled();
}

export function describeCompiler(c: Compiler): string {
  const what = { tsgo: 'tsgo (native preview)', 'typescript-7': 'TypeScript (native)', typescript: 'TypeScript', bundled: "bosun's own TypeScript" }[c.kind];
  return `${what} ${c.version}`;
}
