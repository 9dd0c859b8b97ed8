// Stands in, in the bundle only, for the parts of dockerode's dependency tree
// that stack never uses: ssh2 (ssh:// Docker hosts, which stack refuses with
// its own message) and gRPC/protobuf (BuildKit sessions; stack builds through
// the classic /build endpoint). Loading them cost about 70 ms of every
// command that talks to a runtime. Anything that reaches for them at run time
// fails loudly instead of half-working.
'use strict';
function unavailable(path) {
  const fail = function () {
    throw new Error(`${path} is not part of stack's bundle (SSH Docker hosts and BuildKit sessions are not supported)`);
  };
  return new Proxy(fail, {
    get(target, name) {
      if (name === '__esModule') return false;
      if (typeof name === 'symbol') return target[name];
      return unavailable(`${path}.${String(name)}`);
    },
    apply: () => fail(),
    construct: () => fail(),
  });
}
module.exports = unavailable('dockerode optional dependency');
