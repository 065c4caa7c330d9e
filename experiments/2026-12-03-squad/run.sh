#!/bin/bash
# SQuAD v1.1 extractive QA at a small budget (issue 13), from the repository root, one thread per process.
# Every run: 1 000 training questions (seeded sample, seed 0) of the 38 training articles, 2 epochs, batch 16,
# peak lr 3e-4, window 192 tokens; 500 evaluation questions (a fixed sample) of the 10 held-out articles.
export OMP_NUM_THREADS=1
common="--task squad --train-subset 1000 --epochs 2 --batch-size 16 --lr 3e-4 --eval-questions 500 --noise-seed 1 --seed 0"
# joint windows (BERT's layout: the paragraph again with every question), commit 4c7da2c, where joint was the only layout
./privtune finetune $common --out out/squad/none-m2-joint --split 2 --mechanism none
# the rest at commit 5d73744
./privtune finetune $common --out out/squad/none-m0-joint --split 0 --mechanism none --qa-upload joint
./privtune finetune $common --out out/squad/privtune-default-joint --split 2 --mechanism privtune --qa-upload joint
# separate uploads (the default: each context token uploaded once)
./privtune finetune $common --out out/squad/none-m2-separate --split 2 --mechanism none
./privtune finetune $common --out out/squad/dchi-eta10-separate --split 2 --mechanism dchi --eta 10
./privtune finetune $common --out out/squad/privtune-eta30-kappa0.7-separate --split 2 --mechanism privtune --eta 30 -P kappa=0.7
./privtune finetune $common --out out/squad/privtune-default-separate --split 2 --mechanism privtune
