#!/usr/bin/env bash
# sparse_and_sweep.sh — trains sparse_and_sat and sparse_and_mlp with five seeds (the material's
# recipe: T=30, 50 training / 500 validation samples, 500 full-batch epochs, Adam 1e-3 wd 1e-4)
# and prints a markdown table of final validation accuracy with the medians.
# usage: tools/sparse_and_sweep.sh [SINTER] [OUTDIR]
set -euo pipefail
sinter=${1:-build/sinter}
out=${2:-runs/sparse_and_sweep}
seeds=(0 1 2 3 4)
echo "| seed | relevant positions | SAT val. accuracy | MLP val. accuracy |"
echo "|---|---|---|---|"
sat=(); mlp=()
for s in "${seeds[@]}"; do
  "$sinter" train graphs/sparse_and_sat.yaml --seed "$s" --out "$out/sat$s" --quiet
  "$sinter" train graphs/sparse_and_mlp.yaml --seed "$s" --out "$out/mlp$s" --quiet
  a=$(python3 -c "import json; print(json.load(open('$out/sat$s/summary.json'))['final']['test_accuracy'])")
  b=$(python3 -c "import json; print(json.load(open('$out/mlp$s/summary.json'))['final']['test_accuracy'])")
  pos=$(python3 -c "import json; print(json.load(open('$out/sat$s/summary.json'))['data']['relevant_positions'])")
  printf "| %s | %s | %.3f | %.3f |\n" "$s" "$pos" "$a" "$b"
  sat+=("$a"); mlp+=("$b")
done
python3 - "${sat[*]}" "${mlp[*]}" <<'PY'
import statistics, sys
sat = [float(x) for x in sys.argv[1].split()]
mlp = [float(x) for x in sys.argv[2].split()]
print(f"| **median** | | **{statistics.median(sat):.3f}** | **{statistics.median(mlp):.3f}** |")
PY
