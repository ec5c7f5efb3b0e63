import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { ChromiumMissing, locateChromium, readTar, unpackPackagedChromium } from './chromium';

const dir = mkdtempSync(join(tmpdir(), 'b24-chromium-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tar made by the system's tar, so the reader is checked against an independent writer. */
function tarOf(files: Record<string, string>): Buffer {
  const src = mkdtempSync(join(dir, 'src-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(src, name, '..'), { recursive: true });
    writeFileSync(join(src, name), text);
  }
  const out = join(dir, `${Math.random().toString(36).slice(2)}.tar`);
  execFileSync('tar', ['--format=ustar', '-cf', out, '-C', src, ...Object.keys(files)]);
  return readFileSync(out);
}

function fakePackage(): string {
  const bin = mkdtempSync(join(dir, 'bin-'));
  writeFileSync(join(bin, 'chromium.br'), brotliCompressSync(Buffer.from('#!/bin/sh\necho fake\n')));
  writeFileSync(join(bin, 'al2023.tar.br'), brotliCompressSync(tarOf({ 'lib/libnss3.so': 'nss' })));
  writeFileSync(join(bin, 'swiftshader.tar.br'), brotliCompressSync(tarOf({ 'libGLESv2.so': 'gles' })));
  writeFileSync(join(bin, 'fonts.tar.br'), brotliCompressSync(tarOf({ 'fonts.conf': '<fontconfig/>', 'fonts/A/a.ttf': 'ttf' })));
  return bin;
}

describe('readTar', () => {
  test('reads the files and folders another tar wrote, with their contents', () => {
    const entries = readTar(tarOf({ 'lib/a.so': 'alpha', 'b.txt': 'x'.repeat(700) }));
    const files = Object.fromEntries(entries.filter((e) => e.type === 'file').map((e) => [e.name, e.data.toString()]));
    expect(files).toEqual({ 'lib/a.so': 'alpha', 'b.txt': 'x'.repeat(700) });
  });

  test('a cut-short archive is an error, not a short file', () => {
    const archive = tarOf({ 'big.bin': 'y'.repeat(2000) });
    expect(() => readTar(archive.subarray(0, 1024))).toThrow(/cut short/);
  });
});

describe('locateChromium', () => {
  test('a named binary that does not exist is an error naming the variable, with no fallback', () => {
    expect(() => locateChromium({ explicitPath: join(dir, 'nope') })).toThrow(ChromiumMissing);
    expect(() => locateChromium({ explicitPath: join(dir, 'nope') })).toThrow(/B24_CHROMIUM_PATH names .*nope/);
  });

  test('a named binary wins over the system one', () => {
    const named = join(dir, 'my-chromium');
    writeFileSync(named, '');
    expect(locateChromium({ explicitPath: named, systemPath: named + '-system' })).toEqual({ executablePath: named, env: {}, source: 'B24_CHROMIUM_PATH' });
  });

  test('a system Chromium is used when present', () => {
    const system = join(dir, 'system-chromium');
    writeFileSync(system, '');
    expect(locateChromium({ systemPath: system, packageBinDir: join(dir, 'none'), cacheDir: join(dir, 'none') }).source).toBe('system');
  });

  test('without either, the packaged browser is unpacked once, its libraries on LD_LIBRARY_PATH', () => {
    const cache = join(dir, 'cache', 'chromium-1');
    const launch = locateChromium({ systemPath: join(dir, 'absent'), packageBinDir: fakePackage(), cacheDir: cache });
    expect(launch.source).toBe('@sparticuz/chromium');
    expect(launch.executablePath).toBe(join(cache, 'chromium-launch'));
    expect(readFileSync(join(cache, 'chromium'), 'utf8')).toContain('echo fake');
    expect(statSync(join(cache, 'chromium')).mode & 0o111).not.toBe(0);
    // The wrapper runs the binary with the libraries on its path, and only its own.
    expect(execFileSync(launch.executablePath, [], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } })).toBe('fake\n');
    expect(readFileSync(launch.executablePath, 'utf8')).toContain(`LD_LIBRARY_PATH='${join(cache, 'lib')}:${cache}'`);
    expect(readFileSync(join(cache, 'lib', 'libnss3.so'), 'utf8')).toBe('nss');
    expect(existsSync(join(cache, 'libGLESv2.so'))).toBe(true);
    expect(launch.env.LD_LIBRARY_PATH?.split(':')).toEqual([join(cache, 'lib'), cache]);
    expect(readFileSync(join(launch.env.FONTCONFIG_PATH ?? '', 'fonts.conf'), 'utf8')).toContain(`<dir>${join(cache, 'fonts')}</dir>`);
    // A second call reuses the unpacked folder: the package may even be gone.
    expect(unpackPackagedChromium(join(dir, 'gone'), cache)).toEqual(launch);
  });

  test('a package with an archive missing names it and leaves no half-unpacked folder', () => {
    const bin = fakePackage();
    rmSync(join(bin, 'al2023.tar.br'));
    const cache = join(dir, 'cache', 'chromium-2');
    expect(() => unpackPackagedChromium(bin, cache)).toThrow(/al2023\.tar\.br/);
    expect(existsSync(cache)).toBe(false);
    expect(existsSync(`${cache}.partial-${process.pid}`)).toBe(false);
  });
});
