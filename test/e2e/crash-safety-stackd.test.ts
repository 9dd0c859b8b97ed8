import { describeCrashSafety } from './crash-safety.ts';
import { stackdFactory } from './stackd-factory.ts';

// The Docker issue's crash-safety scenario, unchanged, against a private stackd.
describeCrashSafety(stackdFactory);
