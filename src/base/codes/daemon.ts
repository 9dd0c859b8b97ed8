import type { CodeTable } from './types.ts';

/** STK53xx: stackd itself: lifecycle, state, the Docker API it serves. Add new codes at the end; never renumber. */
export const daemonCodes: CodeTable = {
  STK5301: { name: 'StackdAlreadyRunning', summary: 'Another stackd already serves this state root (its pid file names a live process).' },
  STK5302: { name: 'StackdNotRunning', summary: 'No stackd serves this state root: nothing to stop or ask.' },
  STK5303: { name: 'StackdStartFailed', summary: 'stackd exited or did not answer on its socket before the deadline; its log tail says why.' },
  STK5304: { name: 'BundledRuntimeNeedsRoot', summary: 'The bundled runtime (stackd) runs containers as root only; a non-root user must use --runtime docker.' },
  STK5305: { name: 'BundledRuntimeNeedsLinux', summary: 'The bundled runtime needs Linux (namespaces, cgroups, overlayfs); other hosts must use --runtime docker.' },
  STK5306: { name: 'UnsupportedEndpoint', summary: 'stackd does not serve this Docker API endpoint (or method).' },
  STK5307: { name: 'InvalidApiRequest', summary: 'A request to stackd has a body, query value or filter it cannot read.' },
  STK5308: { name: 'StateRootUnusable', summary: 'The state root or run directory cannot be created, locked or written.' },
  STK5309: { name: 'RegistryUnreachable', summary: 'An image pull could not reach its registry, or the registry refused or lacks the image.' },
  STK5310: { name: 'StackdStopTimedOut', summary: 'stackd did not exit after SIGTERM within the deadline.' },
  STK5311: { name: 'ArchivePathNotFound', summary: 'A path given to the container archive endpoint (docker cp) does not exist in the container.' },
  STK5312: { name: 'ArchiveFailed', summary: 'Copying files into or out of a container failed (the tar is damaged, or the destination is not a directory).' },
  STK5313: { name: 'StackdBinaryMissing', summary: 'The stackd program (dist/stackd.js) is not built, so it cannot be started on demand.' },
  STK5314: { name: 'BuildUnsupported', summary: 'stackd cannot build images yet; build with Docker, or save and load the image.' },
  STK5315: { name: 'InstanceFileCorrupt', summary: 'The state root\'s instance file does not hold a 4-hex instance id.' },
};
