import { StackError } from '../base/index.ts';
import type { ActionEnv } from './action-env.ts';
import { awaitCondition, awaitReady } from './await-actions.ts';
import { createContainer, runContainerAction } from './container-actions.ts';
import type { EngineNode } from './engine-actions.ts';
import type { NodeContext, NodeOutcome } from './executor.ts';
import { runResourceAction } from './resource-actions.ts';

/**
 * The one mapping from an action to what the engine does: one handler per
 * action kind, each one runtime call (see the README for the two that
 * observe instead). Nothing here chooses: the plan said what to do.
 */
export async function runAction(node: EngineNode, env: ActionEnv, context: NodeContext): Promise<NodeOutcome> {
  const action = node.action;
  switch (action.kind) {
    case 'createContainer':
      return createContainer(action, env, context);
    case 'awaitCondition':
      return awaitCondition(action, env, context);
    case 'awaitReady':
      return awaitReady(action, env, context);
    default: {
      const service = /^service:([^#]+)#\d+$/.exec(node.resource)?.[1];
      const outcome = (await runContainerAction(action, service, env, context)) ?? (await runResourceAction(action, env, context));
      if (outcome === undefined) throw new StackError({ code: 'STK9001', errorClass: 'Internal', message: `no handler for action ${action.kind}` });
      return outcome;
    }
  }
}
