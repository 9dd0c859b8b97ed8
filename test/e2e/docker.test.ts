import { describeBadInput } from './bad-input.ts';
import { describeCommands } from './commands.ts';
import { dockerFactory } from './harness.ts';
import { describeScenarios } from './scenarios.ts';

describeScenarios(dockerFactory);
describeCommands(dockerFactory);
describeBadInput(dockerFactory);
