import { describeBadInput } from './bad-input.ts';
import { dockerFactory } from './harness.ts';
import { describeScenarios } from './scenarios.ts';

describeScenarios(dockerFactory);
describeBadInput(dockerFactory);
