import type { CallOptions, ExecSpec, RuntimeClient } from './runtime-client.ts';

export interface ExecOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in a container to completion and collects its output:
 * what health probes, `stack exec` without a terminal and tests need. Both
 * streams are read concurrently, so a chatty stderr never stalls stdout.
 */
export async function runExec(client: RuntimeClient, container: string, spec: Omit<ExecSpec, 'detach'> & { readonly input?: string | Uint8Array }, options: CallOptions = {}): Promise<ExecOutput> {
  const session = await client.execContainer(container, { ...spec, stdin: spec.stdin ?? spec.input !== undefined }, options);
  const collect = async (stream: AsyncIterable<Uint8Array>) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  };
  const out = collect(session.stdout);
  const err = collect(session.stderr);
  if (session.stdin) session.stdin.end(spec.input);
  const [stdout, stderr] = await Promise.all([out, err]);
  return { exitCode: await session.exitCode(options), stdout, stderr };
}
