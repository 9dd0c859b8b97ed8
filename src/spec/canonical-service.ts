import type { Diagnostic } from '../base/index.ts';
import {
  byteSize,
  duration,
  eachItem,
  eachValue,
  fileMode,
  hostsList,
  mapping,
  number,
  object,
  rebuild,
  stringList,
  text,
  type Transform,
} from './canonical-values.ts';
import { errorAt } from './diagnostic.ts';
import { isRecord, put, type Origins } from './origins.ts';
import { parsePortSpec } from './ports.ts';
import { shellSplit } from './shell-words.ts';
import { parseVolumeSpec } from './volume-spec.ts';

/**
 * A service's short forms as canonical long forms (compose-go's
 * transform.Canonical for `services.*`): command and entrypoint as word
 * lists, environment and labels as mappings, ports and volumes in long form,
 * depends_on with condition and required, and so on.
 */
/** One service definition to canonical form (also used by extends on the service it reads). */
export function canonicalizeService(name: string, service: unknown, origins: Origins, diagnostics: Diagnostic[]): unknown {
  if (!isRecord(service)) return service;
  return rebuild(service, { origins, diagnostics, origin: origins.self(service), owner: `service "${name}"` }, SERVICE);
}


/** `command: a b` and `command: [a, b]` as a list of words. */
const shellCommand: Transform = (value, ctx) => {
  if (typeof value !== 'string') return Array.isArray(value) ? eachItem(text)(value, ctx) : value;
  const words = shellSplit(value);
  if (words === undefined) {
    ctx.diagnostics.push(
      errorAt({
        code: 'STK1010',
        message: `${ctx.owner}: the command ${JSON.stringify(value)} has an unclosed quote`,
        at: ctx.origin,
        part: 'value',
        hint: 'close the quote, or write the command as a list: ["sh", "-c", "..."]',
      }),
    );
    return value;
  }
  const out = words;
  ctx.origins.setSelf(out, ctx.origin);
  return out;
};

const ports: Transform = (value, ctx) => {
  if (!Array.isArray(value)) return value;
  const out: unknown[] = [];
  value.forEach((item, i) => {
    const origin = ctx.origins.get(value, i);
    if (typeof item === 'string' || typeof item === 'number') {
      const parsed = parsePortSpec(String(item));
      if ('error' in parsed) {
        ctx.diagnostics.push(
          errorAt({
            code: 'STK3020',
            message: `${ctx.owner}: port "${item}" is not valid: ${parsed.error}`,
            at: origin,
            part: 'value',
            hint: 'write [[ip:]host:]container[/protocol], e.g. "8080:80", "127.0.0.1:5432:5432", "53:53/udp" or "9000-9001:8000-8001"',
          }),
        );
        return;
      }
      for (const port of parsed.ports) {
        ctx.origins.setSelf(port, origin);
        ctx.origins.set(out, out.length, origin);
        out.push(port);
      }
      return;
    }
    if (isRecord(item)) {
      const port: Record<string, unknown> = { ...item };
      if (port.mode === undefined) port.mode = 'ingress';
      if (port.protocol === undefined) port.protocol = 'tcp';
      if (typeof port.published === 'number') port.published = String(port.published);
      if (typeof port.target === 'string' && /^\d+$/.test(port.target)) port.target = Number(port.target);
      ctx.origins.copyAll(item, port);
      ctx.origins.set(out, out.length, origin);
      out.push(port);
      return;
    }
    ctx.origins.set(out, out.length, origin);
    out.push(item);
  });
  ctx.origins.copySelf(value, out);
  return out;
};

