import { canonicalJson } from '../base/index.ts';
import type { Action, ContainerRef } from './actions.ts';
import type { Plan, PlanNode } from './plan.ts';

/**
 * The golden form of a plan: byte-stable, one line per node, like Docker
 * Compose's `Plan.String()`, then one line per decision and per diagnostic:
 *
 *   [1,2] -> #3 service:web#1 createContainer 0123456789ab_app-web-1 "config changed: environment.MODE" [recreate:web#1]
 *
 *   recreate service:web#1: config changed: environment.MODE
 *
 *   warning STK4004: found containers of services this project no longer defines ...
 */
export function planToText(plan: Plan): string {
  const sections = [
    plan.nodes.map(nodeLine),
    plan.decisions.map((d) => `${d.bucket} ${d.resource}: ${d.reasons.join('; ')}`),
    plan.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`),
    plan.replan ? ['replan after images'] : [],
  ].filter((lines) => lines.length > 0);
  return sections.map((lines) => `${lines.join('\n')}\n`).join('\n');
}

export function nodeLine(node: PlanNode): string {
  const target = actionTarget(node.action);
  const group = node.group === undefined ? '' : ` [${node.group}]`;
  return `[${node.dependsOn.join(',')}] -> #${node.id} ${node.resource} ${node.action.kind}${target ? ` ${target}` : ''} ${JSON.stringify(node.cause)}${group}`;
}

/** What the action names, so a golden shows names, temporary names and rename targets. */
function actionTarget(action: Action): string {
  switch (action.kind) {
    case 'pullImage':
    case 'buildImage':
      return action.ref;
    case 'createNetwork':
    case 'removeNetwork':
    case 'createVolume':
    case 'removeVolume':
    case 'createContainer':
      return action.name;
    case 'startContainer':
    case 'stopContainer':
    case 'removeContainer':
      return refText(action.container);
    case 'renameContainer':
      return `${refText(action.container)} -> ${action.name}`;
    case 'connectNetwork':
    case 'disconnectNetwork':
      return `${refText(action.container)} ${action.network}`;
    case 'awaitCondition':
      return `${action.condition}${action.required ? '' : ' (optional)'}`;
  }
}

function refText(ref: ContainerRef): string {
  return ref.source === 'plan' ? `${ref.name}(#${ref.node})` : ref.name;
}

/** The machine form (`stack plan --format json`, `--out`): canonical JSON, keys sorted, so it is byte-stable too. */
export function planToJson(plan: Plan): string {
  return `${canonicalJson(plan, 2)}\n`;
}
