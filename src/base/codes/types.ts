/** One entry of the code catalogue. */
export interface CodeInfo {
  /** PascalCase name, stable: `DependencyCycle`. */
  readonly name: string;
  /** What the code means, for the catalogue and `stack help codes`. */
  readonly summary: string;
}

export type CodeTable = Readonly<Record<string, CodeInfo>>;