const volumes: Transform = (value, ctx) => {
  if (!Array.isArray(value)) return value;
  const out: unknown[] = [];
  value.forEach((item, i) => {
    const origin = ctx.origins.get(value, i);
    if (typeof item === 'string') {
      const parsed = parseVolumeSpec(item);
      if ('error' in parsed) {
        ctx.diagnostics.push(
          errorAt({
            code: 'STK3021',
            message: `${ctx.owner}: volume "${item}" is not valid: ${parsed.error}`,
            at: origin,
            part: 'value',
            hint: 'write [source:]target[:mode], e.g. "./data:/data", "dbdata:/var/lib/db:ro" or "/cache"',
          }),
        );
        return;
      }
      ctx.origins.setSelf(parsed.volume, origin);
      ctx.origins.set(out, out.length, origin);
      out.push(parsed.volume);
      return;
    }
    ctx.origins.set(out, out.length, origin);
    out.push(isRecord(item) ? rebuild(item, { ...ctx, origin }, SERVICE_VOLUME) : item);
  });
  ctx.origins.copySelf(value, out);
  return out;
};

const SERVICE_VOLUME: Readonly<Record<string, Transform>> = {
  tmpfs: object({ size: byteSize }),
  volume: object({ labels: mapping('labels') }),
};

/** Short `- name` secrets/configs as `{source: name}`. */
const fileReferences: Transform = (value, ctx) => {
  if (!Array.isArray(value)) return value;
  const out = value.map((item, i) => {
    const origin = ctx.origins.get(value, i);
    if (typeof item === 'string') {
      const ref = { source: item };
      ctx.origins.setSelf(ref, origin);
      ctx.origins.set(ref, 'source', origin);
      return ref;
    }
    return isRecord(item) ? rebuild(item, { ...ctx, origin }, { uid: text, gid: text, mode: fileMode }) : item;
  });
  ctx.origins.copyAll(value, out);
  return out;
};

const dependsOn: Transform = (value, ctx) => {
  const out: Record<string, unknown> = {};
  const entry = (given: unknown): unknown => {
    if (given !== null && given !== undefined && !isRecord(given)) return given;
    const dep: Record<string, unknown> = { ...(given ?? {}) };
    if (dep.condition === undefined) dep.condition = 'service_started';
    if (dep.required === undefined) dep.required = true;
    if (given) ctx.origins.copyAll(given, dep);
    return dep;
  };
  if (Array.isArray(value)) {
    value.forEach((name, i) => {
      if (typeof name !== 'string') return;
      put(out, name, entry(null));
      ctx.origins.set(out, name, ctx.origins.get(value, i));
      ctx.origins.setSelf(out[name] as object, ctx.origins.get(value, i));
    });
  } else if (isRecord(value)) {
    for (const [name, given] of Object.entries(value)) {
      put(out, name, entry(given));
      ctx.origins.copy(value, name, out);
      if (isRecord(out[name]) && !given) ctx.origins.setSelf(out[name] as object, ctx.origins.get(value, name));
    }
  } else return value;
  ctx.origins.copySelf(value, out);
  return out;
};

const envFiles: Transform = (value, ctx) => {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) return value;
  const out = list.map((item, i) => {
    const origin = list === value ? ctx.origins.get(value as unknown[], i) : ctx.origin;
    if (typeof item === 'string') {
      const file = { path: item };
      ctx.origins.setSelf(file, origin);
      return file;
    }
    return item;
  });
  if (list === value) ctx.origins.copyAll(value as unknown[], out);
  else {
    ctx.origins.setSelf(out, ctx.origin);
    ctx.origins.set(out, 0, ctx.origin);
  }
  return out;
};

/** Service networks: a list of names as a mapping of name to null. */
const serviceNetworks: Transform = (value, ctx) => {
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    value.forEach((name, i) => {
      if (typeof name !== 'string') return;
      put(out, name, null);
      ctx.origins.set(out, name, ctx.origins.get(value, i));
    });
    ctx.origins.copySelf(value, out);
    return out;
  }
  return eachValue(object({ aliases: stringList, link_local_ips: stringList, driver_opts: mapping('labels') }))(value, ctx);
};

