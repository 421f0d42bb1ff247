"""Per-operation timings in pandas, for bench/ops_peers.ts.

Loads orders.csv once, then times each operation on the frame already in
memory with time.perf_counter (a warm-up, then REPS timed runs) and prints one
JSON object: {"version", "ops": {op: {"runs": [ms...], "check": {...}} | {"na": reason}}}.

Usage: /usr/bin/python3 pandas_ops.py ORDERS_CSV CATEGORIES_CSV SCRATCH_DIR REPS
"""
import json
import os
import sys
import time

import pandas as pd

orders_csv, categories_csv, scratch, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def check(df):
    """Row count and the sum of every numeric column (for the cross-engine check)."""
    sums = {c: float(df[c].sum()) for c in df.columns if pd.api.types.is_numeric_dtype(df[c])}
    return {"rows": int(len(df)), "sums": sums}


def timed(fn):
    result = fn()  # warm-up
    runs = []
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return {"runs": runs, "check": check(result)}


def has_parquet_engine():
    for name in ("pyarrow", "fastparquet"):
        try:
            __import__(name)
            return name
        except ImportError:
            pass
    return None


ops = {}
ops["read_csv"] = timed(lambda: pd.read_csv(orders_csv))
orders = pd.read_csv(orders_csv)
categories = pd.read_csv(categories_csv)
ops["query"] = timed(lambda: orders[orders["value"] > 100])
ops["groupby_agg"] = timed(
    lambda: orders.groupby("category", sort=True).agg(amount_sum=("amount", "sum"), amount_mean=("amount", "mean")).reset_index()
)
ops["join"] = timed(lambda: orders.merge(categories, on="category", how="inner"))
ops["sort"] = timed(lambda: orders.sort_values("value", kind="mergesort"))
engine = has_parquet_engine()
if engine:
    path = os.path.join(scratch, "pandas_orders.parquet")
    ops["to_parquet"] = timed(lambda: orders.to_parquet(path, compression="snappy", index=False) or orders)
    ops["read_parquet"] = timed(lambda: pd.read_parquet(path))
else:
    ops["to_parquet"] = {"na": "no pyarrow or fastparquet"}
    ops["read_parquet"] = {"na": "no pyarrow or fastparquet"}

print(json.dumps({"version": pd.__version__, "ops": ops}))
