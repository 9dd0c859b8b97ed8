import { dockerFactory } from './harness.ts';
import { describeDashboardSource } from './tui-source.ts';

// The dashboard's source against a real dockerd (the same suite runs against stackd in tui-source-stackd.test.ts).
describeDashboardSource(dockerFactory);
