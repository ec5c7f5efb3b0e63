/**
 * Writes the fleet summary files, and merges the folders of several shards into one: their
 * fleet.json files checked against each other (same fleet, every shard once, no portal twice),
 * each portal's folder copied beside the merged summary so that its links keep working.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { maskDeep } from '../client/secrets';
import { FleetMergeError as MergeError } from '../errors';
import { renderFleetHtml } from './html';
import { buildFleetReport, renderFleetJunit, type FleetReport } from './report';

export const FLEET_FILES = { json: 'fleet.json', junit: 'fleet.xml', html: 'fleet.html' } as const;

/** Writes fleet.json, fleet.xml and fleet.html into `dir`; returns their paths. */
export function writeFleetReports(report: FleetReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const masked = maskDeep(report);
  const files = [join(dir, FLEET_FILES.json), join(dir, FLEET_FILES.junit), join(dir, FLEET_FILES.html)];
  writeFileSync(files[0]!, `${JSON.stringify(masked, null, 2)}\n`);
  writeFileSync(files[1]!, renderFleetJunit(masked));
  writeFileSync(files[2]!, renderFleetHtml(masked));
  return files;
}

export { MergeError };

function readShardReport(dir: string): FleetReport {
  const file = join(dir, FLEET_FILES.json);
  if (!existsSync(file)) throw new MergeError([`${dir} holds no ${FLEET_FILES.json}: pass the B24_REPORTS_DIR of each npm run fleet -- FILE --shard i/n`]);
  let data: Partial<FleetReport>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Partial<FleetReport>;
  } catch (error) {
    throw new MergeError([`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const valid = typeof data.fleet?.digest === 'string' && typeof data.fleet.portals === 'number' && Array.isArray(data.shards) && Array.isArray(data.portals) && Array.isArray(data.clauses);
  if (!valid) throw new MergeError([`${file} is not a fleet report (it lacks fleet, shards, portals or clauses)`]);
  return data as FleetReport;
}

/**
 * Merges the shard folders `dirs` into `outDir`. Every shard of the fleet must be there once;
 * the portal folders are copied unless a shard's folder is `outDir` itself.
 */
export function mergeShards(dirs: string[], outDir: string, print: (line: string) => void = () => {}): FleetReport {
  const reports = dirs.map((dir) => ({ dir: resolve(dir), report: readShardReport(dir) }));
  const problems: string[] = [];
  const first = reports[0]!.report;
  for (const { dir, report } of reports.slice(1)) {
    if (report.fleet.digest !== first.fleet.digest) problems.push(`${dir} is a shard of another fleet (its portals differ from those of ${reports[0]!.dir})`);
  }
  const counts = new Set(reports.flatMap(({ report }) => report.shards.map((s) => s.count)));
  if (counts.size > 1) problems.push(`the folders were sharded differently (into ${[...counts].join(' and ')}); merge the shards of one run`);
  if (problems.length > 0) throw new MergeError(problems);
  const count = [...counts][0] ?? 1;
  const seen = new Map<number, string>();
  for (const { dir, report } of reports) {
    for (const shard of report.shards) {
      const earlier = seen.get(shard.index);
      if (earlier !== undefined) problems.push(`shard ${shard.index}/${count} is in both ${earlier} and ${dir}`);
      seen.set(shard.index, dir);
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) problems.push(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: pass the folder of every shard`);
  const owner = new Map<string, string>();
  for (const { dir, report } of reports) {
    for (const portal of report.portals) {
      const earlier = owner.get(portal.name);
      if (earlier !== undefined) problems.push(`portal ${portal.name} is in both ${earlier} and ${dir}`);
      owner.set(portal.name, dir);
    }
  }
  if (problems.length > 0) throw new MergeError(problems);

  const out = resolve(outDir);
  for (const { dir, report } of reports) {
    if (dir === out) continue;
    for (const portal of report.portals) {
      const from = join(dir, portal.name);
      if (existsSync(from)) cpSync(from, join(out, portal.name), { recursive: true, force: true });
      else print(`fleet:merge: ${from} is missing; the links to ${portal.name}'s own report will not work`);
    }
  }
  const clauses: FleetReport['clauses'] = [];
  for (const { report } of reports) for (const c of report.clauses) if (!clauses.some((k) => k.id === c.id)) clauses.push(c);
  return buildFleetReport({
    portals: reports.flatMap(({ report }) => report.portals),
    shards: reports.flatMap(({ report }) => report.shards),
    fleet: first.fleet,
    clauses,
  });
}
