# Sourced by this folder's run scripts: every flag but the cells, ../2026-12-06-low-end-20k/run.sh's (MiniLM split at
# m = 2, 20 000 fine-tuning sentences, research noise seed 1, the fresh-noise attackers at their 4 000-sentence budgets).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
FLAGS=(--seeds 3 --train-subset 20000 --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000
  --contextual-epochs 6 --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20
  --attribute-texts 200 --keywords 50 --noise-seed 1)
