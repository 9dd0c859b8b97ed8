import { describe, expect, it } from 'vitest';
import { parseNatPresence, renderNatRules } from './nat.ts';

const nothing = { chains: new Set<string>(), jumps: [] };

describe('renderNatRules', () => {
  it('declares our chains (which empties them), adds missing jumps, and writes rules per network', () => {
    expect(
      renderNatRules(
        '1a2b',
        [
          { bridge: 'stk1a2b-2', subnet: '10.77.1.0/24', internal: true },
          { bridge: 'stk1a2b-1', subnet: '10.77.0.0/24', internal: false },
        ],
        nothing,
      ),
    ).toBe(
      [
        '*filter',
        ':STK-1a2b-FWD - [0:0]',
        '-I FORWARD 1 -j STK-1a2b-FWD',
        '-A STK-1a2b-FWD -o stk1a2b-1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A STK-1a2b-FWD -i stk1a2b-1 -j ACCEPT',
        '-A STK-1a2b-FWD -i stk1a2b-2 -o stk1a2b-2 -j ACCEPT',
        '-A STK-1a2b-FWD -i stk1a2b-2 -j DROP',
        '-A STK-1a2b-FWD -o stk1a2b-2 -j DROP',
        'COMMIT',
        '*nat',
        ':STK-1a2b-POST - [0:0]',
        '-A POSTROUTING -j STK-1a2b-POST',
        '-A STK-1a2b-POST -s 10.77.0.0/24 ! -o stk1a2b-1 -j MASQUERADE',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('does not add a jump that is already there', () => {
    const save = '*filter\n:FORWARD DROP [0:0]\n:STK-1a2b-FWD - [0:0]\n-A FORWARD -j STK-1a2b-FWD\n-A FORWARD -j DOCKER-USER\nCOMMIT\n*nat\n:STK-1a2b-POST - [0:0]\n-A POSTROUTING -j STK-1a2b-POST\nCOMMIT\n';
    const text = renderNatRules('1a2b', [{ bridge: 'stk1a2b-1', subnet: '10.77.0.0/24', internal: false }], parseNatPresence('1a2b', save)) ?? '';
    expect(text).not.toContain('-I FORWARD');
    expect(text).not.toContain('-A POSTROUTING');
  });

  it('removes the jumps (every copy) and chains when no network is left, and nothing when nothing is there', () => {
    const save = '*filter\n:STK-1a2b-FWD - [0:0]\n:STK-9999-FWD - [0:0]\n-A FORWARD -j STK-1a2b-FWD\n-A FORWARD -j STK-1a2b-FWD\n-A FORWARD -j STK-9999-FWD\n-A STK-1a2b-FWD -i x -j ACCEPT\nCOMMIT\n*nat\n:STK-1a2b-POST - [0:0]\n-A POSTROUTING -j STK-1a2b-POST\nCOMMIT\n';
    expect(renderNatRules('1a2b', [], parseNatPresence('1a2b', save))).toBe(
      ['*filter', '-D FORWARD -j STK-1a2b-FWD', '-D FORWARD -j STK-1a2b-FWD', '-F STK-1a2b-FWD', '-X STK-1a2b-FWD', 'COMMIT', '*nat', '-D POSTROUTING -j STK-1a2b-POST', '-F STK-1a2b-POST', '-X STK-1a2b-POST', 'COMMIT', ''].join('\n'),
    );
    expect(renderNatRules('1a2b', [], nothing)).toBeUndefined();
  });
});
