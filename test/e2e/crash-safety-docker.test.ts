import { describeCrashSafety } from './crash-safety.ts';
import { dockerFactory } from './harness.ts';

describeCrashSafety(dockerFactory);
