"""The seed pipeline (examples/seed/pipeline.yml) in pandas, as a whole process.

read data.csv → value > 100 → group by category: amount sum, mean → CSV
(no pyarrow here, so CSV instead of Parquet; the output is 100 rows).

Usage: /usr/bin/python3 seed_pipeline.py DATA_DIR OUT_DIR
"""
import sys

import pandas as pd

data, out = sys.argv[1], sys.argv[2]
df = pd.read_csv(f"{data}/data.csv")
df = df[df["value"] > 100]
agg = df.groupby("category", sort=True).agg(amount_sum=("amount", "sum"), amount_mean=("amount", "mean")).reset_index()
agg.to_csv(f"{out}/output.csv", index=False)
