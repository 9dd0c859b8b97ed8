// A stand-in for a stackd process, run by containers-recover.test.ts: it opens a ContainerManager on
// the test's root, starts the containers it is given, prints their ids, and then dies by SIGKILL,
// as a crashed daemon would. Bundled with esbuild by the test, run with plain node.
import { ContainerManager, OciRuntime, type ContainerCreateBody, type ResolvedImage } from '../../src/runtime/daemon/containers/index.ts';
import { VolumeStore } from '../../src/runtime/daemon/volumes/index.ts';

const [root, instanceId, runtimePath, imageJson, bodiesJson] = process.argv.slice(2) as [string, string, string, string, string];
const runtime = new OciRuntime({ name: 'runc', path: runtimePath, version: 'test' }, `${root}/runc`);
const { manager } = await ContainerManager.open({ root, instanceId, runtime, volumes: new VolumeStore({ dir: `${root}/volumes` }) });
const ids: string[] = [];
for (const body of JSON.parse(bodiesJson) as ContainerCreateBody[]) {
  const { Id } = await manager.create({ body, image: JSON.parse(imageJson) as ResolvedImage });
  await manager.start(Id);
  ids.push(Id);
}
process.stdout.write(`${JSON.stringify(ids)}\n`, () => process.kill(process.pid, 'SIGKILL'));