const healthcheckTest: Transform = (value, ctx) => {
  if (typeof value !== 'string') return value;
  const out = ['CMD-SHELL', value];
  ctx.origins.setSelf(out, ctx.origin);
  return out;
};

const devices: Transform = eachItem((item, ctx) => {
  if (typeof item !== 'string') return item;
  const parts = item.split(':');
  if (parts.length > 3) return item;
  const device = { source: parts[0]!, target: parts[1] ?? parts[0]!, permissions: parts[2] ?? 'rwm' };
  ctx.origins.setSelf(device, ctx.origin);
  return device;
});

/** `ssh: {id: path}` as the list form `id=path`. */
const sshList: Transform = (value, ctx) => {
  if (!isRecord(value)) return stringList(value, ctx);
  const out = Object.entries(value).map(([id, path]) => (path === null || path === undefined || path === '' ? id : `${id}=${String(path)}`));
  ctx.origins.setSelf(out, ctx.origin);
  return out;
};

/** `nofile: 1024` as `{single: 1024}`, the form the Project types (a mapping keeps soft and hard). */
const ulimits: Transform = eachValue((value, ctx) => {
  if (typeof value !== 'number') return value;
  const out = { single: value };
  ctx.origins.setSelf(out, ctx.origin);
  return out;
});

const hook: Transform = object({ command: shellCommand, environment: mapping('equals') });

const resources = object({ cpus: number, memory: byteSize });
const updateConfig = object({ delay: duration, monitor: duration });

const BUILD: Readonly<Record<string, Transform>> = {
  args: mapping('equals'),
  labels: mapping('labels'),
  extra_hosts: hostsList,
  additional_contexts: mapping('labels'),
  cache_from: stringList,
  cache_to: stringList,
  tags: stringList,
  platforms: stringList,
  no_cache_filter: stringList,
  ssh: sshList,
  secrets: fileReferences,
  shm_size: byteSize,
  ulimits,
};

const SERVICE: Readonly<Record<string, Transform>> = {
  build: (value, ctx) => {
    if (typeof value === 'string') {
      const out = { context: value };
      ctx.origins.setSelf(out, ctx.origin);
      ctx.origins.set(out, 'context', ctx.origin);
      return out;
    }
    return object(BUILD)(value, ctx);
  },
  command: shellCommand,
  entrypoint: shellCommand,
  environment: mapping('equals'),
  labels: mapping('labels'),
  annotations: mapping('labels'),
  sysctls: mapping('labels'),
  storage_opt: mapping('labels'),
  extra_hosts: hostsList,
  ports,
  expose: eachItem(text),
  volumes,
  secrets: fileReferences,
  configs: fileReferences,
  depends_on: dependsOn,
  env_file: envFiles,
  label_file: stringList,
  dns: stringList,
  dns_search: stringList,
  dns_opt: stringList,
  tmpfs: stringList,
  group_add: eachItem(text),
  networks: serviceNetworks,
  devices,
  healthcheck: object({ test: healthcheckTest, interval: duration, timeout: duration, start_period: duration, start_interval: duration }),
  stop_grace_period: duration,
  mem_limit: byteSize,
  mem_reservation: byteSize,
  memswap_limit: byteSize,
  shm_size: byteSize,
  cpus: number,
  ulimits,
  extends: (value, ctx) => {
    if (typeof value !== 'string') return value;
    const out = { service: value };
    ctx.origins.setSelf(out, ctx.origin);
    ctx.origins.set(out, 'service', ctx.origin);
    return out;
  },
  logging: object({ options: mapping('labels') }),
  deploy: object({
    labels: mapping('labels'),
    resources: object({ limits: resources, reservations: resources }),
    restart_policy: object({ delay: duration, window: duration }),
    update_config: updateConfig,
    rollback_config: updateConfig,
  }),
  post_start: eachItem(hook),
  pre_stop: eachItem(hook),
  models: (value, ctx) => (Array.isArray(value) ? serviceNetworks(value, ctx) : value),
};

