// node check.mjs <dir>: every manifest of deploy/kubernetes checked against the Kubernetes API's
// schemas (kubernetes-models, generated from the API's OpenAPI document), and against what the kit
// needs of them. Prints one line per check; exits 1 if any fails.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++; else failed++;
  console.log(`  ${ok ? 'ok' : 'FAIL'}: ${what}`);
};

// Quantities as MiB (Mi, Gi, M, G, plain bytes) and durations as seconds (500ms, 30s, 5m, 1h).
const mebibytes = (q) => {
  const m = /^(\d+)(Mi|Gi|M|G)?$/.exec(String(q));
  if (!m) return NaN;
  const n = Number(m[1]);
  return { Mi: n, Gi: n * 1024, M: (n * 1e6) / 2 ** 20, G: (n * 1e9) / 2 ** 20 }[m[2]] ?? n / 2 ** 20;
};
const seconds = (d) => {
  const m = /^(\d+)(ms|s|m|h)$/.exec(String(d));
  return m ? Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]] : NaN;
};

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const docs = [];
for (const file of files) {
  for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, file), 'utf8'))) {
    if (doc) docs.push({ file, doc });
  }
}

for (const { file, doc } of docs) {
  if (doc.kind === 'Kustomization') {
    const listed = new Set(doc.resources);
    check(files.filter((f) => f !== file).every((f) => listed.has(f)) && listed.size === files.length - 1,
      `${file} lists every other manifest of the directory`);
    continue;
  }
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
  const model = await import(`kubernetes-models/${group ? `${group}/` : ''}${version}/${doc.kind}`);
  let error = '';
  try {
    new model[doc.kind](doc).validate();
  } catch (e) {
    error = `: ${e.message}`;
  }
  check(!error, `${file}: ${doc.apiVersion} ${doc.kind} matches the API's schema${error}`);
}

const deployment = docs.find(({ doc }) => doc.kind === 'Deployment')?.doc;
check(deployment, 'a Deployment');
if (deployment) {
  const pod = deployment.spec.template.spec;
  const kit = pod.containers[0];
  const env = Object.fromEntries((kit.env ?? []).map((e) => [e.name, e.value]));
  const port = (name) => kit.ports.find((p) => p.name === name)?.containerPort;
  check(port('http') === Number(env.PORT ?? 3000), 'the container port named http is PORT');
  check(env.HOST === '0.0.0.0', 'HOST=0.0.0.0: the kit listens on every interface of the pod');
  check(kit.readinessProbe?.httpGet?.path === '/health/ready', 'readinessProbe on /health/ready');
  check(kit.livenessProbe?.httpGet?.path === '/health', 'livenessProbe on /health');
  // The kit's defaults: SHUTDOWN_DRAIN 5s, SHUTDOWN_TIMEOUT 10s (README, "Rolling restarts").
  const drain = seconds(env.SHUTDOWN_DRAIN ?? '5s');
  const timeout = seconds(env.SHUTDOWN_TIMEOUT ?? '10s');
  check(pod.terminationGracePeriodSeconds > drain + timeout + 2,
    `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} > SHUTDOWN_DRAIN ${drain} s + SHUTDOWN_TIMEOUT ${timeout} s + 2 s`);
  const probe = kit.readinessProbe ?? {};
  const unready = (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3);
  check(drain >= unready,
    `SHUTDOWN_DRAIN ${drain} s >= readiness period x failure threshold ${unready} s: probes see the drain's 503`);
  // The launcher's heap is 256 MiB at most unless JAVA_OPTS(_APPEND) says otherwise; the rest of
  // the process (metaspace, code cache, threads, the mapped AOT cache) needs up to about 256 MiB.
  const flags = `${env.JAVA_OPTS ?? ''} ${env.JAVA_OPTS_APPEND ?? ''}`;
  const xmx = [...flags.matchAll(/-Xmx(\d+)([mMgG])/g)].pop();
  const heap = xmx ? Number(xmx[1]) * (/[gG]/.test(xmx[2]) ? 1024 : 1) : 256;
  const limit = mebibytes(kit.resources?.limits?.memory);
  check(limit >= heap + 256, `memory limit ${limit} MiB >= heap ${heap} MiB + 256 MiB`);
  check(mebibytes(kit.resources?.requests?.memory) === limit, 'memory request = limit');
  check(kit.resources?.requests?.cpu, 'a CPU request (the HorizontalPodAutoscaler scales on it)');
  check(pod.securityContext?.runAsNonRoot === true && pod.securityContext?.runAsUser === 10001,
    'runs as non-root, as the image\'s user 10001');
  check(kit.securityContext?.readOnlyRootFilesystem === true
    && kit.securityContext?.allowPrivilegeEscalation === false
    && kit.securityContext?.capabilities?.drop?.includes('ALL'),
    'read-only root file system, no privilege escalation, no capabilities');
  const tmp = kit.volumeMounts?.find((m) => m.mountPath === '/tmp');
  check(tmp && pod.volumes.some((v) => v.name === tmp.name && v.emptyDir), 'a writable emptyDir at /tmp for the JVM');
  check(pod.enableServiceLinks === false, 'no Service variables (MCP_*) in the environment');
  check(env.MCP_STATELESS === 'true'
    && (kit.env ?? []).some((e) => e.name === 'MCP_REQUEST_STATE_KEY' && e.valueFrom?.secretKeyRef),
    'stateless, with one MCP_REQUEST_STATE_KEY from a Secret for every replica');
  const names = new Set(docs.map(({ doc }) => doc.kind));
  for (const kind of ['Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']) {
    check(names.has(kind), `a ${kind}`);
  }
  const hpa = docs.find(({ doc }) => doc.kind === 'HorizontalPodAutoscaler')?.doc;
  check(hpa?.spec.scaleTargetRef.name === deployment.metadata.name && hpa.spec.minReplicas >= 2,
    'the HorizontalPodAutoscaler scales this Deployment and keeps 2 replicas or more');
}

console.log(`k8s-manifests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
