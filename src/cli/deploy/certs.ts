/**
 * `certs/make-certs.sh`: the cluster's own CA and one certificate per node, made with the openssl command. Each
 * node's key and certificate land in `<out>/<node>/certs/`, HAProxy's in `<out>/haproxy/certs/`, the CA's key in
 * `<out>/certs/`: copy a node's folder and it has what its configuration names.
 */
import { isIpv4 } from './inventory.js';
import type { NodePlan, Topology } from './topology.js';

/** subjectAltName entries for a name or address: `IP:10.0.0.11` or `DNS:civitas-1`. */
function sanOf(value: string): string {
  return isIpv4(value) ? `IP:${value}` : `DNS:${value}`;
}

function sans(values: readonly string[]): string {
  return [...new Set(values)].map(sanOf).join(',');
}

/**
 * A node's certificate names the node and its address. A PostgreSQL node's also names HAProxy, because civitas
 * reaches PostgreSQL through HAProxy and checks the name it dialled (sslmode=verify-full). A NATS node reached by
 * IP address also carries `localhost`: the NATS client civitas uses (nats.js) upgrades such a connection to TLS
 * without a server name, so Node checks the certificate against "localhost" instead of the address.
 */
export function nodeSubjectAltNames(topology: Topology, node: NodePlan): string {
  const { haproxy } = topology;
  const throughHaproxy = node.infra.includes('postgres') ? [haproxy.name, haproxy.address] : [];
  const natsByAddress = node.infra.includes('nats') && isIpv4(node.address) ? ['localhost'] : [];
  return sans([node.name, node.address, ...throughHaproxy, ...natsByAddress]);
}

export function haproxySubjectAltNames(topology: Topology): string {
  const { haproxy } = topology;
  return sans([haproxy.name, haproxy.address, ...haproxy.serverNames]);
}

export function renderMakeCerts(topology: Topology): string {
  const issue = topology.nodes.map(
    (node) => `issue ../${node.name}/certs node ${node.name} "${nodeSubjectAltNames(topology, node)}"`,
  );
  const install = topology.nodes.map((node) => `  place ../${node.name}/certs "${node.dirs.config}/certs" node`);
  return `#!/bin/sh
# The ${topology.cluster} cluster's CA and certificates, made with openssl (rendered by civitas deploy render).
#
#   sh make-certs.sh            make what is missing: the CA (ca.key, ca.crt here), then for each node
#                               ../<node>/certs/{ca.crt,node.crt,node.key} and ../haproxy/certs/{ca.crt,haproxy.pem}
#   sh make-certs.sh --install  also copy each node's files to the certs folder its configuration names
#                               (for a lab whose nodes all live on this machine)
#
# Existing keys and certificates are kept, so running it again is harmless. Keep ca.key off the servers.
# Certificates last DAYS days (default 825); renew by deleting a node's node.crt and running this again.
set -eu
umask 077
cd "$(dirname "$0")"
DAYS="\${DAYS:-825}"
command -v openssl >/dev/null || { echo "openssl is missing: apt-get install openssl" >&2; exit 1; }

if [ ! -f ca.key ]; then
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -sha256 -days 3650 \\
    -keyout ca.key -out ca.crt -subj "/CN=${topology.cluster} cluster CA" \\
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  echo "made the cluster CA: $(pwd)/ca.crt"
fi

# issue <folder> <file name> <common name> <subjectAltName>
issue() {
  mkdir -p "$1"
  cp ca.crt "$1/ca.crt"
  [ -f "$1/$2.crt" ] && return 0
  openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \\
    -keyout "$1/$2.key" -out "$1/$2.csr" -subj "/CN=$3" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,keyEncipherment\\nextendedKeyUsage=serverAuth,clientAuth\\nsubjectAltName=%s\\n' "$4" >"$1/$2.ext"
  openssl x509 -req -in "$1/$2.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$DAYS" -sha256 \\
    -extfile "$1/$2.ext" -out "$1/$2.crt" 2>/dev/null
  rm -f "$1/$2.csr" "$1/$2.ext"
  echo "made $1/$2.crt for $3 ($4)"
}

${issue.join('\n')}
issue ../haproxy/certs haproxy ${topology.haproxy.name} "${haproxySubjectAltNames(topology)}"
# HAProxy wants the certificate and its key in one file.
cat ../haproxy/certs/haproxy.crt ../haproxy/certs/haproxy.key >../haproxy/certs/haproxy.pem

# place <from> <to> <file name>
place() {
  [ "$(cd "$1" && pwd)" = "$(mkdir -p "$2" && cd "$2" && pwd)" ] && return 0
  cp "$1/ca.crt" "$1/$3.crt" "$1/$3.key" "$2/"
  [ ! -f "$1/$3.pem" ] || cp "$1/$3.pem" "$2/"
  echo "copied $1 to $2"
}

if [ "\${1:-}" = "--install" ]; then
${install.join('\n')}
  place ../haproxy/certs "${topology.haproxy.certs.pem.replace(/\/haproxy\.pem$/, '')}" haproxy
fi
`;
}
