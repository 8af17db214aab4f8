import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Secret, Service } from 'kubernetes-models/v1';
import { containersOf, kustomizeBuild, type Manifest } from '../support/kustomize.js';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { parseDatabaseUrl } from '../../src/config/database-url.js';

const K8S = join(PROJECT_ROOT, 'deploy', 'k8s');
const BUILDS = [
  'base',
  'contract',
  'overlays/example',
  'overlays/example/migrate',
  'overlays/example/contract',
  'overlays/innodb-cluster',
  'overlays/mariadb-galera',
];

/** Each kind these manifests use, checked against the Kubernetes API's JSON schema. */
const MODELS: Record<string, (object: Manifest) => { validate(): void }> = {
  'apps/v1/Deployment': (object) => new Deployment(object),
  'batch/v1/Job': (object) => new Job(object),
  'policy/v1/PodDisruptionBudget': (object) => new PodDisruptionBudget(object),
  'v1/Service': (object) => new Service(object),
  'v1/Secret': (object) => new Secret(object),
};

function validate(object: Manifest): void {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) {
    throw new Error(`${object.kind} ${object.metadata.name}: no schema for ${object.apiVersion}/${object.kind}`);
  }
  model(object).validate();
}

const byKind = (objects: Manifest[], kind: string, name?: string) =>
  objects.find((object) => object.kind === kind && (name === undefined || object.metadata.name === name))!;

interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean };
  containers: {
    command?: string[];
    env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    readinessProbe?: { httpGet?: { path: string } };
    livenessProbe?: { httpGet?: { path: string } };
    lifecycle?: { preStop?: { sleep?: { seconds: number } } };
    resources?: { requests?: object; limits?: object };
    securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  }[];
}
const podOf = (object: Manifest) =>
  (object.spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } }).template;
const secretOf = (pod: PodSpec, variable: string) =>
  pod.containers[0].env?.find((item) => item.name === variable)?.valueFrom?.secretKeyRef;

describe('Kubernetes manifests (deploy/k8s)', () => {
  it.each(BUILDS)('%s builds into objects the Kubernetes API schema accepts', (build) => {
    const objects = kustomizeBuild(join(K8S, build));
    expect(objects.length).toBeGreaterThan(0);
    objects.forEach(validate);
  });

  it('the API: 2+ replicas, readiness on /health/ready, liveness on /health/live, a preStop pause, limits, non-root, read-only', () => {
    const objects = kustomizeBuild(join(K8S, 'base'));
    const deployment = byKind(objects, 'Deployment');
    const pod = podOf(deployment);
    const [api] = pod.spec.containers;
    expect((deployment.spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
    expect(api.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(api.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(api.lifecycle?.preStop?.sleep?.seconds).toBeGreaterThan(0);
    expect(api.resources?.requests).toBeDefined();
    expect(api.resources?.limits).toBeDefined();
    expect(pod.spec.securityContext?.runAsNonRoot).toBe(true);
    expect(api.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(secretOf(pod.spec, 'DATABASE_URL')).toEqual({ name: 'life-platter-db', key: 'app-url' });
    // The Service and the disruption budget select exactly these pods.
    const labels = pod.metadata.labels;
    expect(labels).toMatchObject((byKind(objects, 'Service').spec as { selector: object }).selector);
    expect(labels).toMatchObject(
      (byKind(objects, 'PodDisruptionBudget').spec as { selector: { matchLabels: object } }).selector.matchLabels,
    );
  });

  it('the migrate Job runs `db up` as the migrator before the rollout; the contract step is its own Job', () => {
    const migrate = byKind(kustomizeBuild(join(K8S, 'base')), 'Job', 'life-platter-migrate');
    const contract = byKind(kustomizeBuild(join(K8S, 'contract')), 'Job', 'life-platter-contract');
    expect(podOf(migrate).spec.containers[0].command).toEqual(['node', 'dist/src/db-cli/main.js', 'up']);
    expect(podOf(contract).spec.containers[0].command).toEqual(['node', 'dist/src/db-cli/main.js', 'up', '--contract']);
    for (const job of [migrate, contract]) {
      expect(secretOf(podOf(job).spec, 'DATABASE_URL')).toEqual({ name: 'life-platter-db', key: 'migrator-url' });
      expect((job.spec as { backoffLimit: number }).backoffLimit).toBe(0);
    }
    expect((migrate.metadata as { annotations?: Record<string, string> }).annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'PreSync',
    });
    expect((contract.metadata as { annotations?: object }).annotations).toBeUndefined();
  });

  it('the example overlay puts everything in its namespace with the release image, and has both database users', () => {
    const objects = kustomizeBuild(join(K8S, 'overlays/example'));
    expect(new Set(objects.map((object) => object.metadata.namespace))).toEqual(new Set(['life-platter']));
    const images = objects.flatMap(containersOf).map((container) => container.image);
    expect(new Set(images)).toEqual(new Set(['registry.example.com/life-platter-api:1.0.0']));
    const secret = byKind(objects, 'Secret', 'life-platter-db') as Manifest & { stringData: Record<string, string> };
    expect(Object.keys(secret.stringData).sort()).toEqual(['app-url', 'migrator-url']);
    // The Job applied first, alone, finds the secret it needs beside it.
    const first = kustomizeBuild(join(K8S, 'overlays/example/migrate'));
    expect(first.map((object) => object.kind).sort()).toEqual(['Job', 'Secret']);
  });

  it.each([
    ['overlays/innodb-cluster', 'platter-db-instances'],
    ['overlays/mariadb-galera', 'platter-db-internal'],
  ])('%s gives the app and the Jobs every member, in the form DATABASE_URL accepts', (overlay, service) => {
    const objects = kustomizeBuild(join(K8S, overlay));
    const secret = byKind(objects, 'Secret', 'life-platter-db') as Manifest & { stringData: Record<string, string> };
    for (const [key, user] of [
      ['app-url', 'life_app'],
      ['migrator-url', 'life_migrator'],
    ]) {
      const target = parseDatabaseUrl(secret.stringData[key]);
      expect(target).toMatchObject({ user, database: 'life_platter' });
      expect(target.hosts?.map((host) => host.host)).toEqual(
        [0, 1, 2].map((pod) => `platter-db-${pod}.${service}.life-platter.svc.cluster.local`),
      );
    }
    // The Deployment and the Job read the same keys as in the example overlay.
    expect(secretOf(podOf(byKind(objects, 'Deployment')).spec, 'DATABASE_URL')).toEqual({
      name: 'life-platter-db',
      key: 'app-url',
    });
    expect(secretOf(podOf(byKind(objects, 'Job')).spec, 'DATABASE_URL')).toEqual({
      name: 'life-platter-db',
      key: 'migrator-url',
    });
  });

  it('a broken manifest fails the check: the schema is really applied', () => {
    const deployment = structuredClone(byKind(kustomizeBuild(join(K8S, 'base')), 'Deployment'));
    expect(() => validate(deployment)).not.toThrow();
    (deployment.spec as { replicas: unknown }).replicas = 'two';
    expect(() => validate(deployment)).toThrow(/replicas/);
    const job = structuredClone(byKind(kustomizeBuild(join(K8S, 'base')), 'Job'));
    delete (podOf(job).spec.containers[0] as { name?: string }).name;
    expect(() => validate(job)).toThrow(/name/);
    expect(() => validate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toThrow(/no schema for v1\/Pod/);
  });
});
