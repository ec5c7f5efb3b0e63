import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedDir, generateTypes } from '../src/contract/generate-types';

const USAGE = 'usage: npm run gen:types [-- --check]';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--check')) {
    console.error(USAGE);
    return 2;
  }
  const check = args.includes('--check');
  const generated = await generateTypes();
  const relDir = path.relative(process.cwd(), generatedDir) || '.';

  if (check) {
    const drifted = driftedFiles(generated);
    if (drifted.length === 0) {
      console.log(`${relDir}: up to date with schemas/`);
      return 0;
    }
    console.error(`${relDir} is out of date with schemas/ (run npm run gen:types):`);
    for (const line of drifted) console.error(`  ${line}`);
    return 1;
  }

  mkdirSync(generatedDir, { recursive: true });
  for (const [name, content] of generated) writeFileSync(path.join(generatedDir, name), content);
  for (const name of strayFiles(generated)) console.warn(`note: ${relDir}/${name} is not generated; remove it if it is stale`);
  console.log(`wrote ${[...generated.keys()].map((name) => `${relDir}/${name}`).join(', ')}`);
  return 0;
}

function driftedFiles(generated: Map<string, string>): string[] {
  const drifted: string[] = [];
  for (const [name, content] of generated) {
    let committed: string | undefined;
    try {
      committed = readFileSync(path.join(generatedDir, name), 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed === undefined) drifted.push(`${name} (missing)`);
    else if (committed !== content) drifted.push(`${name} (differs)`);
  }
  for (const name of strayFiles(generated)) drifted.push(`${name} (not produced by the generator)`);
  return drifted;
}

function strayFiles(generated: Map<string, string>): string[] {
  let names: string[];
  try {
    names = readdirSync(generatedDir);
  } catch {
    return [];
  }
  return names.filter((name) => !generated.has(name)).sort();
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`gen-types failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
