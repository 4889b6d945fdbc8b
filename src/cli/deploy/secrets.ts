/**
 * `secrets/make-secrets.sh`: the cluster's secrets, drawn at random once by the operator (never by the renderer,
 * whose output is the same for the same inventory and may be kept in version control). Three files, each read by
 * one kind of process only: civitas.env, patroni.env, nats.env.
 */
import type { Topology } from './topology.js';

/** Every variable each secrets file holds, and what reads it: the runbook and README.txt list them from here. */
export const SECRET_FILES = {
  'civitas.env': ['CIVITAS_SECRET_KEY', 'PGPASSWORD', 'NATS_TOKEN'],
  'patroni.env': [
    'PATRONI_SUPERUSER_PASSWORD',
    'PATRONI_REPLICATION_PASSWORD',
    'PATRONI_REWIND_PASSWORD',
    'CIVITAS_DATABASE_PASSWORD',
  ],
  'nats.env': ['NATS_TOKEN'],
} as const;

export function renderMakeSecrets(topology: Topology): string {
  return `#!/bin/sh
# The ${topology.cluster} cluster's secrets (rendered by civitas deploy render; the values are drawn when it runs).
#
#   sh make-secrets.sh [folder]   default folder: ${topology.secretsDir}
#
# Writes civitas.env, patroni.env and nats.env there (mode 0600) and refuses to replace them. Every node needs the
# same three files in ${topology.secretsDir}; never commit them. Random hex values need no quoting anywhere.
set -eu
umask 077
dir="\${1:-${topology.secretsDir}}"
command -v openssl >/dev/null || { echo "openssl is missing: apt-get install openssl" >&2; exit 1; }
mkdir -p "$dir"
for file in civitas.env patroni.env nats.env; do
  if [ -e "$dir/$file" ]; then echo "$dir/$file exists: not replaced" >&2; exit 1; fi
done
random() { openssl rand -hex 32; }
database=$(random)
nats=$(random)

cat >"$dir/civitas.env" <<EOF
# civitas: signing and encryption key, its database password (node-postgres reads PGPASSWORD), the NATS token
CIVITAS_SECRET_KEY=$(random)
PGPASSWORD=$database
NATS_TOKEN=$nats
# In production, messages need real providers; their secrets go here too, e.g.
# CIVITAS_NOTIFY_EMAIL_SMTP_URL=smtps://user:password@mail.example.org:465
# CIVITAS_NOTIFY_SMS_TOKEN=...
EOF

cat >"$dir/patroni.env" <<EOF
# Patroni: PostgreSQL's superuser, replication and pg_rewind passwords; civitas' own, set once by post-bootstrap.sh
PATRONI_SUPERUSER_PASSWORD=$(random)
PATRONI_REPLICATION_PASSWORD=$(random)
PATRONI_REWIND_PASSWORD=$(random)
CIVITAS_DATABASE_PASSWORD=$database
EOF

cat >"$dir/nats.env" <<EOF
# NATS: the token every client (civitas) presents
NATS_TOKEN=$nats
EOF
echo "wrote civitas.env, patroni.env and nats.env in $dir"
`;
}
