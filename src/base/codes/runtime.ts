import type { CodeTable } from './types.ts';

/** STK50xx: Runtime client: reaching and driving an engine (Docker or stackd). Add new codes at the end; never renumber. */
export const runtimeCodes: CodeTable = {
  STK5001: { name: 'RuntimeUnavailable', summary: 'The container engine (Docker or stackd) could not be reached at its socket or address.' },
  STK5002: { name: 'RuntimePermissionDenied', summary: "The engine's socket exists but this user may not open it." },
  STK5003: { name: 'RuntimeEndpointInvalid', summary: 'DOCKER_HOST (or the socket given) is not an address stack can use.' },
  STK5004: { name: 'RuntimeApiUnsupported', summary: 'The engine does not speak a Docker API version stack can use (1.41 or a compatible one).' },
  STK5005: { name: 'ContainerNotFound', summary: 'The engine has no container with that name or id.' },
  STK5006: { name: 'ImageNotFound', summary: 'The engine has no image with that reference; pull or build it first.' },
  STK5007: { name: 'NetworkNotFound', summary: 'The engine has no network with that name or id.' },
  STK5008: { name: 'VolumeNotFound', summary: 'The engine has no volume with that name.' },
  STK5009: { name: 'ExecNotFound', summary: 'The exec session is gone (its container was removed or restarted).' },
  STK5010: { name: 'PathNotFound', summary: 'The path does not exist inside the container (cp, archive).' },
  STK5011: { name: 'NameConflict', summary: 'A container, network or volume with that name already exists.' },
  STK5012: { name: 'StateConflict', summary: 'The object is in a state that does not allow the request (running, paused, in use).' },
  STK5013: { name: 'PortAllocated', summary: 'A published host port is already taken by another container or process.' },
  STK5014: { name: 'InvalidRequest', summary: 'The engine rejected the request as invalid (a bad option or value).' },
  STK5015: { name: 'RequestDenied', summary: 'The engine refused the request (permission or policy).' },
  STK5016: { name: 'EngineError', summary: 'The engine failed to carry out the request; its own message says why.' },
  STK5017: { name: 'UnexpectedResponse', summary: 'The engine answered with something stack cannot read (a protocol mismatch).' },
  STK5018: { name: 'ImagePullFailed', summary: 'Pulling an image failed (registry unreachable, unknown image, or denied).' },
  STK5019: { name: 'ImageBuildFailed', summary: 'Building an image failed; the build output says which step.' },
  STK5020: { name: 'ImageLoadFailed', summary: 'Loading or importing an image archive failed.' },
  STK5099: { name: 'Canceled', summary: 'The operation was canceled (Ctrl+C or a deadline).' },
};
