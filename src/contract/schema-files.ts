import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchemaLayoutError } from '../errors';

/** Every schema `$id` is this base followed by the file's path under schemas/. */
export const SCHEMA_BASE = 'https://b24-recall-conformance.local/schemas/';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const schemasDir = path.join(repoRoot, 'schemas');

/** Folders under schemas/ that hold `*.schema.json` files, in generation order. */
const SCHEMA_FOLDERS = ['common', 'methods', 'meta'] as const;

export interface SchemaFile {
  /** Path under schemas/, with forward slashes, e.g. `common/attach.schema.json`. */
  relPath: string;
  id: string;
  schema: Record<string, unknown>;
}


/** Reads every schema file, sorted by path, and checks that each `$id` matches its location. */
export function loadSchemaFiles(dir: string = schemasDir): SchemaFile[] {
  const files: SchemaFile[] = [];
  for (const folder of SCHEMA_FOLDERS) {
    const names = readdirSync(path.join(dir, folder))
      .filter((name) => name.endsWith('.schema.json'))
      .sort();
    for (const name of names) {
      const relPath = `${folder}/${name}`;
      const schema = readJson(path.join(dir, folder, name)) as Record<string, unknown>;
      const expectedId = SCHEMA_BASE + relPath;
      if (schema.$id !== expectedId) {
        throw new SchemaLayoutError(`schemas/${relPath}: $id must be ${expectedId} (found ${String(schema.$id)})`);
      }
      files.push({ relPath, id: expectedId, schema });
    }
  }
  return files;
}

/** Reads a data file that sits directly in schemas/ (methods.json, system-errors.json). */
export function loadSchemaData(name: string, dir: string = schemasDir): unknown {
  return readJson(path.join(dir, name));
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}
