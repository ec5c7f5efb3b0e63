/**
 * npm run docs:sync [-- PATH]: takes the facts the tests need (example bodies, error tables,
 * system errors, rate limits) from a docs checkout and writes schemas/docs/en.json and, when the
 * Russian set sits beside it as PATH-ru, schemas/docs/ru.json. Default PATH:
 * ../shared/reference/bitrix24-rest-docs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCheckout, DOC_SETS, docsDataDir, docsDataFile, readCheckout, serialiseDocsData } from '../src/contract/docs-data';
import { exitOnError } from './cli';

const USAGE = `usage: npm run docs:sync [-- [--out DIR] PATH]
PATH is a checkout of the English docs (default ../shared/reference/bitrix24-rest-docs); the Russian
set is read from PATH-ru when it is there. Writes en.json and ru.json into DIR (default schemas/docs).`;

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let outDir = docsDataDir;
  const outAt = args.indexOf('--out');
  if (outAt !== -1) {
    const value = args[outAt + 1];
    if (!value || value.startsWith('-')) return usage('--out needs a folder');
    outDir = path.resolve(value);
    args = args.filter((_, at) => at !== outAt && at !== outAt + 1);
  }
  const flag = args.find((arg) => arg.startsWith('-'));
  if (flag !== undefined) return usage(`unknown option ${flag}`);
  if (args.length > 1) return usage('one PATH at most');
  const [en, ru] = DOC_SETS as [(typeof DOC_SETS)[0], (typeof DOC_SETS)[1]];
  const enDir = args[0] ? path.resolve(args[0]) : defaultCheckout(en);
  const ruDir = args[0] ? `${enDir.replace(/\/+$/, '')}-ru` : defaultCheckout(ru);
  if (!existsSync(enDir)) {
    console.error(`docs:sync: no docs checkout at ${enDir}; pass its path: npm run docs:sync -- PATH`);
    return 2;
  }
  const work: [(typeof DOC_SETS)[number], string][] = [[en, enDir]];
  if (existsSync(ruDir)) work.push([ru, ruDir]);
  else console.log(`docs:sync: no Russian set at ${ruDir}; ru.json left as it is`);
  mkdirSync(outDir, { recursive: true });
  for (const [docSet, dir] of work) {
    const data = readCheckout(docSet, dir);
    const file = path.join(outDir, path.basename(docsDataFile(docSet.set)));
    const text = serialiseDocsData(data);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, text);
    const examples = Object.values(data.pages).reduce((sum, page) => sum + page.examples.length, 0);
    console.log(`docs:sync: ${path.relative(process.cwd(), file)} from ${dir} (${data.sourceCommit.split(' ')[0]}): ${Object.keys(data.pages).length} pages, ${examples} examples${before === text ? ', unchanged' : ''}`);
  }
  return 0;
}

function usage(problem: string): number {
  console.error(`docs:sync: ${problem}\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  exitOnError('docs:sync', error, USAGE);
}
