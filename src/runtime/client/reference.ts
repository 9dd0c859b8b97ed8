/**
 * An image reference split the way the engine's API wants it:
 * `registry:5000/team/app:1.2@sha256:…` → repository `registry:5000/team/app`,
 * tag `1.2`, digest `sha256:…`. A colon before the last slash belongs to a
 * registry port, not a tag.
 */
export interface ReferenceParts {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function splitReference(reference: string): ReferenceParts {
  const at = reference.indexOf('@');
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tagged = colon > slash;
  return {
    repository: tagged ? name.slice(0, colon) : name,
    ...(tagged ? { tag: name.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}
