#!/usr/bin/env python3
"""The bundled scenario static/scenarios/hundred-servers.json as a SimPy 4 model.

The same system the playground's engine simulates (src/sim/world/flow.rs, edge.rs `send`,
balancer.rs), so that simulated requests per wall second can be compared:

* Poisson arrivals at 1,800 requests per simulated second, each from a client drawn uniformly
  among 1,000 (drawn only to keep the same work per request: it matters for hashing alone);
* client -> balancer 60 ms;
* power of two choices: two distinct servers drawn uniformly, the one with fewer *active*
  requests wins (active = forwarded by the balancer, response or refusal not yet back through
  it), ties to the first drawn;
* balancer -> server 20 ms;
* 100 small servers: 2 workers, exponential service with mean 100 ms, a FIFO queue of 20
  beyond the busy workers; a request that finds the queue full is dropped (no retries), and
  its refusal travels 20 ms back to the balancer, where the active count drops;
* a response travels server -> balancer 20 ms (the active count drops there), then balancer
  -> client 60 ms, where the request is served with latency = delivery time - send time.

Usage: simpy_model.py SIMULATED_SECONDS [SEED]

Prints one line: simulated requests per wall second, then the requests, the wall seconds, and
served, dropped, in flight and mean latency, to check it is the same model as
`target/release/simulate static/scenarios/hundred-servers.json --seconds N`.
"""

import random
import sys
import time

import simpy

ARRIVAL_RATE = 1800.0  # requests per simulated second
CLIENTS = 1000
SERVERS = 100
WORKERS = 2
QUEUE = 20  # waiting beyond the busy workers
MEAN_SERVICE = 0.100  # seconds
CLIENT_TO_BALANCER = 0.060  # seconds, one way
BALANCER_TO_SERVER = 0.020  # seconds, one way


class Model:
    def __init__(self, env, seed):
        self.env = env
        self.rng = random.Random(seed)
        self.servers = [simpy.Resource(env, capacity=WORKERS) for _ in range(SERVERS)]
        self.active = [0] * SERVERS
        self.arrived = 0
        self.served = 0
        self.dropped = 0
        self.latency_sum = 0.0

    def arrivals(self):
        env, rng = self.env, self.rng
        while True:
            yield env.timeout(rng.expovariate(ARRIVAL_RATE))
            client = rng.randrange(CLIENTS)
            self.arrived += 1
            env.process(self.request(client))

    def pick(self):
        """Power of two choices on the balancer's active counts."""
        rng, active = self.rng, self.active
        i = rng.randrange(SERVERS)
        j = rng.randrange(SERVERS - 1)
        if j >= i:
            j += 1
        return j if active[j] < active[i] else i

    def request(self, client):
        env = self.env
        created = env.now
        yield env.timeout(CLIENT_TO_BALANCER)
        s = self.pick()
        self.active[s] += 1
        yield env.timeout(BALANCER_TO_SERVER)
        server = self.servers[s]
        if server.count >= WORKERS and len(server.queue) >= QUEUE:
            # Queue full: dropped here; the refusal goes back to the balancer.
            self.dropped += 1
            yield env.timeout(BALANCER_TO_SERVER)
            self.active[s] -= 1
            return
        with server.request() as worker:
            yield worker
            yield env.timeout(self.rng.expovariate(1.0 / MEAN_SERVICE))
        yield env.timeout(BALANCER_TO_SERVER)
        self.active[s] -= 1
        yield env.timeout(CLIENT_TO_BALANCER)
        self.served += 1
        self.latency_sum += env.now - created


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: simpy_model.py SIMULATED_SECONDS [SEED]")
    seconds = float(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) == 3 else 42
    env = simpy.Environment()
    model = Model(env, seed)
    env.process(model.arrivals())
    start = time.perf_counter()
    env.run(until=seconds)
    wall = time.perf_counter() - start
    m = model
    in_flight = m.arrived - m.served - m.dropped
    mean_ms = 1000.0 * m.latency_sum / m.served if m.served else 0.0
    print(
        f"SimPy {simpy.__version__}: {m.arrived / wall:.0f} simulated requests per wall second "
        f"({m.arrived} requests in {wall:.3f} s, {seconds:g} simulated s); "
        f"served {m.served} ({100.0 * m.served / max(m.arrived, 1):.2f}%), dropped {m.dropped}, "
        f"in flight {in_flight}, mean latency {mean_ms:.1f} ms"
    )


if __name__ == "__main__":
    main()
