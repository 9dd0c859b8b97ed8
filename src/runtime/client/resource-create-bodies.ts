/**
 * The bodies of Docker's `POST /networks/create` and `POST /volumes/create`
 * (API 1.41), with Docker's field names, for the same reason as
 * ContainerCreateBody: the planner states the request, the client sends it.
 */

export interface NetworkCreateBody {
  readonly Name: string;
  /** `bridge` (the default), `host`, `null`, `macvlan`, `ipvlan`, `overlay`. */
  readonly Driver?: string;
  /** Refuse a second network of the same name (Docker allows duplicates otherwise). */
  readonly CheckDuplicate?: boolean;
  readonly Internal?: boolean;
  readonly Attachable?: boolean;
  readonly EnableIPv6?: boolean;
  readonly Ingress?: boolean;
  readonly IPAM?: {
    readonly Driver?: string;
    readonly Config?: readonly IpamPoolSpec[];
    readonly Options?: Readonly<Record<string, string>>;
  };
  readonly Options?: Readonly<Record<string, string>>;
  readonly Labels?: Readonly<Record<string, string>>;
}

export interface IpamPoolSpec {
  readonly Subnet?: string;
  readonly IPRange?: string;
  readonly Gateway?: string;
  readonly AuxiliaryAddresses?: Readonly<Record<string, string>>;
}

export interface VolumeCreateBody {
  /** Absent: the engine picks a random name (an anonymous volume). */
  readonly Name?: string;
  readonly Driver?: string;
  readonly DriverOpts?: Readonly<Record<string, string>>;
  readonly Labels?: Readonly<Record<string, string>>;
}
