#!/usr/bin/env bash
# Regenerates completions/ (bash, zsh, fish) and man/*.1 from the command model (see GenerateDocs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f cli/target/calicoctl.jar ] || mvn -q -B -DskipTests package
rm -f man/*.1
java -cp cli/target/calicoctl.jar dev.calicoctl.cli.GenerateDocs "$root"
echo "regenerated completions/ (bash, zsh, fish) and $(ls man/*.1 | wc -l) man pages"
