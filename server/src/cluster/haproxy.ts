/** One Mirsad node behind the balancer. */
export interface BalancedNode {
  name: string;
  /** Address and port, such as 10.0.0.11:8080. */
  address: string;
}

/** What the balancer's configuration is made of. */
export interface BalancerOptions {
  /** Where browsers connect, such as *:80 or 127.0.0.1:18080. */
  bind: string;
  nodes: readonly BalancedNode[];
  /** How often each node's /api/health is asked, ms. */
  checkIntervalMs?: number;
  /** Connections at once (each takes two file descriptors: the ulimit must allow it). */
  maxConnections?: number;
}

/** Connections at once by default: a ministry's rooms and walls, with room to spare. */
const MAX_CONNECTIONS = 20_000;

/** How often each node's health is checked by default, ms: with `fall 2`, a dead node is out within about 2 s. */
const CHECK_INTERVAL_MS = 1_000;

/**
 * HAProxy's configuration for the nodes of one room: HTTP and WebSocket on one front, each
 * node checked on GET /api/health, least connections between them.
 *
 * No sticky sessions: the web client speaks WebSocket only (no long-polling whose requests
 * must all reach the node that holds its session), a WebSocket is one TCP connection that
 * stays on the node it reached, and every REST call is answered the same by any node (they
 * share PostgreSQL and Redis). When a node dies, its sockets drop, reconnect through the
 * balancer to a live node, and resume from their last sequence.
 */
export function haproxyConfig(options: BalancerOptions): string {
  const interval = options.checkIntervalMs ?? CHECK_INTERVAL_MS;
  return `# Mirsad: a room of ${options.nodes.length} nodes behind one HAProxy.
global
    maxconn ${options.maxConnections ?? MAX_CONNECTIONS}
    log stdout format raw local0 notice

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # A WebSocket stays open for a shift; socket.io pings every 5 s, so an idle hour is no idle link.
    timeout tunnel 1h
    timeout client-fin 5s
    # A connection refused by a node that died a moment ago (before its checks fail) is tried on another.
    retries 3
    option redispatch
    # The nodes see the browser's address (set TRUST_PROXY to the balancer's address on each node).
    option forwardfor

frontend mirsad
    bind ${options.bind}
    default_backend mirsad_nodes

backend mirsad_nodes
    # A new connection goes to the node with the fewest: after a death, the survivors share the reconnects.
    balance leastconn
    option httpchk
    http-check send meth GET uri /api/health
    http-check expect status 200
    # A node that fails twice is taken out; once back, it takes new connections after two good checks.
    # A busy node may answer slowly: 3 s before a check counts as failed. Its open sockets are
    # left alone when it is taken out (a dead node's close by themselves; a hung one's are cut
    # by socket.io's own ping timeout, 10 s), so a slow moment never drops a whole room.
    timeout check 3s
    default-server inter ${interval}ms fall 2 rise 2
${options.nodes.map((node) => `    server ${node.name} ${node.address} check`).join('\n')}
`;
}
