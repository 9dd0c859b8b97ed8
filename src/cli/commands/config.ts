import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareStrings, sortedEntries, StackError } from '../../base/index.ts';
import { composeDocument, composeJson, composeYaml, definedProfiles, serviceHash, type Project } from '../../spec/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { loadProjectFor } from '../load-project.ts';
import { usageError } from '../usage-error.ts';

interface ConfigFlags {
  readonly format: 'yaml' | 'json';
  readonly output?: string;
  readonly quiet: boolean;
  readonly services: boolean;
  readonly volumes: boolean;
  readonly networks: boolean;
  readonly profiles: boolean;
  readonly images: boolean;
  readonly environment: boolean;
  readonly hash?: string;
  readonly interpolate: boolean;
  readonly normalize: boolean;
  readonly pathResolution: boolean;
  readonly consistency: boolean;
  readonly envResolution: boolean;
}

/**
 * `stack config`: the project as Compose would run it, or one of its lists.
 * Same canonical shape as `docker compose config` (YAML by default, JSON
 * with sorted keys), so that output can be diffed against Compose's.
 */
export const runConfig: CommandRun = async (ctx, args, options) => {
  const flags = options as unknown as ConfigFlags;
  const loaded = await loadProjectFor(ctx, {
    ...(args.length > 0 ? { services: args } : {}),
    interpolate: flags.interpolate,
    normalize: flags.normalize,
    resolvePaths: flags.pathResolution,
    consistency: flags.consistency,
    resolveEnvironment: flags.envResolution,
  });
  if (!loaded.ok) return loaded.exitCode;
  if (flags.quiet) return ExitCode.Ok;
  const text = render(loaded.project, flags, selectedServices(loaded.project, args));
  if (flags.output !== undefined) {
    const path = resolve(ctx.cwd, flags.output);
    try {
      writeFileSync(path, text);
    } catch (error) {
      throw new StackError({
        code: 'STK7003',
        errorClass: 'InvalidArgument',
        message: `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'write error'}`,
        hint: 'check that the directory exists and is writable',
        cause: error,
      });
    }
  } else ctx.io.stdout.write(text);
  return ExitCode.Ok;
};

/** The services named on the command line and, transitively, what they depend on; all services when none is named. */
function selectedServices(project: Project, named: readonly string[]): string[] {
  if (named.length === 0) return Object.keys(project.services).sort(compareStrings);
  const out = new Set<string>();
  const visit = (name: string) => {
    const service = project.services[name];
    if (!service || out.has(name)) return;
    out.add(name);
    for (const dep of Object.keys(service.depends_on ?? {})) visit(dep);
  };
  named.forEach(visit);
  return [...out].sort(compareStrings);
}

function lines(items: Iterable<string>): string {
  const list = [...items];
  return list.length === 0 ? '' : list.join('\n') + '\n';
}

function render(project: Project, flags: ConfigFlags, services: readonly string[]): string {
  if (flags.services) return lines(services);
  if (flags.volumes) return lines(Object.keys(project.volumes).sort(compareStrings));
  if (flags.networks) return lines(Object.keys(project.networks).sort(compareStrings));
  if (flags.profiles) return lines(definedProfiles({ ...project.services, ...project.disabled_services }));
  if (flags.images) return lines(new Set(services.map((name) => project.services[name]!.image ?? `${project.name}-${name}`)));
  if (flags.environment) return lines(sortedEntries(project.environment).map(([k, v]) => `${k}=${v}`));
  if (flags.hash !== undefined) return hashes(project, flags.hash);
  const document = composeDocument(project, services);
  return flags.format === 'json' ? composeJson(document) : composeYaml(document);
}

function hashes(project: Project, spec: string): string {
  const wanted = spec === '*' ? Object.keys(project.services) : spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = wanted.filter((name) => !project.services[name]);
  if (unknown.length > 0) {
    throw usageError('STK7003', `--hash: no such service: ${unknown.join(', ')}`, `the services are: ${Object.keys(project.services).sort(compareStrings).join(', ')}`);
  }
  return lines([...new Set(wanted)].sort(compareStrings).map((name) => `${name} ${serviceHash(project.services[name]!)}`));
}
