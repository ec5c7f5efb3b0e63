/**
 * The top-level folders of src/ form layers: following the relative imports of non-test files
 * from one folder to another never comes back to where it started.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

type Graph = Map<string, Set<string>>;

/** Every elementary cycle of `graph`, each once, starting at its smallest node. */
export function findLoops(graph: Graph): string[][] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((to) => [...to])])].sort();
  const loops: string[][] = [];
  for (const start of nodes) {
    // Only cycles whose smallest node is `start`: each is then found exactly once.
    const walk = (node: string, path: string[]) => {
      for (const next of [...(graph.get(node) ?? [])].sort()) {
        if (next === start) loops.push([...path]);
        else if (next > start && !path.includes(next)) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return loops;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** The top-level folder of src/ a file lies in; a file directly in src/ is its own layer. */
function layerOf(file: string): string | undefined {
  const rel = relative(SRC, file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  return parts.length === 1 ? parts[0]!.replace(/\.\w+$/, '') : parts[0];
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

export function folderGraph(files: string[], read: (file: string) => string = (f) => readFileSync(f, 'utf8')): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const from = layerOf(file);
    if (!from) continue;
    for (const match of read(file).matchAll(IMPORT)) {
      const to = layerOf(resolve(dirname(file), match[1] ?? match[2]!));
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

describe('the loop finder', () => {
  const graph = (edges: string): Graph => {
    const g: Graph = new Map();
    for (const edge of edges.split(' ').filter(Boolean)) {
      const [a, b] = edge.split('>') as [string, string];
      if (!g.has(a)) g.set(a, new Set());
      g.get(a)!.add(b);
    }
    return g;
  };

  test('finds none in a layered graph', () => {
    expect(findLoops(graph('a>b b>c a>c c>d'))).toEqual([]);
  });

  test('finds a two-folder loop and a longer one, each once', () => {
    expect(findLoops(graph('a>b b>a b>c c>d d>b'))).toEqual([
      ['a', 'b'],
      ['b', 'c', 'd'],
    ]);
  });

  test('counts the distinct loops through a shared folder', () => {
    expect(findLoops(graph('a>b b>a a>c c>a b>c'))).toEqual([
      ['a', 'b'],
      ['a', 'b', 'c'],
      ['a', 'c'],
    ]);
  });

  test('reads static, re-exporting and dynamic relative imports between folders', () => {
    const text: Record<string, string> = {
      [join(SRC, 'x', 'one.ts')]: "import { a } from '../y/a';\nexport { b } from '../z/b';\nimport type { C } from './c';\nimport 'node:fs';",
      [join(SRC, 'y', 'a.ts')]: "const m = await import('../x/one');",
    };
    const g = folderGraph(Object.keys(text), (file) => text[file]!);
    expect(Object.fromEntries([...g].map(([k, v]) => [k, [...v].sort()]))).toEqual({ x: ['y', 'z'], y: ['x'] });
  });
});

test('no loop runs between the top-level folders of src/ (non-test files, relative imports)', () => {
  const loops = findLoops(folderGraph(sourceFiles(SRC)));
  expect(loops.map((loop) => [...loop, loop[0]].join(' -> '))).toEqual([]);
});
