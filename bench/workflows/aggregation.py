"""Aggregation: the same logic as aggregation.yml, in pandas.

Usage: python3 aggregation.py DATA_DIR OUT_DIR  (outputs are CSV: no pyarrow here)
"""
import sys

import pandas as pd

data, out = sys.argv[1], sys.argv[2]
orders = pd.read_csv(f"{data}/orders.csv")
by_category = orders.groupby("category", sort=True).agg(
    amount_sum=("amount", "sum"),
    amount_mean=("amount", "mean"),
    amount_min=("amount", "min"),
    amount_max=("amount", "max"),
    value_mean=("value", "mean"),
    value_std=("value", "std"),
).reset_index()
by_region_date = orders.groupby(["region", "date"], sort=True).agg(
    amount_sum=("amount", "sum"),
    amount_count=("amount", "count"),
    value_max=("value", "max"),
).reset_index()
by_category.to_csv(f"{out}/agg_by_category.csv", index=False)
by_region_date.to_csv(f"{out}/agg_by_region_date.csv", index=False)
