import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One Kubernetes object as YAML gives it. */
export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
}

/** The fields of a kustomization this project uses; anything else would be silently ignored here. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images']);

export function readYaml(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
    if (document.errors.length > 0) {
      throw new Error(`${file}: ${document.errors[0].message}`);
    }
    return document.toJS() as unknown;
  });
}

/**
 * What `kustomize build DIR` gives for the subset of kustomize these manifests use: resources
 * (files and directories, recursively), namespace, images. Enough to check the built objects
 * without a kubectl on the machine; a field outside the subset fails loudly.
 */
export function kustomizeBuild(directory: string): Manifest[] {
  const file = join(directory, 'kustomization.yaml');
  const [kustomization] = readYaml(file) as Kustomization[];
  const unknown = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0) {
    throw new Error(`${file}: fields this check does not build: ${unknown.join(', ')}`);
  }
  const objects = (kustomization.resources ?? []).flatMap((resource) => {
    const path = resolve(directory, resource);
    return statSync(path).isDirectory() ? kustomizeBuild(path) : (readYaml(path) as Manifest[]);
  });
  return objects.map((object) => transform(object, kustomization, dirname(file)));
}

function transform(object: Manifest, kustomization: Kustomization, from: string): Manifest {
  const copy = structuredClone(object);
  if (kustomization.namespace) {
    copy.metadata = { ...copy.metadata, namespace: kustomization.namespace };
  }
  for (const container of containersOf(copy)) {
    const image = kustomization.images?.find((candidate) => container.image.split(':')[0] === candidate.name);
    if (image) {
      container.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
    }
  }
  if (!copy.apiVersion || !copy.kind) {
    throw new Error(`${from}: an object without apiVersion or kind`);
  }
  return copy;
}

/** The containers of a Deployment or Job template. */
export function containersOf(object: Manifest): { name: string; image: string; [key: string]: unknown }[] {
  const spec = object.spec as { template?: { spec?: { containers?: { name: string; image: string }[] } } } | undefined;
  return spec?.template?.spec?.containers ?? [];
}
