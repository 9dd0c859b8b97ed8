import type { ConfigObjConfig, NetworkConfig, Project, SecretConfig, ServiceConfig, VolumeConfig } from '../../spec/index.ts';

/**
 * Builds a Project in TypeScript for planner tests, with the defaults the
 * loader gives (names `<project>_<key>`, working directory, no profiles),
 * so a test states only what its rule is about.
 */
export class ProjectBuilder {
  readonly #name: string;
  readonly #services: Record<string, ServiceConfig> = {};
  readonly #disabled: Record<string, ServiceConfig> = {};
  readonly #networks: Record<string, NetworkConfig> = {};
  readonly #volumes: Record<string, VolumeConfig> = {};
  readonly #configs: Record<string, ConfigObjConfig> = {};
  readonly #secrets: Record<string, SecretConfig> = {};
  readonly #environment: Record<string, string> = {};

  constructor(name = 'app') {
    this.#name = name;
  }

  service(name: string, config: Omit<ServiceConfig, 'name'> = {}): this {
    this.#services[name] = { name, ...config };
    return this;
  }

  /** A service a profile disables: defined, but not enabled. */
  disabled(name: string, config: Omit<ServiceConfig, 'name'> = {}): this {
    this.#disabled[name] = { name, ...config };
    return this;
  }

  network(key: string, config: Partial<NetworkConfig> = {}): this {
    this.#networks[key] = { name: config.external ? key : `${this.#name}_${key}`, ...config };
    return this;
  }

  volume(key: string, config: Partial<VolumeConfig> = {}): this {
    this.#volumes[key] = { name: config.external ? key : `${this.#name}_${key}`, ...config };
    return this;
  }

  config(key: string, config: Omit<ConfigObjConfig, 'name'>): this {
    this.#configs[key] = { name: `${this.#name}_${key}`, ...config };
    return this;
  }

  secret(key: string, config: Omit<SecretConfig, 'name'>): this {
    this.#secrets[key] = { name: `${this.#name}_${key}`, ...config };
    return this;
  }

  env(name: string, value: string): this {
    this.#environment[name] = value;
    return this;
  }

  build(): Project {
    return {
      name: this.#name,
      working_dir: `/srv/${this.#name}`,
      config_files: [`/srv/${this.#name}/compose.yaml`],
      services: { ...this.#services },
      disabled_services: { ...this.#disabled },
      networks: { ...this.#networks },
      volumes: { ...this.#volumes },
      secrets: { ...this.#secrets },
      configs: { ...this.#configs },
      environment: { ...this.#environment },
      profiles: [],
    };
  }
}

export function projectBuilder(name = 'app'): ProjectBuilder {
  return new ProjectBuilder(name);
}
