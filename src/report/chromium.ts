/**
 * Which Chromium renders the HTML report, and how to start it.
 *
 * 1. The binary the caller names (B24_CHROMIUM_PATH, read by the entry point): it must exist.
 * 2. A system Chromium at /usr/bin/chromium, when there is one.
 * 3. Otherwise the Chromium that the npm package @sparticuz/chromium ships (a devDependency, so
 *    `npm ci` brings it). The package unpacks its shared libraries (nss, nspr, expat) only on
 *    Amazon Linux; here they are unpacked beside the binary, into a cache folder under
 *    node_modules, and put on LD_LIBRARY_PATH of the browser process alone.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { ChromiumMissing } from '../errors';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PACKAGE = '@sparticuz/chromium';

export { ChromiumMissing };

export interface ChromiumLaunch {
  /** What to start: the binary, or for the packaged browser a wrapper that sets `env` and execs it. */
  executablePath: string;
  /** What the browser process gets beyond the caller's environment (set by the wrapper). */
  env: Record<string, string>;
  /** Where the binary came from, for the check's one-line report. */
  source: 'B24_CHROMIUM_PATH' | 'system' | typeof PACKAGE;
}

export interface LocateOptions {
  /** The binary the user named (B24_CHROMIUM_PATH); an empty string counts as not named. */
  explicitPath?: string;
  /** Defaults to /usr/bin/chromium; tests point it elsewhere. */
  systemPath?: string;
  /** The package's bin folder; tests point it elsewhere. */
  packageBinDir?: string;
  /** Where the packaged browser is unpacked; defaults to node_modules/.cache beside the package. */
  cacheDir?: string;
}

/** One regular file or folder of a tar archive. */
export interface TarEntry {
  name: string;
  type: 'file' | 'dir';
  mode: number;
  data: Buffer;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

/** Reads a ustar archive: regular files and folders (the package's archives hold nothing else). */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= archive.length) {
    const header = archive.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = field(header, 0, 100);
    const prefix = field(header, 345, 155);
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const mode = Number.parseInt(field(header, 100, 8).trim() || '644', 8);
    const flag = String.fromCharCode(header[156] ?? 0);
    if (!Number.isFinite(size) || size < 0) throw new Error(`tar: bad size in the header of ${name}`);
    const data = archive.subarray(at + 512, at + 512 + size);
    if (data.length !== size) throw new Error(`tar: ${name} is cut short`);
    const full = prefix ? `${prefix}/${name}` : name;
    if (flag === '0' || flag === '\0') entries.push({ name: full, type: 'file', mode, data });
    else if (flag === '5') entries.push({ name: full, type: 'dir', mode, data: Buffer.alloc(0) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

function extractTar(archive: Buffer, into: string): void {
  for (const entry of readTar(archive)) {
    const target = normalize(join(into, entry.name));
    if (target !== into && !target.startsWith(into + sep)) throw new Error(`tar: ${entry.name} leaves the folder`);
    if (entry.type === 'dir') {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data, { mode: entry.mode & 0o777 });
  }
}

/** The package's folder (its exports map hides package.json, so walk up from its entry). */
function packageDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  while (dirname(dir) !== dir) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE) return dir;
    dir = dirname(dir);
  }
  throw new Error(`${PACKAGE}: no package.json above its entry`);
}

function fontsConfig(fontsDir: string, cacheDir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${fontsDir}</dir>`,
    '  <dir>/usr/share/fonts</dir>',
    `  <cachedir>${cacheDir}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function launcher(binary: string, env: Record<string, string>): string {
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${shellQuote(value)}`);
  return `#!/bin/sh\nexec env ${assignments.join(' ')} ${shellQuote(binary)} "$@"\n`;
}

/**
 * Unpacks the packaged browser once into `cacheDir` (a folder per package version, written under a
 * temporary name and renamed, so a run that is cut off never leaves half a browser behind).
 */
export function unpackPackagedChromium(binDir: string, cacheDir: string): ChromiumLaunch {
  const libDir = join(cacheDir, 'lib');
  const fontsDir = join(cacheDir, 'fonts');
  const env = { LD_LIBRARY_PATH: `${libDir}:${cacheDir}`, FONTCONFIG_PATH: fontsDir };
  // The browser is started through a two-line wrapper that sets these for its own process alone.
  const launch: ChromiumLaunch = { executablePath: join(cacheDir, 'chromium-launch'), env, source: PACKAGE };
  if (existsSync(join(cacheDir, '.complete'))) return launch;
  const archive = (name: string): Buffer => {
    const file = join(binDir, name);
    if (!existsSync(file)) throw new ChromiumMissing(`${PACKAGE} has no ${name} in ${binDir}: run npm ci`);
    return brotliDecompressSync(readFileSync(file));
  };
  const staging = `${cacheDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    writeFileSync(join(staging, 'chromium'), archive('chromium.br'));
    chmodSync(join(staging, 'chromium'), 0o755);
    extractTar(archive('al2023.tar.br'), staging); // lib/libnss3.so, lib/libnspr4.so, lib/libexpat.so.1, ...
    extractTar(archive('swiftshader.tar.br'), staging); // libGLESv2.so and friends, beside the binary
    extractTar(archive('fonts.tar.br'), staging); // fonts/ (and the package's fonts.conf, replaced below)
    writeFileSync(join(staging, 'fonts', 'fonts.conf'), fontsConfig(fontsDir, join(cacheDir, 'fonts-cache')));
    writeFileSync(join(staging, 'chromium-launch'), launcher(join(cacheDir, 'chromium'), env), { mode: 0o755 });
    writeFileSync(join(staging, '.complete'), '');
    rmSync(cacheDir, { recursive: true, force: true });
    mkdirSync(dirname(cacheDir), { recursive: true });
    renameSync(staging, cacheDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(join(cacheDir, '.complete'))) return launch; // another process won the race
    throw error;
  }
  return launch;
}

export function locateChromium(options: LocateOptions = {}): ChromiumLaunch {
  if (options.explicitPath) {
    if (!existsSync(options.explicitPath)) {
      throw new ChromiumMissing(`B24_CHROMIUM_PATH names ${options.explicitPath}, which does not exist: fix it or unset it to use the browser npm ci installed`);
    }
    return { executablePath: options.explicitPath, env: {}, source: 'B24_CHROMIUM_PATH' };
  }
  const systemPath = options.systemPath ?? SYSTEM_CHROMIUM;
  if (existsSync(systemPath)) return { executablePath: systemPath, env: {}, source: 'system' };
  let binDir = options.packageBinDir;
  let cacheDir = options.cacheDir;
  if (!binDir || !cacheDir) {
    let dir: string;
    try {
      dir = packageDir();
    } catch {
      throw new ChromiumMissing(`no Chromium at ${systemPath} and the package ${PACKAGE} is not installed: run npm ci, or set B24_CHROMIUM_PATH`);
    }
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    binDir ??= join(dir, 'bin');
    cacheDir ??= join(dir, '..', '..', '.cache', 'b24-recall-conformance', `chromium-${version}`);
  }
  return unpackPackagedChromium(binDir, cacheDir);
}
