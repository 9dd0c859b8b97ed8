/** Node's process.arch in the GOARCH spelling image configs and indexes use. */
export function goArch(arch: string): string {
  const map: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };
  return map[arch] ?? arch;
}
