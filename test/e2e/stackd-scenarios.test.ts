import { describeBadInput } from './bad-input.ts';
import { describeCommands } from './commands.ts';
import { describeScenarios } from './scenarios.ts';
import { stackdFactory } from './stackd-factory.ts';

// The Docker issue's end-to-end suites, unchanged, against a private stackd (see stackd-factory.ts).
describeScenarios(stackdFactory);
describeCommands(stackdFactory);
describeBadInput(stackdFactory);
