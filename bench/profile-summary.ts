/**
 * node --import @swc-node/register/esm-register bench/profile-summary.ts <file.cpuprofile> [--top 30]
 * Summarises a V8 CPU profile: self time per package (node_modules/<name>, the app, node itself)
 * and the hottest functions by self and by total time, as percentages of the samples.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' } },
});
const profile = JSON.parse(await readFile(positionals[0], 'utf8')) as CpuProfile;
const top = Number(values.top);

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) {
    parentOf.set(child, node.id);
  }
}
const hits = new Map<number, number>();
for (const sample of profile.samples) {
  hits.set(sample, (hits.get(sample) ?? 0) + 1);
}
const total = profile.samples.length;

/** The package a frame belongs to: node_modules/<scope/name>, "app" for our code, or the V8 category. */
export function packageOf(url: string, functionName: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) {
    return match[1];
  }
  if (url.includes('/dist/') || url.includes('/src/')) {
    return 'app';
  }
  if (url.startsWith('node:')) {
    return 'node internals';
  }
  return functionName.startsWith('(') ? functionName : url ? 'other' : '(native)';
}

// Frames are named by their path inside the project (never this machine's checkout path).
const projectUrl = new URL('..', import.meta.url).href;
const label = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url
    .replace(projectUrl, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/(dist|src)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;

const selfByPackage = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const totalByFunction = new Map<string, number>();
for (const [id, count] of hits) {
  const node = byId.get(id)!;
  const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + count);
  selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + count);
  // Total time: every distinct function on the sampled stack gets the sample once.
  const seen = new Set<string>();
  for (let cursor: number | undefined = id; cursor !== undefined; cursor = parentOf.get(cursor)) {
    const name = label(byId.get(cursor)!);
    if (!seen.has(name)) {
      seen.add(name);
      totalByFunction.set(name, (totalByFunction.get(name) ?? 0) + count);
    }
  }
}

const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, count] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * count) / total).toFixed(1).padStart(6)}%  ${name}`);
  }
};
console.log(`${total} samples`);
print('self time by package', selfByPackage);
print('self time by function', selfByFunction);
print('total time by function', totalByFunction);
