import { StackError } from '../../base/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';
import { checkServices, loadScope, oneContainer, parseIndex } from './session.ts';

/** `stack port svc 80`: `127.0.0.1:8080`, where the container's port 80 is published. */
export const runPort: CommandRun = async (ctx, args, options) => {
  const [service = '', portText = ''] = args;
  const flags = options as { protocol: string; index?: string };
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError('STK7003', `"${portText}" is not a port number`, 'give the container port, e.g. `stack port web 80`');
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, [service])) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const container = await oneContainer(client, scoped.value, service, parseIndex(flags.index), ctx.signal);
  const published = container.ports.filter((p) => p.containerPort === port && p.protocol === flags.protocol && p.hostPort !== undefined);
  if (published.length === 0) {
    throw new StackError({
      code: 'STK4504',
      errorClass: 'NotFound',
      message: `port ${port}/${flags.protocol} of ${container.name} is not published`,
      hint: `publish it with \`ports:\` in service "${service}"`,
      resource: `service:${service}`,
    });
  }
  for (const p of published) ctx.io.stdout.write(`${p.hostIp?.includes(':') ? `[${p.hostIp}]` : (p.hostIp ?? '0.0.0.0')}:${p.hostPort}\n`);
  return ExitCode.Ok;
};
